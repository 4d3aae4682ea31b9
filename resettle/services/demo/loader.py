"""Filling an empty database with the demo caseload, through one unit of work."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from resettle.domain import clock
from resettle.domain.aftercare import ServiceType
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError
from resettle.domain.outcome_checks import TREATMENT_NEED_STATUSES
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor, Role
from resettle.domain.team_office import address_on_one_line
from resettle.services import audit, authentication, passwords, person_records
from resettle.services.before_sign_in import run_before_sign_in
from resettle.services.demo import case_vocabulary, vocabulary
from resettle.services.demo.allocations import first_allocations
from resettle.services.demo.case_records import CaseRows, Staffing, add_case
from resettle.services.demo.outcome_checks import (
    OutcomeRows,
    add_outcome_checks,
    long_released_offset,
)
from resettle.services.demo.people import Placement, identifiers, person
from resettle.services.demo.plans import PlanRows, add_plan, recommended_for
from resettle.services.demo.programme_referrals import add_demo_referrals
from resettle.services.demo.programmes import add_demo_programmes
from resettle.services.demo_marker import set_demo_marker
from resettle.services.evidence_pack import active_pack
from resettle.services.plans.issue import stage_issue
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage import tables as t
from resettle.storage.database import Database
from resettle.storage.migrate import current_revision

Progress = Callable[[int, int], None]
#: The documented password of every demo account (README, docs/accounts.md).
DEMO_PASSWORD = "demo-password"
#: One account for each role, besides ``officer001``... and ``keyworker.<prison><n>``.
DEMO_ACCOUNTS = ("demo.admin", "demo.manager", "demo.officer", "demo.prison", "demo.programmes")
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


#: Why a database that holds data gets no demo data.
NOT_NEW = (
    "This database already has accounts or people: demo data and its accounts go only into a "
    "new, empty database (choose another --data-dir)."
)


def load_demo(
    actor: Actor,
    uow: UnitOfWork,
    size: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
    own_officer_id: int | None = None,
) -> int:
    """Add ``size`` fictional people, each with a full case record, to an empty database.

    Most get a plan (drafts and agreed ones); up to ``ISSUED_PLANS`` agreed plans are then
    issued by the real issuing code, so their snapshots and hashes are genuine. All in one
    transaction: a failed load leaves the database empty. The demo's staff accounts made here
    have no password (nobody can sign in as them): only ``start_demo_database``, on a new
    database, gives them the documented demo password.
    """
    require(actor, Permission.LOAD_DEMO_DATA)
    _check_size(size)
    with uow:
        _stage_demo(actor, uow, size, seed, today or clock.today(), progress, "", own_officer_id)
        uow.commit()
    return size


def start_demo_database(
    uow: UnitOfWork,
    size: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """``resettle demo`` on a new database: demo accounts for every role, all with the
    documented password ``demo-password`` (``DEMO_ACCOUNTS``), the database marked as demo
    data (its windows say so), and ``size`` people. Refused on a database that has accounts
    or people already: no account is ever made with a known password in a real database."""
    _check_size(size)
    with uow:
        if _holds_data(uow):
            raise DemoRefused(NOT_NEW)
        password_hash = passwords.hash_password(DEMO_PASSWORD)
        admin = _staff(uow, random.Random(seed), "demo.admin", Role.ADMIN, password_hash)
        admin_actor = authentication.actor_of(uow, admin)
        set_demo_marker(uow)
        _stage_demo(admin_actor, uow, size, seed, today or clock.today(), progress, password_hash)
        uow.commit()
    return size


def database_is_empty(uow: UnitOfWork) -> bool:
    """No accounts and no people: ``start_demo_database`` may fill it (read before anyone
    signs in, for ``resettle demo --if-empty``)."""
    with uow:
        return not _holds_data(uow)


def database_holds_data(database: Database) -> bool:
    """Accounts or people, read from the database as it is (opened without upgrading):
    ``resettle demo`` refuses before it upgrades or backs up anything, so a database it
    will not fill is left exactly as it was. No schema at all holds nothing."""
    if current_revision(database.engine) is None:
        return False
    return not run_before_sign_in(database, database_is_empty)


def _holds_data(uow: UnitOfWork) -> bool:
    return bool(uow.staff.count() or uow.people.count())


def _check_size(size: int) -> None:
    if not 1 <= size <= MAX_SIZE:
        raise DemoRefused(f"Size: choose between 1 and {MAX_SIZE:,} people.")


def _stage_demo(
    actor: Actor,
    uow: UnitOfWork,
    size: int,
    seed: int,
    today: dt.date,
    progress: Progress | None,
    password_hash: str,
    own_officer_id: int | None = None,
) -> None:
    """The demo's staff and people, in the caller's unit of work. ``own_officer_id`` is the
    officer whose own caseload the demo fills (with the officer's team); by default the
    acting officer, or ``demo.officer``."""
    rng = random.Random(seed)
    existing = uow.people.count()
    if existing:
        raise DemoRefused(
            f"The database already holds {existing:,} people; demo data is only loaded into "
            "an empty database."
        )
    placements = _establishments(uow, rng, password_hash)
    teams = _teams(uow)
    _regional_manager(uow, _regions(uow), seed, password_hash)
    manager = _staff(uow, rng, "demo.manager", Role.MANAGER, password_hash)
    for team_id in teams:
        uow.staff.add_managed_team(manager.id, team_id)
    for placement in placements:
        uow.staff.add_managed_establishment(manager.id, placement.establishment_id)
    _staff(uow, rng, "demo.admin", Role.ADMIN, password_hash)
    officers = _officers(uow, rng, max(3, min(400, size // 40)), teams, password_hash)
    # Accounts beyond the original demo's draw their names from their own sequence, so the
    # same seed still gives the same people.
    own_rng = random.Random(seed * 7919 + 1)
    prison = _staff(uow, own_rng, "demo.prison", Role.PRISON_STAFF, password_hash)
    uow.staff.add_to_establishment(prison.id, placements[0].establishment_id)
    team_accounts = _programme_delivery(uow, placements, seed, today, password_hash)
    # The officer whose own caseload the demo fills: the officer loading it, or demo.officer.
    if own_officer_id is not None:
        own_officer = own_officer_id
    elif actor.holds(Role.OFFICER):
        own_officer = actor.id
    else:
        own_officer = _staff(uow, own_rng, "demo.officer", Role.OFFICER, password_hash).id
    own_team = uow.access.team_for_officer(own_officer, keep=None)
    if own_team is None:
        own_team = teams[0]
        uow.staff.add_to_team(own_officer, own_team)
    if own_team not in teams:
        uow.staff.add_managed_team(manager.id, own_team)
    own_row = uow.staff.get(own_officer)
    assert own_row is not None
    officers.append((own_row.id, own_row.display_name))
    officer_teams = {
        officer_id: uow.access.team_for_officer(officer_id, keep=None) for officer_id, _ in officers
    }
    # Where each team's first probation appointments are: its office (a trial read one
    # address in the appointment and another under "Your probation office").
    offices = {
        team_id: address_on_one_line(row.office_address)
        for team_id in set(officer_teams.values())
        if team_id is not None and (row := uow.staff.team(team_id)) and row.office_address
    }
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
    # Their own sequences: the rest of the demo is drawn as it was without them.
    released_rng = random.Random(seed * 104_729 + 3)
    outcome_rng = random.Random(seed * 130_363 + 5)
    outcomes = OutcomeRows(next_id=uow.bulk.next_id(t.OutcomeCheckRow))
    for done, (prison_number, crn) in enumerate(identifiers(rng, size), start=1):
        officer_id, officer_name = rng.choice(officers)
        profile = person(
            rng,
            prison_number,
            crn,
            today,
            placements,
            [officer_id],
            lambda: long_released_offset(released_rng),
        )
        person_id = next_person_id
        next_person_id += 1
        officer_team = officer_teams[officer_id]
        office = offices.get(officer_team) if officer_team is not None else None
        staffing = Staffing(officer_id, officer_name, providers, catalogue, office)
        marks = (len(rows.essentials), len(rows.support_needs), len(rows.referrals))
        summary = add_case(rows, rng, person_id, profile, today, staffing)
        critical, other = summary.open_critical, summary.open_other
        add_outcome_checks(
            outcomes,
            outcome_rng,
            person_id,
            profile.release_date,
            summary.statuses[Pathway.DRUGS_ALCOHOL] in TREATMENT_NEED_STATUSES,
            today,
            officer_id,
            officer_name,
        )
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
            profile.release_date,
            recommended_for(profile, summary, today, pack, rng),
            pack.version,
        )
        people.append(
            person_records.column_values(profile)
            | {
                "id": person_id,
                "team_id": officer_teams[officer_id],
                "version": 1,
                "open_critical_essentials": critical,
                "open_other_essentials": other,
            }
        )
        if len(people) == CHUNK or done == size:
            _flush(uow, people, rows, plans, first_allocations(people, manager.id, today))
            uow.bulk.insert(t.OutcomeCheckRow, outcomes.rows)
            outcomes.rows.clear()
            if progress is not None:
                progress(done, size)
    uow.bulk.reset_id_sequences(
        [t.PersonRow, t.PlanVersionRow, t.PlanActionRow, t.OutcomeCheckRow, *_ID_KEYS.values()]
    )
    # Bulk inserts bypass the keys' listener: this also sets people.outcome_check_due_on.
    uow.people.refresh_caseload_keys()
    add_demo_referrals(uow, seed, today, team_accounts)
    _issue_plans(uow, rng, plans.agreed_people, today)
    audit.record(uow, actor, AuditAction.DEMO_LOADED, None, person_id=None, size=size, seed=seed)


def _issue_plans(
    uow: UnitOfWork, rng: random.Random, agreed_people: list[int], today: dt.date
) -> None:
    """Issue up to ``ISSUED_PLANS`` agreed plans by the real issuing code, each as the
    person's own officer (whoever loads the demo: an administrator may not issue plans), so
    their snapshots, hashes and audit rows are genuine."""
    officers: dict[int, Actor] = {}
    for person_id in agreed_people[: min(ISSUED_PLANS, len(agreed_people) * 3 // 8)]:
        person, current = uow.people.get(person_id), uow.plans.current(person_id)
        if person is None or current is None or person.responsible_officer_id is None:
            continue
        officer_id = person.responsible_officer_id
        if officer_id not in officers:
            row = uow.staff.get(officer_id)
            assert row is not None
            officers[officer_id] = authentication.actor_of(uow, row)
        issued_at = _issued_at(rng, current.agreed_at, today)
        stage_issue(
            uow, officers[officer_id], person_id, current.revision, today, issued_at=issued_at
        )


def _issued_at(
    rng: random.Random, agreed_at: dt.datetime | None, today: dt.date
) -> dt.datetime | None:
    """A demo plan is issued on the day it was agreed or up to 3 days later, by yesterday
    (nothing in the demo's history happens later today)."""
    if agreed_at is None:
        return None
    issued = agreed_at + dt.timedelta(days=rng.randint(0, 3), hours=1)
    end_of_yesterday = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(23), dt.UTC)
    return min(issued, end_of_yesterday)


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


def _teams(uow: UnitOfWork) -> list[int]:
    """The demo's teams (one already there is kept as it is), each new one with its office."""
    ids = []
    for code, name in vocabulary.TEAMS:
        row = uow.staff.team_by_code(code)
        if row is None:
            row = uow.staff.add_team(code, name)
            row.office_phone, row.office_address = vocabulary.TEAM_OFFICES[code]
        ids.append(row.id)
    return ids


def _regions(uow: UnitOfWork) -> dict[str, int]:
    """The probation regions, with the demo's teams and prisons in them (a team or prison
    already in a region stays there); their ids by code."""
    ids: dict[str, int] = {}
    for code, name, team_codes, establishment_codes in vocabulary.REGIONS:
        region = uow.regions.by_code(code) or uow.regions.add(code, name)
        places = [uow.staff.team_by_code(c) for c in team_codes] + [
            uow.staff.establishment_by_code(c) for c in establishment_codes
        ]
        for place in places:
            if place is not None and place.region_id is None:
                place.region_id = region.id
        ids[code] = region.id
    uow.flush()
    return ids


def _regional_manager(
    uow: UnitOfWork, regions: dict[str, int], seed: int, password_hash: str
) -> None:
    """``demo.regional``: a manager of one region (its name from a sequence of its own, so
    the rest of the demo stays the same for a seed)."""
    account = _staff(
        uow, random.Random(seed * 7919 + 5), "demo.regional", Role.MANAGER, password_hash
    )
    uow.accounts.replace_places(
        account.id, {"managed_region_ids": frozenset({regions[vocabulary.DEMO_REGION]})}
    )


def _establishments(uow: UnitOfWork, rng: random.Random, password_hash: str) -> list[Placement]:
    placements = []
    for code, name in vocabulary.ESTABLISHMENTS:
        row = uow.staff.establishment_by_code(code) or uow.staff.add_establishment(
            t.EstablishmentRow(code=code, name=name)
        )
        workers = tuple(
            _staff(uow, rng, f"keyworker.{code.lower()}{n}", Role.PRISON_STAFF, password_hash).id
            for n in range(1, 4)
        )
        for worker_id in workers:
            uow.staff.add_to_establishment(worker_id, row.id)
        placements.append(Placement(row.id, code, workers))
    return placements


def _programme_delivery(
    uow: UnitOfWork, placements: list[Placement], seed: int, today: dt.date, password_hash: str
) -> dict[int, int]:
    """A programme team account in each establishment (``demo.programmes`` in the first,
    ``programmes.<code>`` in the others; names from their own sequence, so the people stay the
    same for a seed) and the establishments' offerings, groups and sessions."""
    names_rng = random.Random(seed * 7919 + 2)
    team_accounts: dict[int, int] = {}
    for number, placement in enumerate(placements):
        username = "demo.programmes" if number == 0 else f"programmes.{placement.code.lower()}"
        account = _staff(uow, names_rng, username, Role.PROGRAMME_TEAM, password_hash)
        uow.staff.add_to_establishment(account.id, placement.establishment_id)
        team_accounts[placement.establishment_id] = account.id
    names = dict(vocabulary.ESTABLISHMENTS)
    add_demo_programmes(
        uow,
        [(p.establishment_id, p.code, names.get(p.code, p.code)) for p in placements],
        team_accounts,
        today,
    )
    return team_accounts


def _officers(
    uow: UnitOfWork, rng: random.Random, count: int, teams: list[int], password_hash: str
) -> list[tuple[int, str]]:
    """``officer001``... divided between the teams in turn."""
    staff = []
    for number in range(count):
        username = f"officer{number + 1:03d}"
        row = _staff(uow, rng, username, Role.OFFICER, password_hash)
        if uow.access.team_for_officer(row.id, keep=None) is None:
            uow.staff.add_to_team(row.id, teams[number % len(teams)])
        staff.append(row)
    return [(row.id, row.display_name) for row in staff]


def _unused_name(uow: UnitOfWork, rng: random.Random) -> str:
    """A staff name nobody has yet (a trial found two officers of one name in the officer
    filter): a name drawn as before (the rest of the demo draws the same numbers), and if it
    is taken the next free one in the lists' order; any name once all are taken."""
    given, family = vocabulary.OFFICER_GIVEN, vocabulary.OFFICER_FAMILY
    first = given.index(rng.choice(given)) * len(family) + family.index(rng.choice(family))
    names = len(given) * len(family)
    for step in range(names):
        number = (first + step) % names
        name = f"{given[number // len(family)]} {family[number % len(family)]}"
        if not uow.staff.display_name_taken(name):
            return name
    return name


def _staff(
    uow: UnitOfWork, rng: random.Random, username: str, role: Role, password_hash: str
) -> t.StaffRow:
    existing = uow.staff.by_username(username)
    if existing is not None:
        return existing
    name = _unused_name(uow, rng)
    row = uow.staff.add(
        t.StaffRow(
            username=username,
            display_name=name,
            email=f"{username}@example.invalid",
            phone=f"01632 {rng.randint(100000, 999999)}",
            active=True,
            password_hash=password_hash,
        )
    )
    uow.staff.add_role(row.id, role.value)
    return row
