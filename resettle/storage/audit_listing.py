"""Reading audit rows for ``resettle audit list``: newest first, filtered by who acted or was
acted on, the person, the action and the time, with the acting account's user name. Read on
the connection the caller opened (the database as it is, like the chain's check)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from resettle.domain.audit_chain import canonical_details
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.staff import StaffRow

#: The entity types of rows about an account (``account.signed_in``, ``staff.created``...).
ACCOUNT_ENTITIES = ("account", "staff")


@dataclass(frozen=True)
class ListedRow:
    seq: int
    at: dt.datetime
    actor: str | None
    action: str
    entity_type: str
    entity_id: int | None
    person_id: int | None
    details: str


@dataclass(frozen=True)
class AuditFilter:
    #: Rows the account did, or that are about the account (its sign-ins, its roles).
    staff_id: int | None = None
    person_id: int | None = None
    action: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    limit: int = 100


def listed_rows(connection: Connection, wanted: AuditFilter) -> list[ListedRow]:
    log = AuditEntryRow
    query = (
        select(
            log.seq,
            log.at,
            StaffRow.username,
            log.action,
            log.entity_type,
            log.entity_id,
            log.person_id,
            log.details,
        )
        .outerjoin(StaffRow, StaffRow.id == log.actor_id)
        .order_by(log.seq.desc())
        .limit(wanted.limit)
    )
    if wanted.staff_id is not None:
        query = query.where(
            or_(
                log.actor_id == wanted.staff_id,
                log.entity_type.in_(ACCOUNT_ENTITIES) & (log.entity_id == wanted.staff_id),
            )
        )
    if wanted.person_id is not None:
        query = query.where(log.person_id == wanted.person_id)
    if wanted.action is not None:
        query = query.where(log.action == wanted.action)
    if wanted.start is not None:
        query = query.where(log.at >= wanted.start)
    if wanted.end is not None:
        query = query.where(log.at < wanted.end)
    return [
        ListedRow(
            seq=row[0],
            at=row[1],
            actor=row[2],
            action=row[3],
            entity_type=row[4],
            entity_id=row[5],
            person_id=row[6],
            details=canonical_details(row[7] or {}),
        )
        for row in connection.execute(query)
    ]
