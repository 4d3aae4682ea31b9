"""Reads and writes of programme referrals, their history and their group places.

History rows are only ever added (``add_history``): nothing here changes or deletes one. A
referral's revision advances with a compare-and-swap (``claim``), so two moves from the same
revision cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from resettle.storage.base import UtcDateTime
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeRow,
)


class ProgrammeReferralsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def database_now(self) -> dt.datetime:
        """The database's clock (history times are database time)."""
        now = self._session.scalar(select(func.current_timestamp(type_=UtcDateTime())))
        assert isinstance(now, dt.datetime)
        return now

    # --- referrals ------------------------------------------------------------------------

    def add(self, row: ProgrammeReferralRow | ProgrammeGroupMemberRow) -> None:
        self._session.add(row)
        self._session.flush()

    def referral(self, referral_id: int) -> ProgrammeReferralRow | None:
        return self._session.get(ProgrammeReferralRow, referral_id)

    def referrals_of(self, person_id: int) -> list[ProgrammeReferralRow]:
        return list(
            self._session.scalars(
                select(ProgrammeReferralRow)
                .where(ProgrammeReferralRow.person_id == person_id)
                .order_by(ProgrammeReferralRow.referred_at.desc(), ProgrammeReferralRow.id.desc())
            )
        )

    def claim(self, referral_id: int, expected_revision: int) -> bool:
        """Advance the referral's revision from ``expected_revision``; False when someone
        changed it since."""
        result = self._session.execute(
            update(ProgrammeReferralRow)
            .where(
                ProgrammeReferralRow.id == referral_id,
                ProgrammeReferralRow.revision == expected_revision,
            )
            .values(revision=expected_revision + 1)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)

    def reload(self, row: ProgrammeReferralRow) -> None:
        self._session.refresh(row)

    # --- history --------------------------------------------------------------------------

    def add_history(self, row: ProgrammeReferralHistoryRow) -> None:
        self._session.add(row)
        self._session.flush()

    def history_of(self, referral_ids: Collection[int]) -> list[ProgrammeReferralHistoryRow]:
        """The entries of the referrals, oldest first."""
        if not referral_ids:
            return []
        return list(
            self._session.scalars(
                select(ProgrammeReferralHistoryRow)
                .where(ProgrammeReferralHistoryRow.referral_id.in_(sorted(referral_ids)))
                .order_by(ProgrammeReferralHistoryRow.id)
            )
        )

    def last_entry(self, referral_id: int) -> ProgrammeReferralHistoryRow | None:
        return self._session.scalar(
            select(ProgrammeReferralHistoryRow)
            .where(ProgrammeReferralHistoryRow.referral_id == referral_id)
            .order_by(ProgrammeReferralHistoryRow.id.desc())
            .limit(1)
        )

    # --- group places ---------------------------------------------------------------------

    def group_for_update(self, group_id: int) -> ProgrammeGroupRow | None:
        """The group, its places counted against its capacity one giver at a time: on
        PostgreSQL a transaction-scoped advisory lock on the group (the programme team may
        not lock the group's row, which it may not update); SQLite writes one at a time."""
        if self._session.get_bind().dialect.name == "postgresql":
            self._session.execute(
                text("SELECT pg_advisory_xact_lock(hashtext('programme_group'), :group_id)"),
                {"group_id": group_id},
            )
        return self._session.get(ProgrammeGroupRow, group_id)

    def places_taken(self, group_id: int) -> int:
        return int(
            self._session.scalar(
                select(func.count())
                .select_from(ProgrammeGroupMemberRow)
                .where(
                    ProgrammeGroupMemberRow.group_id == group_id,
                    ProgrammeGroupMemberRow.left_at.is_(None),
                )
            )
            or 0
        )

    def places_taken_at(self, establishment_id: int) -> dict[int, int]:
        """Places taken now in each group of the establishment's offerings, counted as
        ``places_taken`` counts them for the capacity check: group id -> places taken. (On
        PostgreSQL, row-level security leaves out the places of people the login does not
        reach, as it does for ``places_taken``.)"""
        query = (
            select(ProgrammeGroupMemberRow.group_id, func.count())
            .join(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeGroupMemberRow.group_id)
            .join(ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id)
            .where(
                ProgrammeOfferingRow.establishment_id == establishment_id,
                ProgrammeGroupMemberRow.left_at.is_(None),
            )
            .group_by(ProgrammeGroupMemberRow.group_id)
        )
        return {int(group_id): int(taken) for group_id, taken in self._session.execute(query)}

    def current_place(self, referral_id: int) -> ProgrammeGroupMemberRow | None:
        return self._session.scalar(
            select(ProgrammeGroupMemberRow).where(
                ProgrammeGroupMemberRow.referral_id == referral_id,
                ProgrammeGroupMemberRow.left_at.is_(None),
            )
        )

    def places_of(self, referral_ids: Collection[int]) -> list[ProgrammeGroupMemberRow]:
        if not referral_ids:
            return []
        return list(
            self._session.scalars(
                select(ProgrammeGroupMemberRow)
                .where(ProgrammeGroupMemberRow.referral_id.in_(sorted(referral_ids)))
                .order_by(ProgrammeGroupMemberRow.id)
            )
        )

    # --- an establishment's referrals -----------------------------------------------------

    def for_establishment(
        self, establishment_id: int, reach: Any, status: str | None = None
    ) -> list[Any]:
        """One query: the referrals of the establishment's people that ``reach`` (a condition
        on ``people``) lets the account see, with the person's identifiers and the programme
        code and name, and the group the referral has a place in (if any), newest status
        first. Every status's rows when ``status`` is None."""
        query = (
            select(
                ProgrammeReferralRow.id,
                ProgrammeReferralRow.person_id,
                ProgrammeReferralRow.status,
                ProgrammeReferralRow.status_since,
                ProgrammeReferralRow.referred_at,
                ProgrammeReferralRow.offering_id,
                ProgrammeRow.code.label("programme_code"),
                ProgrammeRow.name.label("programme_name"),
                PersonRow.prison_number,
                PersonRow.given_name,
                PersonRow.family_name,
                ProgrammeGroupRow.id.label("group_id"),
                ProgrammeGroupRow.code.label("group_code"),
            )
            .join(PersonRow, PersonRow.id == ProgrammeReferralRow.person_id)
            .join(ProgrammeRow, ProgrammeRow.id == ProgrammeReferralRow.programme_id)
            .outerjoin(
                ProgrammeGroupMemberRow,
                (ProgrammeGroupMemberRow.referral_id == ProgrammeReferralRow.id)
                & ProgrammeGroupMemberRow.left_at.is_(None),
            )
            .outerjoin(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeGroupMemberRow.group_id)
            .where(PersonRow.establishment_id == establishment_id, reach)
            .order_by(ProgrammeReferralRow.status_since.desc(), ProgrammeReferralRow.id.desc())
        )
        if status is not None:
            query = query.where(ProgrammeReferralRow.status == status)
        return list(self._session.execute(query))
