"""Reads and writes of programme referrals, their history and their group places.

History rows are only ever added (``add_history``): nothing here changes or deletes one. A
referral's revision advances with a compare-and-swap (``claim``), so two moves from the same
revision cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select, text, update
from sqlalchemy.orm import Session

from resettle.domain.programme_group_places import session_day
from resettle.storage.base import UtcDateTime
from resettle.storage.postgres_group_places import PLACES_TAKEN
from resettle.storage.repositories.lookup_text import can_be_id
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


def released_from_place(released_by: dt.date) -> ColumnElement[bool]:
    """The place (``programme_group_members``) is in a custody group and its person was
    released on or before ``released_by``: it no longer holds the place
    (``domain/programme_group_places.py``; on PostgreSQL's count function,
    ``postgres_group_places.released_from_place_sql``)."""
    return exists(
        select(1)
        .select_from(PersonRow)
        .join(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeGroupMemberRow.group_id)
        .join(ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id)
        .where(
            PersonRow.id == ProgrammeGroupMemberRow.person_id,
            ProgrammeOfferingRow.establishment_id.is_not(None),
            PersonRow.release_date.is_not(None),
            PersonRow.release_date <= released_by,
        )
        .correlate(ProgrammeGroupMemberRow)
    )


class ProgrammeReferralsRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def database_now(self) -> dt.datetime:
        """The database's clock (history times are database time). On SQLite to the
        millisecond (its ``CURRENT_TIMESTAMP`` keeps whole seconds), so that the moves and
        the place changes of a referral made in the same second read in the order made."""
        if self._session.get_bind().dialect.name == "sqlite":
            said = self._session.scalar(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
            return dt.datetime.fromisoformat(str(said)).replace(tzinfo=dt.UTC)
        now = self._session.scalar(select(func.current_timestamp(type_=UtcDateTime())))
        assert isinstance(now, dt.datetime)
        return now

    # --- referrals ------------------------------------------------------------------------

    def add(self, row: ProgrammeReferralRow | ProgrammeGroupMemberRow) -> None:
        self._session.add(row)
        self._session.flush()

    def referral(self, referral_id: int) -> ProgrammeReferralRow | None:
        if not can_be_id(referral_id):
            return None
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

    def save(self, row: ProgrammeReferralRow) -> None:
        """Write the referral's changes now (before the rows that follow from them)."""
        self._session.add(row)
        self._session.flush()

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

    def _places_counted(
        self,
        group_ids: Collection[int],
        at: dt.datetime | None = None,
        released_by: dt.date | None = None,
    ) -> dict[int, int]:
        """Places held in each group (not left; with ``at``, not left by then), every
        person's counted but, in a custody group, a person released on or before
        ``released_by`` (``domain/programme_group_places.py``): on PostgreSQL through
        ``resettle_group_places_taken`` when ``resettle db setup-roles`` has made it
        (row-level security hides from a login the places of people it does not reach:
        ``storage/postgres_group_places.py``); that function takes the cut-off from the
        database's date instead, never from the caller."""
        ids = sorted(set(group_ids))
        if not ids:
            return {}
        if self._counts_through_function():
            rows = self._session.execute(
                text(
                    "SELECT group_id, taken FROM resettle_group_places_taken("
                    "CAST(:groups AS integer[]), CAST(:at AS timestamp with time zone))"
                ),
                # The function works out the release cut-off itself (today, or the day
                # before the session): a caller's date would let a login find out when a
                # person it may not see is released.
                {"groups": ids, "at": at},
            )
        else:
            held: ColumnElement[bool] = ProgrammeGroupMemberRow.left_at.is_(None)
            if at is not None:
                held = (held | (ProgrammeGroupMemberRow.left_at > at)) & (
                    ProgrammeGroupMemberRow.joined_at <= at
                )
            if released_by is not None:
                held = held & ~released_from_place(released_by)
            rows = self._session.execute(
                select(ProgrammeGroupMemberRow.group_id, func.count())
                .where(ProgrammeGroupMemberRow.group_id.in_(ids), held)
                .group_by(ProgrammeGroupMemberRow.group_id)
            )
        return {int(group_id): int(taken) for group_id, taken in rows}

    def _counts_through_function(self) -> bool:
        bind = self._session.get_bind()
        if bind.dialect.name != "postgresql":
            return False
        return bool(
            self._session.scalar(
                text("SELECT to_regprocedure(:name) IS NOT NULL"), {"name": PLACES_TAKEN}
            )
        )

    def places_taken(self, group_id: int, today: dt.date) -> int:
        """Places held now in the group, whoever holds them, less those of people released
        from custody by ``today`` in a custody group (the capacity check)."""
        return self._places_counted([group_id], released_by=today).get(group_id, 0)

    def places_held_at(self, group_id: int, moment: dt.datetime) -> int:
        """Places held in the group at ``moment`` (joined by then, not left by then),
        whoever holds them, less those of people released before the session's day in a
        custody group: the places a register of a session at ``moment`` lists
        (``members_at``), counted."""
        return self._places_counted(
            [group_id], moment, released_by=session_day(moment) - dt.timedelta(days=1)
        ).get(group_id, 0)

    def places_taken_at(self, establishment_id: int, today: dt.date) -> dict[int, int]:
        """Places taken now in each group of the establishment's offerings, counted as
        ``places_taken`` counts them for the capacity check (every person's place, also
        those the login does not reach): group id -> places taken."""
        group_ids = self._session.scalars(
            select(ProgrammeGroupRow.id)
            .join(ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id)
            .where(ProgrammeOfferingRow.establishment_id == establishment_id)
        )
        return self._places_counted(list(group_ids), released_by=today)

    def members_now(self, group_id: int, today: dt.date) -> list[ProgrammeGroupMemberRow]:
        """The places held now in the group (not left; in a custody group, not of a person
        released by ``today``), oldest first: those ``places_taken`` counts, as far as the
        login sees them."""
        return list(
            self._session.scalars(
                select(ProgrammeGroupMemberRow)
                .where(
                    ProgrammeGroupMemberRow.group_id == group_id,
                    ProgrammeGroupMemberRow.left_at.is_(None),
                    ~released_from_place(today),
                )
                .order_by(ProgrammeGroupMemberRow.joined_at, ProgrammeGroupMemberRow.id)
            )
        )

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

    def last_group_codes(self, referral_ids: Collection[int]) -> dict[int, str]:
        """One query: the group code of each referral's last place that has ended (the
        latest to end; referral id -> group code); a referral with no ended place is left
        out."""
        ids = sorted(set(referral_ids))
        if not ids:
            return {}
        rows = self._session.execute(
            select(ProgrammeGroupMemberRow.referral_id, ProgrammeGroupRow.code)
            .join(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeGroupMemberRow.group_id)
            .where(
                ProgrammeGroupMemberRow.referral_id.in_(ids),
                ProgrammeGroupMemberRow.left_at.is_not(None),
            )
            .order_by(ProgrammeGroupMemberRow.left_at, ProgrammeGroupMemberRow.id)
        )
        return {int(referral_id): str(code) for referral_id, code in rows}

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
                ProgrammeReferralRow.revision,
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
