"""A temporary password on an account's own row, as an administrator's reset gives it: the
password rules checked, the application's hash, a change required at the next sign-in and
any lock lifted. The caller sets the login's password (``database_logins.set_login_password``)
and writes the audit row, in its own unit of work; ``authentication.reset_password`` and the
owner's ``setup_roles --reset-admin`` both use it."""

from __future__ import annotations

from resettle.domain.password_policy import require_acceptable_password
from resettle.services import passwords
from resettle.storage.base import utc_now
from resettle.storage.tables.staff import StaffRow


def set_password_hash(row: StaffRow, password: str, must_change: bool) -> None:
    row.password_hash = passwords.hash_password(password)
    row.must_change_password = must_change
    row.password_changed_at = utc_now()


def give_temporary_password(row: StaffRow, temporary: str) -> None:
    """Raises ``PasswordRejected`` (nothing changed) when the password breaks a rule."""
    require_acceptable_password(temporary, row.username, row.display_name)
    set_password_hash(row, temporary, must_change=True)
    row.failed_sign_ins, row.locked_until = 0, None
