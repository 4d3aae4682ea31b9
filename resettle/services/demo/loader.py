"""Filling an empty database with the demo caseload, through one unit of work."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from resettle.domain import clock
from resettle.domain.aftercare import ServiceType
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission, has_permission, require
from resettle.domain.staff import Actor, Role
from resettle.services import audit, person_records
from resettle.services.demo import case_vocabulary, vocabulary
from resettle.services.demo.allocations import first_allocations
from resettle.services.demo.case_records import CaseRows, Staffing, add_case
from resettle.services.demo.people import Placement, identifiers, person
from resettle.services.demo.plans import PlanRows, add_plan, recommended_for
from resettle.services.evidence_pack import active_pack
from resettle.services.plans.issue import stage_issue
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage import tables as t

Progress = Callable[[int, int], None]
CHUNK = 2_000
ISSUED_PLANS = 60
MAX_SIZE = 200_000

# Insert order respects foreign keys; each pair is (table, attribute of CaseRows).
_CASE_TABLES: list[tuple[type, str]] = [
    (t.PathwayNeedRow, "needs"),
    (t.SupportNeedRow, "support_needs"),
    (t.SupportNeedHistoryRow, "support_history"),
    (t.EssentialRow, "essentials"),
    (t.ReferralRow, "referrals"),
    (t.ReferralHistoryRow, "referral_history"),
    (t.CaseNoteRow, "notes"),
    (t.RiskProfileRow, "risk_profiles"),
    (t.RecordedScoreRow, "scores"),
    (t.RoshRow, "rosh"),
    (t.PersonFlagRow, "flags"),
]
_ID_KEYS = {
    "needs": t.PathwayNeedRow,
    "support_needs": t.SupportNeedRow,
    "support_history": t.SupportNeedHistoryRow,
    "essentials": t.EssentialRow,
    "referrals": t.ReferralRow,
    "referral_history": t.ReferralHistoryRow,
    "notes": t.CaseNoteRow,
    "scores": t.RecordedScoreRow,
    "rosh": t.RoshRow,
    "flags": t.PersonFlagRow,
}


class DemoRefused(DomainError):
    code = "demo.refused"


def load_demo(
    actor: Actor,
    uow: UnitOfWork,
    size: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Add ``size`` fictional people, each with a full case record, to an empty database.

    Most get a plan (drafts and agreed ones); up to ``ISSUED_PLANS`` agreed plans are then
    issued by the real issuing code, so their snapshots and hashes are genuine. All in one
    transaction: a failed load leaves the database empty.
    """
    require(actor, Permission.LOAD_DEMO_DATA)
    if not 1 <= size <= MAX_SIZE:
        raise DemoRefused(f"Size: choose between 1 and {MAX_SIZE:,} people.")
    today = today or clock.today()
    rng = random.Random(seed)
    with uow:
        existing = uow.people.count()
        if existing:
            raise DemoRefused(
                f"The database already holds {existing:,} people; demo data is only loaded into "
                "an empty database."
            )
        placements = _establishments(uow, rng)
        manager = _staff(uow, rng, "demo.manager", Role.MANAGER, None)
        _staff(uow, rng, "demo.admin", Role.ADMIN, None)
        officers = _officers(uow, rng, max(3, min(400, size // 40)))
        if actor.role is Role.OFFICER:
            officers.append((actor.id, actor.display_name))
        providers = _providers(uow)
        catalogue: dict[Pathway, list[str]] = {p: [] for p in Pathway}
        for entry in uow.case.catalogue():
            if entry.active:
                catalogue[Pathway(entry.pathway)].append(entry.code)
        rows = CaseRows(next_ids={key: uow.bulk.next_id(table) for key, table in _ID_KEYS.items()})
        plans = PlanRows(
            next_version_id=uow.bulk.next_id(t.PlanVersionRow),
            next_action_id=uow.bulk.next_id(t.PlanActionRow),
        )
        labels = {e.code: (e.label, e.pathway) for e in uow.case.catalogue()}
        pack, _problems = active_pack(uow)
        next_person_id = uow.bulk.next_id(t.PersonRow)
        people: list[dict[str, object]] = []
        for done, (prison_number, crn) in enumerate(identifiers(rng, size), start=1):
            officer_id, officer_name = rng.choice(officers)
            profile = person(rng, prison_number, crn, today, placements, [officer_id])
            person_id = next_person_id
            next_person_id += 1
            staffing = Staffing(officer_id, officer_name, providers, catalogue)
            marks = (len(rows.essentials), len(rows.support_needs), len(rows.referrals))
            summary = add_case(rows, rng, person_id, profile, today, staffing)
            critical, other = summary.open_critical, summary.open_other
            add_plan(
                plans,
                rng,
                person_id,
                rows.essentials[marks[0] :],
                rows.support_needs[marks[1] :],
                rows.referrals[marks[2] :],
                labels,
                officer_name,
                today,
                recommended_for(profile, summary, today, pack, rng),
                pack.version,
            )
            people.append(
                person_records.column_values(profile)
                | {
                    "id": person_id,
                    "version": 1,
                    "open_critical_essentials": critical,
                    "open_other_essentials": other,
                }
            )
            if len(people) == CHUNK or done == size:
                _flush(uow, people, rows, plans, first_allocations(people, manager.id, today))
                if progress is not None:
                    progress(done, size)
        uow.bulk.reset_id_sequences(
            [t.PersonRow, t.PlanVersionRow, t.PlanActionRow, *_ID_KEYS.values()]
        )
        uow.people.refresh_caseload_keys()  # bulk inserts bypass the keys' listener
        count = min(ISSUED_PLANS, len(plans.agreed_people) * 3 // 8)
        if not has_permission(actor, Permission.AGREE_PLAN):
            count = 0
        for person_id in plans.agreed_people[:count]:
            current = uow.plans.current(person_id)
            if current is not None:
                stage_issue(uow, actor, person_id, current.revision, today)
        audit.record(
            uow, actor, AuditAction.DEMO_LOADED, None, person_id=None, size=size, seed=seed
        )
        uow.commit()
    return size


def _flush(
    uow: UnitOfWork,
    people: list[dict[str, object]],
    rows: CaseRows,
    plans: PlanRows,
    allocations: list[dict[str, object]],
) -> None:
    uow.bulk.insert(t.PersonRow, people)
    uow.bulk.insert(t.AllocationRow, allocations)
    for table, attribute in _CASE_TABLES:
        uow.bulk.insert(table, getattr(rows, attribute))
    uow.bulk.insert(t.PlanVersionRow, plans.versions)
    uow.bulk.insert(t.PlanActionRow, plans.actions)
    uow.bulk.insert(t.AcceptedRecommendationRow, plans.accepted)
    people.clear()
    rows.clear()
    plans.clear()


def _providers(uow: UnitOfWork) -> dict[ServiceType, list[int]]:
    by_service: dict[ServiceType, list[int]] = {service: [] for service in ServiceType}
    for name, phone, services in case_vocabulary.PROVIDERS:
        row = uow.case.provider_named(name)
        if row is None:
            row = t.ProviderRow(name=name, phone=phone, email="", address="", active=True)
            uow.case.add(row)
        for service in services:
            by_service[service].append(row.id)
    return by_service


def _establishments(uow: UnitOfWork, rng: random.Random) -> list[Placement]:
    placements = []
    for code, name in vocabulary.ESTABLISHMENTS:
        row = uow.staff.establishment_by_code(code) or uow.staff.add_establishment(
            t.EstablishmentRow(code=code, name=name)
        )
        workers = tuple(
            _staff(uow, rng, f"keyworker.{code.lower()}{n}", Role.PRISON_STAFF, row.id).id
            for n in range(1, 4)
        )
        placements.append(Placement(row.id, code, workers))
    return placements


def _officers(uow: UnitOfWork, rng: random.Random, count: int) -> list[tuple[int, str]]:
    staff = [_staff(uow, rng, f"officer{n:03d}", Role.OFFICER, None) for n in range(1, count + 1)]
    return [(row.id, row.display_name) for row in staff]


def _staff(
    uow: UnitOfWork, rng: random.Random, username: str, role: Role, establishment_id: int | None
) -> t.StaffRow:
    existing = uow.staff.by_username(username)
    if existing is not None:
        return existing
    name = f"{rng.choice(vocabulary.OFFICER_GIVEN)} {rng.choice(vocabulary.OFFICER_FAMILY)}"
    return uow.staff.add(
        t.StaffRow(
            username=username,
            display_name=name,
            role=role.value,
            establishment_id=establishment_id,
            email=f"{username}@example.invalid",
            phone=f"01632 {rng.randint(100000, 999999)}",
            active=True,
        )
    )
