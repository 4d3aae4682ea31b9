"""Passwords typed at a prompt that does not echo them, and only at a terminal.

Without a terminal (a script, a pipe, a scheduled job) there is nobody to type, and
``getpass`` would fall back to reading the standard input with a warning that the password
may be echoed. Resettle refuses instead, naming the variable a script sets: the README and
docs/accounts.md promise the prompt for people and the variable for scripts.
"""

from __future__ import annotations

import getpass
import sys

from resettle.domain.errors import DomainError


class NoTerminalForPassword(DomainError):
    code = "account.no_terminal_for_password"

    def __init__(self, field: str, env: str) -> None:
        self.env = env
        super().__init__(
            f"{field}: there is no terminal to type it at; a script sets it in {env} instead."
        )


def has_terminal() -> bool:
    """True when the standard input is a terminal someone can type at."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def typed_password(prompt: str, env: str) -> str:
    """The password typed at ``prompt`` ("Password: "), not echoed. Refused without a
    terminal (``NoTerminalForPassword`` names ``env``); "" when the input ends."""
    if not has_terminal():
        raise NoTerminalForPassword(prompt.rstrip(": "), env)
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return ""
