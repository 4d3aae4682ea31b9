"""Opening a person's whole case record (the access is audited)."""

from __future__ import annotations

import datetime as dt

from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_record import CaseRecord, PathwayNeedView
from resettle.domain.essentials import EssentialKind
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission, require
from resettle.domain.readiness import readiness_of
from resettle.domain.staff import Actor
from resettle.services import audit, person_records
from resettle.services.case_record import mapping
from resettle.services.case_record.risk_view import risk_view
from resettle.services.person_access import reachable_person
from resettle.services.unit_of_work import UnitOfWork


def get_case_record(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> CaseRecord:
    require(actor, Permission.VIEW_PERSON)
    today = today or dt.date.today()
    with uow:
        row = reachable_person(actor, uow, person_id)
        detail = person_records.to_detail(row)
        needs_by_pathway = {need.pathway: need for need in uow.case.pathway_needs(person_id)}
        support = [mapping.support_need(s) for s in uow.case.support_needs(person_id)]
        needs = tuple(
            PathwayNeedView(
                need=mapping.pathway_need(needs_by_pathway.get(pathway.value), pathway),
                support_needs=tuple(s for s in support if s.pathway is pathway),
                updated_at=stored.updated_at
                if (stored := needs_by_pathway.get(pathway.value))
                else None,
            )
            for pathway in Pathway
        )
        stored_essentials = {e.kind: e for e in uow.case.essentials(person_id)}
        essentials = tuple(
            mapping.essential(stored_essentials.get(kind.value), kind) for kind in EssentialKind
        )
        recorded = [mapping.recorded_score(s) for s in uow.case.recorded_scores(person_id)]
        record = CaseRecord(
            person=detail,
            needs=needs,
            essentials=essentials,
            readiness=readiness_of(essentials, detail.profile.release_date, today),
            referrals=tuple(mapping.referral(r) for r in uow.case.referrals(person_id)),
            notes=mapping.notes(uow.case.notes(person_id)),
            risk=risk_view(
                detail.profile,
                uow.case.risk_profile(person_id),
                recorded,
                mapping.rosh(uow.case.latest_rosh(person_id)),
                today,
            ),
            flags=frozenset(CaseFlag(f) for f in uow.case.flags(person_id)),
        )
        audit.record(uow, actor, "person.viewed", "person", person_id)
        uow.commit()
        return record
