"""What an attempt to sign in, change a password or create the first administrator came to.

The access dialogs take plain callables of these shapes, so they know nothing of the services
that check passwords: the app passes functions that call them, tests pass stubs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttemptOutcome:
    ok: bool
    #: Shown under the form when not ok ("The user name or password is not right.").
    message: str = ""
    #: Signed in, but the password must be changed now (an administrator reset it).
    must_change_password: bool = False


#: (user name, password)
SignInAttempt = Callable[[str, str], AttemptOutcome]
#: (current password, new password); a refusal's message is the policy problems joined.
ChangeAttempt = Callable[[str, str], AttemptOutcome]
#: (user name, full name, password)
CreateAdminAttempt = Callable[[str, str, str], AttemptOutcome]
#: (password) of the account signed in, to unlock the idle lock.
UnlockAttempt = Callable[[str], AttemptOutcome]

__all__ = [
    "AttemptOutcome",
    "ChangeAttempt",
    "CreateAdminAttempt",
    "SignInAttempt",
    "UnlockAttempt",
]
