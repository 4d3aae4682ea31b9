"""Reading a person's whole case record.

``open_case_record`` is the user action "open this person's record": the one read that writes
a ``person.viewed`` audit row. ``refresh_case_record`` reads it again for a window that already
opened it (after the user's own save, or a reload after someone else's): the opening was
audited once, so re-reading what is already on screen is not another view.

``load_case_record`` is the internal loader other use cases build on (printing, issuing,
recommendations, suggestions). It must be called inside an open unit of work; it checks
permission and scope but neither audits nor commits. What it returns is what the account may
see (``domain/record_visibility.py``): without the permissions for them, case notes and the
risk details are removed, so nothing built on the record can show them either.
"""

from __future__ import annotations

import datetime as dt

from resettle.domain import clock
from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_record import CaseRecord, PathwayNeedView
from resettle.domain.essentials import EssentialKind
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission, require
from resettle.domain.readiness import readiness_of
from resettle.domain.record_parts import RecordPart
from resettle.domain.record_visibility import RecordVisibility
from resettle.domain.seen_by import ViewPlace, may_see_who_has_seen
from resettle.domain.staff import Actor
from resettle.services import person_records
from resettle.services.access_scope import person_permissions, placement_of, scope_of
from resettle.services.allocation import load_allocations
from resettle.services.case_record import mapping
from resettle.services.case_record.programme_needs import programme_needs_of
from resettle.services.case_record.risk_view import risk_view
from resettle.services.case_status import load_closure
from resettle.services.person_access import reachable_person
from resettle.services.programme_history import load_programme_history
from resettle.services.read_only_storage import commit_view
from resettle.services.unit_of_work import UnitOfWork


def open_case_record(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> CaseRecord:
    """Open a person's record: the access is audited (one ``person.viewed`` row). When the
    database's disk is full or it is read-only, the record is returned read-only
    (``read_only_because``) and the opening logged instead (``domain/read_only_opening.py``)."""
    with uow:
        record = load_case_record(actor, uow, person_id, today)
        because = commit_view(uow, actor, person_id, ViewPlace.RECORD)
        if because is not None:
            return record.model_copy(update={"read_only_because": because})
        return record


def refresh_case_record(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> CaseRecord:
    """Read again a record this window has already opened (not audited as another view)."""
    with uow:
        return load_case_record(actor, uow, person_id, today)


def load_case_record(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> CaseRecord:
    """Internal loader: call inside an open unit of work. No audit row, no commit."""
    require(actor, Permission.VIEW_PERSON)
    today = today or clock.today()
    row = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON, whole=True)
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
    granted = person_permissions(actor, uow, row)
    # Case notes are read only by the roles that may: on PostgreSQL the other roles' logins
    # hold no SELECT on them (postgres_access.CASEWORK_ONLY), so reading them to hide them
    # after would refuse the whole record.
    notes = uow.case.notes(person_id) if Permission.VIEW_NOTES in granted else []
    record = CaseRecord(
        person=detail,
        needs=needs,
        essentials=essentials,
        readiness=readiness_of(
            essentials, detail.profile.release_date, today, plan_agreed=row.plan_agreed
        ),
        referrals=tuple(mapping.referral(r) for r in uow.case.referrals(person_id)),
        notes=mapping.notes(notes),
        risk=risk_view(
            detail.profile,
            uow.case.risk_profile(person_id),
            recorded,
            mapping.rosh(uow.case.latest_rosh(person_id)),
            today,
            programme_needs_of(uow.case.programme_need_items(person_id)),
        ),
        flags=frozenset(CaseFlag(f) for f in uow.case.flags(person_id)),
        closure=load_closure(uow, person_id),
        allocations=tuple(load_allocations(uow, person_id)),
        programmes=load_programme_history(uow, person_id),
        revisions={RecordPart.PROFILE.value: row.version, **uow.case.part_revisions(person_id)},
    )
    seen_by = may_see_who_has_seen(
        scope_of(actor, uow), placement_of(row), row.responsible_officer_id
    )
    update = {"permissions": granted, "may_see_who_has_seen": seen_by}
    return RecordVisibility.of(granted).record(record.model_copy(update=update))
