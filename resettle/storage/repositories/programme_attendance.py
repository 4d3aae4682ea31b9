"""Reads and writes of attendance marks and of the person a one-to-one session is with.

Marks are only ever added (``add_marks``): nothing here changes or deletes one. The current
mark of a place at a session is the one with the highest ``mark_number``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from resettle.domain.programme_group_places import session_day
from resettle.storage.repositories.programme_referrals import released_from_place
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_attendance import (
    ProgrammeAttendanceRow,
    ProgrammeOneToOneSessionRow,
)
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeRow,
    ProgrammeSessionRow,
)


class ProgrammeAttendanceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add_marks(self, rows: Sequence[ProgrammeAttendanceRow]) -> None:
        self._session.add_all(rows)
        self._session.flush()

    def add_one_to_one(self, row: ProgrammeOneToOneSessionRow) -> None:
        self._session.add(row)
        self._session.flush()

    def one_to_one(self, session_id: int) -> ProgrammeOneToOneSessionRow | None:
        return self._session.get(ProgrammeOneToOneSessionRow, session_id)

    def members_at(self, group_id: int, moment: dt.datetime) -> list[ProgrammeGroupMemberRow]:
        """The group's places held at ``moment``: joined by then and not left by then. A
        register lists who was in the group when the session started, so a place given
        later is not on the registers of the sessions held before it; nor, in a custody
        group, is a person released before the session's day (a session on the release
        day keeps them: ``domain/programme_group_places.py``)."""
        return list(
            self._session.scalars(
                select(ProgrammeGroupMemberRow)
                .where(
                    ProgrammeGroupMemberRow.group_id == group_id,
                    ProgrammeGroupMemberRow.joined_at <= moment,
                    (ProgrammeGroupMemberRow.left_at.is_(None))
                    | (ProgrammeGroupMemberRow.left_at > moment),
                    ~released_from_place(session_day(moment) - dt.timedelta(days=1)),
                )
                .order_by(ProgrammeGroupMemberRow.id)
            )
        )

    def member(self, member_id: int) -> ProgrammeGroupMemberRow | None:
        return self._session.get(ProgrammeGroupMemberRow, member_id)

    def sessions_marked(self, session_ids: Collection[int]) -> set[int]:
        """Those of the sessions with at least one mark: their register was taken."""
        if not session_ids:
            return set()
        return set(
            self._session.scalars(
                select(ProgrammeAttendanceRow.session_id)
                .where(ProgrammeAttendanceRow.session_id.in_(sorted(session_ids)))
                .distinct()
            )
        )

    def current_marks(
        self, session_ids: Collection[int]
    ) -> dict[tuple[int, int], ProgrammeAttendanceRow]:
        """The current mark of each (session, place) among the sessions."""
        if not session_ids:
            return {}
        rows = self._session.scalars(
            select(ProgrammeAttendanceRow)
            .where(ProgrammeAttendanceRow.session_id.in_(sorted(session_ids)))
            .order_by(ProgrammeAttendanceRow.mark_number)
        )
        return {(row.session_id, row.member_id): row for row in rows}

    def marks_of_session(self, session_id: int) -> list[ProgrammeAttendanceRow]:
        """Every mark of the session, corrections included, in order."""
        return list(
            self._session.scalars(
                select(ProgrammeAttendanceRow)
                .where(ProgrammeAttendanceRow.session_id == session_id)
                .order_by(ProgrammeAttendanceRow.member_id, ProgrammeAttendanceRow.mark_number)
            )
        )

    def current_marks_of_referral(self, referral_id: int) -> dict[int, str]:
        """Session id -> the referral's current outcome there."""
        rows = self._session.scalars(
            select(ProgrammeAttendanceRow)
            .where(ProgrammeAttendanceRow.referral_id == referral_id)
            .order_by(ProgrammeAttendanceRow.mark_number)
        )
        return {row.session_id: row.outcome for row in rows}

    def one_to_ones_of(self, member_ids: Collection[int]) -> dict[int, int]:
        """Session id -> place, for the one-to-one sessions of these places."""
        if not member_ids:
            return {}
        rows = self._session.scalars(
            select(ProgrammeOneToOneSessionRow).where(
                ProgrammeOneToOneSessionRow.member_id.in_(sorted(member_ids))
            )
        )
        return {row.session_id: row.member_id for row in rows}

    def sessions_of_groups(self, group_ids: Collection[int]) -> list[ProgrammeSessionRow]:
        if not group_ids:
            return []
        return list(
            self._session.scalars(
                select(ProgrammeSessionRow)
                .where(ProgrammeSessionRow.group_id.in_(sorted(group_ids)))
                .order_by(ProgrammeSessionRow.starts_at, ProgrammeSessionRow.id)
            )
        )

    # --- figures and exports (one query each) ---------------------------------------------

    def completion_counts(
        self,
        reach: Any,
        establishment_id: int | None,
        statuses: Collection[str],
        attended_outcomes: Collection[str],
        pre_group: Collection[tuple[int, int]] = (),
    ) -> list[tuple[str, bool, bool, int]]:
        """One query: the referrals at ``statuses`` of the people ``reach`` lets the account
        see (of one establishment, or all), counted by status, whether a *current* mark of
        theirs at a substantive session is attended (a mark corrected by a later one does not
        count; ``pre_group``: the (programme id, module number) pairs whose sessions are not
        substantive) and whether they ever held a group place."""
        later = aliased(ProgrammeAttendanceRow)
        mark = ProgrammeAttendanceRow
        substantive = [
            ~exists(
                select(ProgrammeSessionRow.id)
                .join(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeSessionRow.group_id)
                .join(
                    ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id
                )
                .where(
                    ProgrammeSessionRow.id == mark.session_id,
                    or_(
                        *(
                            and_(
                                ProgrammeOfferingRow.programme_id == programme_id,
                                ProgrammeSessionRow.module_number == module_number,
                            )
                            for programme_id, module_number in sorted(pre_group)
                        )
                    ),
                )
            )
        ]
        attended = exists(
            select(mark.id).where(
                mark.referral_id == ProgrammeReferralRow.id,
                mark.outcome.in_(sorted(attended_outcomes)),
                *(substantive if pre_group else []),
                ~exists(
                    select(later.id).where(
                        later.session_id == mark.session_id,
                        later.member_id == mark.member_id,
                        later.mark_number > mark.mark_number,
                    )
                ),
            )
        ).label("attended")
        placed = exists(
            select(ProgrammeGroupMemberRow.id).where(
                ProgrammeGroupMemberRow.referral_id == ProgrammeReferralRow.id
            )
        ).label("placed")
        query = (
            select(ProgrammeReferralRow.status, attended, placed, func.count())
            .join(PersonRow, PersonRow.id == ProgrammeReferralRow.person_id)
            .where(ProgrammeReferralRow.status.in_(sorted(statuses)), reach)
            .group_by(ProgrammeReferralRow.status, attended, placed)
        )
        if establishment_id is not None:
            query = query.where(PersonRow.establishment_id == establishment_id)
        return [
            (str(status), bool(was_attended), bool(was_placed), int(count))
            for status, was_attended, was_placed, count in self._session.execute(query)
        ]

    def weekly_attendance(
        self, establishment_id: int, reach: Any, start: dt.datetime, end: dt.datetime
    ) -> list[Any]:
        """Every counted session (not replaced) of the establishment's groups starting in
        [start, end), for each place held then by a person ``reach`` lets the account see,
        with the place's current mark (None: no mark yet). As for a referral's planned
        sessions (``services/programme_outcomes.planned_sessions``), a one-to-one session
        counts only for the place it is tied to, and a catch-up only where the place has a
        mark there."""
        latest = (
            select(
                ProgrammeAttendanceRow.session_id,
                ProgrammeAttendanceRow.member_id,
                func.max(ProgrammeAttendanceRow.mark_number).label("mark_number"),
            )
            .group_by(ProgrammeAttendanceRow.session_id, ProgrammeAttendanceRow.member_id)
            .subquery()
        )
        query = (
            select(
                ProgrammeSessionRow.starts_at,
                ProgrammeSessionRow.id.label("session_id"),
                ProgrammeGroupMemberRow.id.label("member_id"),
                PersonRow.id.label("person_id"),
                PersonRow.given_name,
                PersonRow.family_name,
                PersonRow.prison_number,
                PersonRow.release_date,
                ProgrammeRow.code.label("programme_code"),
                ProgrammeGroupRow.code.label("group_code"),
                ProgrammeAttendanceRow.outcome,
            )
            .join(ProgrammeGroupRow, ProgrammeGroupRow.id == ProgrammeSessionRow.group_id)
            .join(ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id)
            .join(ProgrammeRow, ProgrammeRow.id == ProgrammeOfferingRow.programme_id)
            .join(
                ProgrammeGroupMemberRow,
                and_(
                    ProgrammeGroupMemberRow.group_id == ProgrammeGroupRow.id,
                    ProgrammeGroupMemberRow.joined_at <= ProgrammeSessionRow.starts_at,
                    (ProgrammeGroupMemberRow.left_at.is_(None))
                    | (ProgrammeGroupMemberRow.left_at > ProgrammeSessionRow.starts_at),
                ),
            )
            .join(PersonRow, PersonRow.id == ProgrammeGroupMemberRow.person_id)
            .outerjoin(
                latest,
                and_(
                    latest.c.session_id == ProgrammeSessionRow.id,
                    latest.c.member_id == ProgrammeGroupMemberRow.id,
                ),
            )
            .outerjoin(
                ProgrammeAttendanceRow,
                and_(
                    ProgrammeAttendanceRow.session_id == latest.c.session_id,
                    ProgrammeAttendanceRow.member_id == latest.c.member_id,
                    ProgrammeAttendanceRow.mark_number == latest.c.mark_number,
                ),
            )
            .where(
                ProgrammeOfferingRow.establishment_id == establishment_id,
                ProgrammeSessionRow.replaced_at.is_(None),
                ProgrammeSessionRow.starts_at >= start,
                ProgrammeSessionRow.starts_at < end,
                (ProgrammeSessionRow.session_type != "one_to_one")
                | exists().where(
                    ProgrammeOneToOneSessionRow.session_id == ProgrammeSessionRow.id,
                    ProgrammeOneToOneSessionRow.member_id == ProgrammeGroupMemberRow.id,
                ),
                ProgrammeSessionRow.is_catch_up.is_(False) | latest.c.mark_number.is_not(None),
                reach,
            )
            .order_by(ProgrammeSessionRow.starts_at, PersonRow.id)
        )
        return list(self._session.execute(query))

    def referral_milestones(
        self, establishment_id: int, reach: Any, start: dt.datetime, end: dt.datetime
    ) -> list[Any]:
        """The establishment's referrals made in [start, end) of the people ``reach`` lets
        the account see, with the person's identifiers and the programme code."""
        query = (
            select(
                ProgrammeReferralRow.id,
                ProgrammeReferralRow.person_id,
                ProgrammeReferralRow.status,
                ProgrammeReferralRow.referred_at,
                PersonRow.prison_number,
                PersonRow.given_name,
                PersonRow.family_name,
                ProgrammeRow.code.label("programme_code"),
            )
            .join(PersonRow, PersonRow.id == ProgrammeReferralRow.person_id)
            .join(ProgrammeRow, ProgrammeRow.id == ProgrammeReferralRow.programme_id)
            .where(
                PersonRow.establishment_id == establishment_id,
                ProgrammeReferralRow.referred_at >= start,
                ProgrammeReferralRow.referred_at < end,
                reach,
            )
            .order_by(ProgrammeReferralRow.referred_at, ProgrammeReferralRow.id)
        )
        return list(self._session.execute(query))
