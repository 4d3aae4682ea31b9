"""Each account's PostgreSQL login: a placeholder that does nothing.

The PostgreSQL helper's module of the same name replaces this one (the lead merges it over
it): there, ``sync_login`` creates or alters the account's login role and its group roles, and
``set_login_password`` sets the login's password. Both are no-ops on SQLite and on a
PostgreSQL server whose roles are not set up. The account services call them inside their own
unit of work, so the login changes with the account or not at all.
"""

from __future__ import annotations

from resettle.services.unit_of_work import UnitOfWork


def sync_login(uow: UnitOfWork, staff_id: int) -> None:
    """Make the account's login match it (exists, active, its roles). Does nothing here."""


def set_login_password(uow: UnitOfWork, staff_id: int, password: str) -> None:
    """Give the account's login this password. Does nothing here."""
