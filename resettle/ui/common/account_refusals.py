"""Refusals that are about the account, not the action: disabled since signing in
(``InactiveAccount``), or a password an administrator reset that must be changed first
(``PasswordChangeRequired``).

Any action may meet one (``Workspace.run`` re-reads the account before each). Wherever a failure
would be shown as a message (``worker.show_failure``, ``messages.show_error``, an exception that
escapes a slot), it is passed here instead, once, and the app (``ui/app_session.py``) signs out
or asks for the new password. Nothing else in the app needs to know.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from resettle.domain.permissions import InactiveAccount
from resettle.services.authentication import PasswordChangeRequired


class AccountRefusals(QObject):
    #: The error (``InactiveAccount`` or ``PasswordChangeRequired``).
    refused = Signal(object)


_refusals: AccountRefusals | None = None


def account_refusals() -> AccountRefusals:
    """The one notice of the application (made on first use)."""
    global _refusals
    if _refusals is None:
        _refusals = AccountRefusals()
    return _refusals


def is_account_refusal(error: object) -> bool:
    return isinstance(error, InactiveAccount | PasswordChangeRequired)


def divert(error: object) -> bool:
    """True, having announced it, when ``error`` is about the account (show nothing else)."""
    if not is_account_refusal(error):
        return False
    account_refusals().refused.emit(error)
    return True


__all__ = ["AccountRefusals", "account_refusals", "divert", "is_account_refusal"]
