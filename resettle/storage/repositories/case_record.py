"""Reads and writes of the parts of a person's case record other than the profile."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session, joinedload, selectinload

from resettle.storage.repositories.lookup_text import can_be_id, can_match
from resettle.storage.tables.aftercare import ProviderRow, ReferralRow
from resettle.storage.tables.essentials import EssentialRow
from resettle.storage.tables.needs import CatalogueEntryRow, PathwayNeedRow, SupportNeedRow
from resettle.storage.tables.notes import CaseNoteRow
from resettle.storage.tables.programme_needs import ProgrammeNeedItemsRow
from resettle.storage.tables.revisions import RecordPartRevisionRow
from resettle.storage.tables.risk import PersonFlagRow, RecordedScoreRow, RiskProfileRow, RoshRow


class CaseRecordRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, row: object) -> None:
        self._session.add(row)
        self._session.flush()

    # --- revisions of the parts ----------------------------------------------------------
    def part_revisions(self, person_id: int) -> dict[str, int]:
        query = select(RecordPartRevisionRow.part, RecordPartRevisionRow.revision).where(
            RecordPartRevisionRow.person_id == person_id
        )
        return {part: revision for part, revision in self._session.execute(query)}

    def advance_part(self, person_id: int, part: str, expected: int) -> bool:
        """Compare-and-swap: move ``part`` from revision ``expected`` to the next one; False
        when it is no longer at ``expected``. The first save of a part inserts its row (a
        simultaneous first save raises IntegrityError on the primary key)."""
        if expected == 0:
            self._session.execute(
                insert(RecordPartRevisionRow).values(person_id=person_id, part=part, revision=1)
            )
            return True
        result = self._session.execute(
            update(RecordPartRevisionRow)
            .where(
                RecordPartRevisionRow.person_id == person_id,
                RecordPartRevisionRow.part == part,
                RecordPartRevisionRow.revision == expected,
            )
            .values(revision=RecordPartRevisionRow.revision + 1)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    # --- needs ---------------------------------------------------------------------------
    def pathway_needs(self, person_id: int) -> list[PathwayNeedRow]:
        query = select(PathwayNeedRow).where(PathwayNeedRow.person_id == person_id)
        return list(self._session.scalars(query))

    def pathway_need(self, person_id: int, pathway: str) -> PathwayNeedRow | None:
        return self._session.scalar(
            select(PathwayNeedRow).where(
                PathwayNeedRow.person_id == person_id, PathwayNeedRow.pathway == pathway
            )
        )

    def support_needs(self, person_id: int) -> list[SupportNeedRow]:
        query = (
            select(SupportNeedRow)
            .where(SupportNeedRow.person_id == person_id)
            .options(selectinload(SupportNeedRow.history), joinedload(SupportNeedRow.entry))
            .order_by(SupportNeedRow.id)
        )
        return list(self._session.scalars(query))

    def support_need_statuses(self, person_id: int) -> dict[int, str]:
        query = select(SupportNeedRow.id, SupportNeedRow.status).where(
            SupportNeedRow.person_id == person_id
        )
        return {need_id: status for need_id, status in self._session.execute(query)}

    def support_need(self, support_need_id: int) -> SupportNeedRow | None:
        if not can_be_id(support_need_id):
            return None
        return self._session.get(SupportNeedRow, support_need_id)

    def catalogue(self) -> list[CatalogueEntryRow]:
        query = select(CatalogueEntryRow).order_by(
            CatalogueEntryRow.pathway, CatalogueEntryRow.position, CatalogueEntryRow.code
        )
        return list(self._session.scalars(query))

    def catalogue_entry(self, code: str) -> CatalogueEntryRow | None:
        if not can_match(code):
            return None
        return self._session.get(CatalogueEntryRow, code)

    # --- essentials ----------------------------------------------------------------------
    def essentials(self, person_id: int) -> list[EssentialRow]:
        query = select(EssentialRow).where(EssentialRow.person_id == person_id)
        return list(self._session.scalars(query))

    def essential(self, person_id: int, kind: str) -> EssentialRow | None:
        return self._session.scalar(
            select(EssentialRow).where(
                EssentialRow.person_id == person_id, EssentialRow.kind == kind
            )
        )

    # --- aftercare -----------------------------------------------------------------------
    def referrals(self, person_id: int) -> list[ReferralRow]:
        query = (
            select(ReferralRow)
            .where(ReferralRow.person_id == person_id)
            .options(selectinload(ReferralRow.history), joinedload(ReferralRow.provider))
            .order_by(ReferralRow.referral_date.desc(), ReferralRow.id.desc())
        )
        return list(self._session.scalars(query))

    def referral_statuses(self, person_id: int) -> dict[int, str]:
        query = select(ReferralRow.id, ReferralRow.status).where(ReferralRow.person_id == person_id)
        return {referral_id: status for referral_id, status in self._session.execute(query)}

    def referral(self, referral_id: int) -> ReferralRow | None:
        if not can_be_id(referral_id):
            return None
        return self._session.get(ReferralRow, referral_id)

    def providers(self, include_inactive: bool = False) -> list[ProviderRow]:
        query = select(ProviderRow).order_by(ProviderRow.name)
        if not include_inactive:
            query = query.where(ProviderRow.active.is_(True))
        return list(self._session.scalars(query))

    def provider(self, provider_id: int) -> ProviderRow | None:
        if not can_be_id(provider_id):
            return None
        return self._session.get(ProviderRow, provider_id)

    def provider_named(self, name: str) -> ProviderRow | None:
        if not can_match(name):
            return None
        return self._session.scalar(select(ProviderRow).where(ProviderRow.name == name))

    # --- notes (append-only: there is deliberately no update or delete) -------------------
    def notes(self, person_id: int) -> list[CaseNoteRow]:
        query = (
            select(CaseNoteRow)
            .where(CaseNoteRow.person_id == person_id)
            .order_by(CaseNoteRow.created_at.desc(), CaseNoteRow.id.desc())
        )
        return list(self._session.scalars(query))

    def notes_since(self, person_id: int, since: dt.datetime) -> int:
        """How many notes were added to the person's record at or after ``since``."""
        query = select(func.count(CaseNoteRow.id)).where(
            CaseNoteRow.person_id == person_id, CaseNoteRow.created_at >= since
        )
        return int(self._session.scalar(query) or 0)

    def provider_count(self) -> int:
        return int(self._session.scalar(select(func.count(ProviderRow.id))) or 0)

    def note(self, note_id: int) -> CaseNoteRow | None:
        if not can_be_id(note_id):
            return None
        return self._session.get(CaseNoteRow, note_id)

    # --- risk ----------------------------------------------------------------------------
    def risk_profile(self, person_id: int) -> RiskProfileRow | None:
        return self._session.get(RiskProfileRow, person_id)

    def programme_need_items(self, person_id: int) -> ProgrammeNeedItemsRow | None:
        return self._session.get(ProgrammeNeedItemsRow, person_id)

    def recorded_scores(self, person_id: int) -> list[RecordedScoreRow]:
        query = (
            select(RecordedScoreRow)
            .where(RecordedScoreRow.person_id == person_id)
            .order_by(RecordedScoreRow.assessed_on, RecordedScoreRow.id)
        )
        return list(self._session.scalars(query))

    def latest_rosh(self, person_id: int) -> RoshRow | None:
        query = (
            select(RoshRow)
            .where(RoshRow.person_id == person_id)
            .order_by(RoshRow.assessed_on.desc(), RoshRow.id.desc())
            .limit(1)
        )
        return self._session.scalar(query)

    def flags(self, person_id: int) -> set[str]:
        query = select(PersonFlagRow.flag).where(PersonFlagRow.person_id == person_id)
        return set(self._session.scalars(query))

    def replace_flags(self, person_id: int, flags: set[str]) -> None:
        self._session.execute(delete(PersonFlagRow).where(PersonFlagRow.person_id == person_id))
        for flag in sorted(flags):
            self._session.add(PersonFlagRow(person_id=person_id, flag=flag))
        self._session.flush()
