"""``resettle audit list``: the audit trail read by whoever checks it (a data-protection
officer, an administrator looking into refused sign-ins), with the same access as
``audit verify``: the database as it is, no sign-in to the app (an encrypted file with any
account's key slot; PostgreSQL with the owner's URL, since staff logins may not read who
acted). Rows hold codes and ids only, so the listing shows a person by internal id.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.exc import DBAPIError

from resettle.domain.errors import ValidationFailed
from resettle.services.audit_chain import require_chain, unreadable_trail
from resettle.storage.audit_listing import AuditFilter, ListedRow, listed_rows
from resettle.storage.database import Database


def list_audit(
    database: Database,
    wanted: AuditFilter,
    *,
    username: str | None = None,
    prison_number: str | None = None,
) -> list[ListedRow]:
    """The rows ``wanted`` selects, newest first; ``username`` and ``prison_number`` narrow
    it to an account (what it did and what was done to it) or a person still held."""
    require_chain(database)
    try:
        with database.uow() as uow:
            if username is not None:
                account = uow.staff.by_username(username)
                if account is None:
                    raise ValidationFailed.single(
                        "account", "unknown", "Account: no account has that user name"
                    )
                wanted = replace(wanted, staff_id=account.id)
            if prison_number is not None:
                person = uow.people.by_prison_number(prison_number)
                if person is None:
                    raise ValidationFailed.single(
                        "prison_number",
                        "unknown",
                        "Prison number: no person with that prison number is held (an "
                        "erased person's rows: --person-id, the id on their erasure certificate)",
                    )
                wanted = replace(wanted, person_id=person.id)
            return listed_rows(uow.session.connection(), wanted)
    except DBAPIError as error:
        raise unreadable_trail(database, error) from None
