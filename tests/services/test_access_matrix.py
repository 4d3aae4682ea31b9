"""The access matrix, through the services, on every backend: each role and the accounts
with several roles, each permission, and people in scope, out of scope, restricted with access
and restricted without, and placed so that only some of an account's roles reach them.

Who works where and where each person is placed is this module's own description
(``ACCOUNTS``, ``PLACES``); whom each account reaches, and through which of its roles, is
written out by hand from it (``REACH``), not asked of the code under test. For a permission
about one person, the use case that needs it runs against each person: it must succeed exactly
when the roles that reach the person hold the permission (the permission table), fail with
``PermissionDenied`` when the account holds it only through roles that do not reach them, and
otherwise with ``PermissionDenied`` (no role holds it) or the "not on any caseload you can
reach" refusal, worded the same as a person who does not exist. Permissions not about one
person run once, with a valid request whose effect is checked. Reads that hide parts of a
record rather than refuse it are checked in test_record_visibility.py. A new permission
without an entry here fails ``test_every_permission_is_in_the_matrix``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select, text

from resettle.domain import clock
from resettle.domain.access import (
    OutOfScope,
    Placement,
    can_reach,
    permissions_for,
    roles_reaching,
)
from resettle.domain.caseload import CaseloadFilters, CaseloadQuery
from resettle.domain.measure_figures import MeasureFilters
from resettle.domain.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    PermissionDenied,
    permissions_of,
)
from resettle.domain.programme_referral_workflow import (
    STANDARD_WORKFLOW,
    MoveNotAllowed,
    role_groups_of,
)
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor, Role
from resettle.domain.subject_access import Period
from resettle.domain.withheld import Withheld
from resettle.evidence import load_embedded_pack
from resettle.services import (
    allocation,
    authentication,
    backup,
    case_access,
    case_status,
    caseload,
    caseload_import,
    catalogue,
    evidence_pack,
    measures,
    outcome_checks,
    people,
    programme_attendance,
    programme_catalogue,
    programme_exports,
    programme_history,
    programme_offerings,
    programme_referral_places,
    programme_referrals,
    programme_sessions,
    registration,
    retention,
    staff,
    teams,
)
from resettle.services.case_record import aftercare, essentials, needs, notes, read, risk
from resettle.services.demo.loader import load_demo
from resettle.services.erasure.erase import erase_person
from resettle.services.plans import edit, printing
from resettle.services.plans import read as plan_read
from resettle.services.subject_access.export import export_subject_access
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.storage.errors import NotFound
from resettle.storage.repositories.retention import RetentionRepository
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeSessionRow,
)
from resettle.storage.tables.staff import EstablishmentRow, ManagedRegionRow
from tests.accounts import TEST_OFFICER, seed_account, team_for_tests
from tests.catalogue_words import PLAIN
from tests.disclosures import FOR_THE_PERSON
from tests.domain.test_programme_catalogue import programme_data
from tests.factories import another_person, housing_referral, staff_member

TODAY = clock.today()
ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}
PROGRAMME = {
    "programme_code": "TSP",
    "programme_name": "Thinking Skills",
    "setting": "custody",
    "outcome": "in_progress",
}
OFF, PRI, PRO, MAN = Role.OFFICER, Role.PRISON_STAFF, Role.PROGRAMME_TEAM, Role.MANAGER


@dataclass(frozen=True)
class Account:
    """Where an account works: its officer team, its prison, what it manages (codes)."""

    roles: tuple[Role, ...]
    team: str | None = None
    prison: str | None = None
    manages_teams: tuple[str, ...] = ()
    manages_prisons: tuple[str, ...] = ()
    #: Regions managed (``REGIONS``): every team and prison in them.
    manages_regions: tuple[str, ...] = ()


#: ``officer`` is the signed-in test officer (team TEST); the others are made for the world.
ACCOUNTS: dict[str, Account] = {
    "officer": Account((OFF,), team="TEST"),
    "prison_staff": Account((PRI,), prison="LEI"),
    "programme_team": Account((PRO,), prison="LEI"),
    "manager": Account((MAN,), manages_teams=("TEST",), manages_prisons=("LEI",)),
    "admin": Account((Role.ADMIN,)),
    "officer+prison_staff": Account((OFF, PRI), team="TEST", prison="LEI"),
    "manager+officer": Account((MAN, OFF), team="TEST", manages_teams=("OTHER",)),
    "officer+programme_team": Account((OFF, PRO), team="TEST", prison="LEI"),
    # Manages no team or prison by name: region NORTH holds team TEST and prison LEI.
    "regional_manager": Account((MAN,), manages_regions=("NORTH",)),
}
#: The regions and the team and prison codes in each (team OTHER and prison BLI are in none).
REGIONS: dict[str, tuple[str, ...]] = {"NORTH": ("TEST", "LEI")}


@dataclass(frozen=True)
class Place:
    """Where a person is: team and prison (codes), restricted or not, and whether every
    account is named on their access list."""

    team: str
    prison: str
    restricted: bool = False
    everyone_named: bool = False


PLACES: dict[str, Place] = {
    "in_scope": Place("TEST", "LEI"),
    "out_of_scope": Place("OTHER", "BLI"),
    "restricted_with_access": Place("TEST", "LEI", restricted=True, everyone_named=True),
    "restricted_without": Place("TEST", "LEI", restricted=True),
    "other_team_in_leeds": Place("OTHER", "LEI"),
    "restricted_elsewhere": Place("OTHER", "BLI", restricted=True, everyone_named=True),
}
SITUATIONS = tuple(PLACES)
ROLE_ACCOUNTS = ("officer", "prison_staff", "programme_team", "manager", "admin")

#: Through which roles each account reaches each person, read off ``ACCOUNTS`` and ``PLACES``
#: by hand (empty: not reached). A restricted person's named account acts through the roles
#: whose places hold the person, or through all of its case roles when none does
#: (``restricted_elsewhere``).
REACH: dict[str, dict[str, frozenset[Role]]] = {
    "officer": {
        "in_scope": frozenset({OFF}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({OFF}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset(),
        "restricted_elsewhere": frozenset({OFF}),
    },
    "prison_staff": {
        "in_scope": frozenset({PRI}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({PRI}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({PRI}),
        "restricted_elsewhere": frozenset({PRI}),
    },
    "programme_team": {
        "in_scope": frozenset({PRO}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({PRO}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({PRO}),
        "restricted_elsewhere": frozenset({PRO}),
    },
    "manager": {
        "in_scope": frozenset({MAN}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({MAN}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({MAN}),
        "restricted_elsewhere": frozenset({MAN}),
    },
    # As ``manager``: its region holds exactly what ``manager`` manages by name.
    "regional_manager": {
        "in_scope": frozenset({MAN}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({MAN}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({MAN}),
        "restricted_elsewhere": frozenset({MAN}),
    },
    "admin": dict.fromkeys(SITUATIONS, frozenset()),
    "officer+prison_staff": {
        "in_scope": frozenset({OFF, PRI}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({OFF, PRI}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({PRI}),  # prison staff only: no officer's rights
        "restricted_elsewhere": frozenset({OFF, PRI}),
    },
    "manager+officer": {
        "in_scope": frozenset({OFF}),  # officer only: may not allocate
        "out_of_scope": frozenset({MAN}),  # manager only: may not edit the record
        "restricted_with_access": frozenset({OFF}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({MAN}),
        "restricted_elsewhere": frozenset({MAN}),
    },
    "officer+programme_team": {
        "in_scope": frozenset({OFF, PRO}),
        "out_of_scope": frozenset(),
        "restricted_with_access": frozenset({OFF, PRO}),
        "restricted_without": frozenset(),
        "other_team_in_leeds": frozenset({PRO}),  # the programme team only: not a referrer
        "restricted_elsewhere": frozenset({OFF, PRO}),
    },
}


def _username(account: str) -> str:
    return TEST_OFFICER if account == "officer" else "m." + account.replace("+", ".")


@dataclass
class World:
    workspace: Workspace
    actors: dict[str, Actor]
    people: dict[str, int]
    data: dict[str, dict[str, Any]]
    plan_revisions: dict[str, int]
    officer_id: int
    other_staff_id: int
    referral: dict[str, Any]
    teams: dict[str, int]

    def uow(self) -> UnitOfWork:
        return self.workspace.uow()


def _places(workspace: Workspace) -> tuple[dict[str, int], dict[str, int]]:
    """Teams TEST and OTHER, prisons LEI and BLI: ids by code."""
    test_team = team_for_tests(workspace.database)
    with workspace.uow() as uow:
        leeds = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds")).id
        bristol = uow.staff.add_establishment(EstablishmentRow(code="BLI", name="HMP Bristol")).id
        other_team = uow.staff.add_team("OTHER", "Other team").id
        for code, places in REGIONS.items():
            region = uow.regions.add(code, f"Region {code}")
            for row in [*uow.staff.teams(), *uow.staff.establishments()]:
                if row.code in places:
                    row.region_id = region.id
        uow.commit()
    return {"TEST": test_team, "OTHER": other_team}, {"LEI": leeds, "BLI": bristol}


def _accounts(
    workspace: Workspace, teams: dict[str, int], prisons: dict[str, int], names: Iterable[str]
) -> dict[str, Actor]:
    actors = {}
    for name in names:
        if name == "officer":
            actors[name] = workspace.actor
            continue
        spec = ACCOUNTS[name]
        username = _username(name)
        staff_id = seed_account(
            workspace.database,
            username,
            spec.roles,
            team_id=teams[spec.team] if spec.team else None,
            establishment_id=prisons[spec.prison] if spec.prison else None,
            managed_team_ids=[teams[code] for code in spec.manages_teams],
            managed_establishment_ids=[prisons[code] for code in spec.manages_prisons],
        )
        if spec.manages_regions:
            with workspace.uow() as uow:
                for code in spec.manages_regions:
                    region = uow.regions.by_code(code)
                    assert region is not None
                    uow.session.add(ManagedRegionRow(staff_id=staff_id, region_id=region.id))
                uow.commit()
        actors[name] = Actor(
            id=staff_id, username=username, display_name=name, roles=frozenset(spec.roles)
        )
    return actors


def _build_world(workspace: Workspace, with_people: bool = True) -> World:
    """Every account of ``ACCOUNTS`` and, unless ``with_people`` is False, every person of
    ``PLACES``, each made by the test officer with a plan and then placed."""
    teams, prisons = _places(workspace)
    actors = _accounts(workspace, teams, prisons, ACCOUNTS)
    people_ids, data, plans = {}, {}, {}
    for n, situation in enumerate(SITUATIONS if with_people else (), start=1):
        person = another_person(n, establishment_id=prisons["LEI"])
        detail = registration.register_person(workspace.actor, workspace.uow(), person)
        people_ids[situation] = detail.id
        data[situation] = person
        plans[situation] = edit.save_plan(
            workspace.actor, workspace.uow(), detail.id, None, [ACTION]
        ).revision
    with workspace.uow() as uow:
        for situation, person_id in people_ids.items():
            place, row = PLACES[situation], uow.people.get(person_id)
            assert row is not None
            row.team_id, row.establishment_id = teams[place.team], prisons[place.prison]
            row.restricted = place.restricted
            if place.everyone_named:
                uow.session.add_all(
                    PersonAccessRow(person_id=person_id, staff_id=actor.id, kind=ALLOWED)
                    for actor in actors.values()
                )
        uow.commit()
    colleague = staff_member(workspace, "m.colleague")
    referral = housing_referral(workspace)
    return World(
        workspace,
        actors,
        people_ids,
        data,
        plans,
        workspace.actor.id,
        colleague.id,
        referral,
        teams,
    )


@pytest.fixture
def world(workspace: Workspace) -> World:
    return _build_world(workspace)


def _revision(world: World, person_id: int, part: str) -> int:
    with world.uow() as uow:
        return uow.case.part_revisions(person_id).get(part, 0)


def _version(world: World, person_id: int) -> int:
    with world.uow() as uow:
        row = uow.people.get(person_id)
        return row.version if row is not None else 1


def _keep_access(world: World, actor: Actor, situation: str) -> Any:
    """Save the person's access as it is (a valid change, audited)."""
    place = PLACES[situation]
    named = [a.id for a in world.actors.values()] if place.everyone_named else []
    return case_access.set_person_access(
        actor,
        world.uow(),
        world.people[situation],
        restricted=place.restricted,
        allowed_staff_ids=named,
        excluded_staff_ids=[],
        reason="Reviewed",
        expected_revision=0,
    )


PersonUseCase = Callable[[World, Actor, str], Any]


def _record_outcome_check(world: World, actor: Actor, situation: str) -> Any:
    """The person released three days ago (written directly), then their first night."""
    from resettle.storage.tables.people import PersonRow

    released = TODAY - dt.timedelta(days=3)
    with world.uow() as uow:
        person = uow.session.get(PersonRow, world.people[situation])
        if person is not None:
            person.release_date = released
            uow.commit()
    return outcome_checks.record_outcome_check(
        actor,
        world.uow(),
        world.people[situation],
        {"point": "first_night", "checked_on": TODAY, "accommodation": "settled"},
    )


def _give_place(world: World, actor: Actor, situation: str) -> Any:
    """A referral of the person assessed as suitable (written directly) given a place in a
    new group at the person's prison."""
    with world.uow() as uow:
        programme = uow.programmes.programme_by_code("BC-MOD")
        if uow.people.get(world.people[situation]) is None or programme is None:
            referral_id = group_id = 999_999  # refused before anything is read
        else:
            # At the person's prison: a place is given only in a group where they are held.
            person = uow.people.get(world.people[situation])
            assert person is not None
            offering = ProgrammeOfferingRow(programme_id=programme.id, team_id=None)
            offering.establishment_id = person.establishment_id
            uow.programmes.add(offering)
            group = ProgrammeGroupRow(
                offering_id=offering.id,
                code="M1",
                capacity=99,
                starts_on=TODAY,
                ends_on=TODAY + dt.timedelta(days=60),
                schedule=[],
                facilitator_ids=[],
            )
            uow.programmes.add(group)
            now = uow.programme_referrals.database_now()
            referral = ProgrammeReferralRow(
                person_id=world.people[situation],
                programme_id=programme.id,
                status="assessed_suitable",
                status_since=now,
                referred_at=now,
                revision=1,
            )
            uow.programme_referrals.add(referral)
            uow.commit()
            referral_id, group_id = referral.id, group.id
    return programme_referral_places.give_group_place(actor, world.uow(), referral_id, 1, group_id)


PERSON_USE_CASES: dict[Permission, PersonUseCase] = {
    Permission.VIEW_PERSON: lambda w, a, s: read.open_case_record(a, w.uow(), w.people[s]),
    Permission.REVIEW_RETENTION: lambda w, a, s: retention.keep_after_review(
        a,
        w.uow(),
        w.people[s],
        {"reason": "Still needed", "next_review_on": TODAY + dt.timedelta(days=30)},
    ),
    Permission.ERASE_PERSON: lambda w, a, s: erase_person(
        a, w.uow(), w.data[s]["prison_number"], "subject_request"
    ),
    Permission.EDIT_PERSON: lambda w, a, s: people.update_person(
        a, w.uow(), w.people[s], _version(w, w.people[s]), {**w.data[s], "gender": "Woman"}
    ),
    Permission.EDIT_NEEDS: lambda w, a, s: needs.save_pathway_need(
        a,
        w.uow(),
        w.people[s],
        _revision(w, w.people[s], "needs"),
        {"pathway": "accommodation", "status": "support_required", "severity": "high"},
    ),
    Permission.EDIT_ESSENTIALS: lambda w, a, s: essentials.save_essential(
        a,
        w.uow(),
        w.people[s],
        _revision(w, w.people[s], "essentials"),
        {"kind": "gp_registration", "status": "to_do"},
    ),
    Permission.EDIT_REFERRALS: lambda w, a, s: aftercare.add_referral(
        a, w.uow(), w.people[s], w.referral
    ),
    Permission.ADD_NOTES: lambda w, a, s: notes.add_case_note(
        a, w.uow(), w.people[s], {"text": "Met today."}
    ),
    Permission.RECORD_PROGRAMME_HISTORY: lambda w, a, s: programme_history.record_programme_entry(
        a, w.uow(), w.people[s], PROGRAMME
    ),
    Permission.RECORD_OUTCOME_CHECKS: lambda w, a, s: _record_outcome_check(w, a, s),
    # Read as the command line does, which audits it as an opening of the record.
    Permission.VIEW_OUTCOME_CHECKS: lambda w, a, s: outcome_checks.outcome_checks(
        a, w.uow(), w.people[s], opened_from=ViewPlace.COMMAND_LINE
    ),
    Permission.EDIT_RISK: lambda w, a, s: risk.set_case_flags(
        a, w.uow(), w.people[s], _revision(w, w.people[s], "risk"), []
    ),
    Permission.EDIT_PLAN: lambda w, a, s: edit.save_plan(
        a, w.uow(), w.people[s], w.plan_revisions[s], [ACTION, {**ACTION, "what": "Bank"}]
    ),
    Permission.AGREE_PLAN: lambda w, a, s: edit.agree(
        a, w.uow(), w.people[s], w.plan_revisions[s], {"agreed_by_person": False}
    ),
    Permission.PRINT_PLAN: lambda w, a, s: printing.plan_pdf(
        a, w.uow(), w.people[s], reason=FOR_THE_PERSON
    ),
    Permission.CLOSE_CASE: lambda w, a, s: case_status.close_case(
        a, w.uow(), w.people[s], {"reason": "transferred_out"}
    ),
    Permission.ALLOCATE_CASES: lambda w, a, s: allocation.allocate_people(
        a, w.uow(), [w.people[s]], w.other_staff_id
    ),
    Permission.RESTRICT_ACCESS: lambda w, a, s: _keep_access(w, a, s),
    Permission.EXPORT_SUBJECT_ACCESS: lambda w, a, s: export_subject_access(
        a, w.uow(), w.data[s]["prison_number"], Period()
    ),
    Permission.REFER_TO_PROGRAMMES: lambda w, a, s: programme_referrals.refer_to_programme(
        a, w.uow(), w.people[s], {"programme_code": "BC-MOD"}
    ),
    Permission.MANAGE_PROGRAMME_REFERRALS: _give_place,
}

OtherUseCase = Callable[[World, Actor], Any]
#: ``check(world, account, result)``: the use case did what was asked.
Effect = Callable[[World, str, Any], None]


def _caseload_counted(world: World, account: str, counted: Any) -> None:
    assert counted == sum(bool(REACH[account][s]) for s in SITUATIONS)


def _registered(world: World, account: str, detail: Any) -> None:
    with world.uow() as uow:
        row = uow.people.get(detail.id)
        assert row is not None and row.prison_number == another_person(90)["prison_number"]


def _staff_listed(world: World, account: str, listed: Any) -> None:
    assert {a.username for a in world.actors.values()} <= {s.username for s in listed}


def _catalogued(world: World, account: str, _entry: Any) -> None:
    entry = catalogue.list_catalogue(world.actors[account], world.uow()).get("matrix_need")
    assert entry is not None and entry.label == "Matrix need"


def _officer_outside(world: World) -> int:
    """An officer of neither TEST nor OTHER, whom cover on either lets in (cover for an
    officer already in the team is refused)."""
    with world.uow() as uow:
        team = uow.staff.team_by_code("THIRD") or uow.staff.add_team("THIRD", "Third team")
        uow.commit()
        team_id = team.id
    return seed_account(world.workspace.database, "m.outsider", team_id=team_id)


def _cover_granted(world: World, account: str, cover_id: Any) -> None:
    covers = case_access.list_cover(world.actors[account], world.uow())
    assert [(c.id, c.staff_id, c.active) for c in covers] == [
        (cover_id, _officer_outside(world), True)
    ]


def _pack_imported(world: World, account: str, _metadata: Any) -> None:
    status = evidence_pack.pack_status(world.actors[account], world.uow())
    assert status.metadata.pack_version == "9.0.0"


def _demo_loaded(world: World, account: str, size: Any) -> None:
    with world.uow() as uow:
        assert size == uow.people.count() == 1


def _password_reset(world: World, account: str, _none: Any) -> None:
    colleague = authentication.sign_in(world.uow(), "m.colleague", TEMPORARY_PASSWORD)
    assert colleague.actor.id == world.other_staff_id and colleague.must_change_password


def _team_created(world: World, account: str, team: Any) -> None:
    with world.uow() as uow:
        row = uow.staff.team_by_code("MTX")
        assert row is not None and row.id == team.id and row.name == "Matrix team"


def _pack_bytes() -> bytes:
    data = json.loads(load_embedded_pack().raw)
    data["pack_version"] = "9.0.0"
    data["changelog"].insert(
        0, {"version": "9.0.0", "date": data["release_date"], "changes": ["Matrix import."]}
    )
    return json.dumps(data).encode()


def _managed_team(world: World, actor: Actor) -> int:
    account = next(name for name, a in world.actors.items() if a.id == actor.id)
    codes = ACCOUNTS[account].manages_teams
    return world.teams[codes[0]] if codes else world.teams["TEST"]


TEMPORARY_PASSWORD = "harbour-violet-kettle-93"


def _programme_added(world: World, account: str, _programme: Any) -> None:
    listed = programme_catalogue.list_programmes(world.actors[account], world.uow())
    assert listed.require("TEST-PROG").name == "Test programme"


def _offering_created(world: World, account: str, offering: Any) -> None:
    listing = programme_offerings.list_programme_offerings(world.actors[account], world.uow())
    assert [(o.id, o.programme_code) for o in listing.offerings] == [(offering.id, "BC-MOD")]


def _rule_saved(world: World, account: str, rule: Any) -> None:
    with world.uow() as uow:
        names = [row.name for row in RetentionRepository(uow.session).rules()]
    assert rule.name == "Matrix rule" and "Matrix rule" in names


def _backed_up(world: World, account: str, _none: Any) -> None:
    with world.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEntryRow.action).where(AuditEntryRow.actor_id == world.actors[account].id)
        ).all()
    assert "database.backed_up" in actions


#: A valid request for each permission not about one person, and the check of its effect.
OTHER_USE_CASES: dict[Permission, tuple[OtherUseCase, Effect]] = {
    Permission.MANAGE_RETENTION: (
        lambda w, a: retention.save_retention_rule(
            a, w.uow(), None, {"name": "Matrix rule", "counts_from": "release_date", "years": 1}
        ),
        _rule_saved,
    ),
    Permission.VIEW_CASELOAD: (
        lambda w, a: caseload.count_caseload(a, w.uow(), CaseloadQuery()),
        _caseload_counted,
    ),
    Permission.REGISTER_PERSON: (
        lambda w, a: registration.register_person(a, w.uow(), another_person(90)),
        _registered,
    ),
    Permission.LIST_STAFF: (lambda w, a: staff.list_staff(a, w.uow()), _staff_listed),
    Permission.MANAGE_CATALOGUE: (
        lambda w, a: catalogue.add_catalogue_entry(
            a,
            w.uow(),
            {"code": "matrix_need", "pathway": "health", "label": "Matrix need", **PLAIN},
        ),
        _catalogued,
    ),
    Permission.GRANT_COVER: (
        lambda w, a: case_access.grant_cover(
            a,
            w.uow(),
            _officer_outside(w),
            _managed_team(w, a),
            TODAY + dt.timedelta(days=3),
            "Leave",
        ),
        _cover_granted,
    ),
    Permission.MANAGE_EVIDENCE: (
        lambda w, a: evidence_pack.import_evidence_pack(a, w.uow(), _pack_bytes()),
        _pack_imported,
    ),
    Permission.LOAD_DEMO_DATA: (lambda w, a: load_demo(a, w.uow(), 1), _demo_loaded),
    Permission.MANAGE_ACCOUNTS: (
        lambda w, a: authentication.reset_password(
            a, w.uow(), w.other_staff_id, TEMPORARY_PASSWORD
        ),
        _password_reset,
    ),
    Permission.MANAGE_TEAMS: (
        lambda w, a: teams.create_team(a, w.uow(), "MTX", "Matrix team"),
        _team_created,
    ),
    Permission.BACKUP_DATABASE: (
        lambda w, a: backup.record_backup(a, w.uow(), "sqlite"),
        _backed_up,
    ),
    Permission.MANAGE_PROGRAMME_CATALOGUE: (
        lambda w, a: programme_catalogue.add_programme(a, w.uow(), programme_data()),
        _programme_added,
    ),
    Permission.MANAGE_PROGRAMME_OFFERINGS: (
        lambda w, a: programme_offerings.create_offering(
            a, w.uow(), {"programme_code": "BC-MOD", "team_id": _managed_team(w, a)}
        ),
        _offering_created,
    ),
}


def _run_sessions(world: World, actor: Actor) -> Any:
    """A group, set up directly, at the account's prison or the prison it manages (Leeds),
    else at the team it manages, whose sessions ``actor`` generates."""
    from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow

    account = next(name for name, a in world.actors.items() if a.id == actor.id)
    at_prison = bool(ACCOUNTS[account].prison or ACCOUNTS[account].manages_prisons)
    with world.uow() as uow:
        leeds = uow.staff.establishment_by_code("LEI")
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert leeds is not None and programme is not None
        offering = ProgrammeOfferingRow(
            programme_id=programme.id,
            establishment_id=leeds.id if at_prison else None,
            team_id=None if at_prison else _managed_team(world, actor),
            contact="",
            active=True,
        )
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="MTX-1",
            capacity=10,
            starts_on=dt.date(2027, 1, 4),
            ends_on=dt.date(2027, 6, 25),
            schedule=[
                {"weekday": "monday", "starts_at": "09:30", "minutes": 150},
                {"weekday": "thursday", "starts_at": "09:30", "minutes": 150},
            ],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        group_id = group.id
        uow.commit()
    return group_id, programme_sessions.generate_group_sessions(actor, world.uow(), group_id)


def _sessions_generated(world: World, account: str, outcome: Any) -> None:
    group_id, generated = outcome
    listed = programme_sessions.list_group_sessions(world.actors[account], world.uow(), group_id)
    assert len(listed) == len(generated.sessions) > 0


OTHER_USE_CASES[Permission.RUN_PROGRAMME_SESSIONS] = (_run_sessions, _sessions_generated)


def _export_attendance(world: World, actor: Actor) -> Any:
    """Leeds's weekly attendance CSV rows for the last week (none in this world)."""
    return programme_exports.weekly_attendance_export(
        actor, world.uow(), "LEI", TODAY - dt.timedelta(days=7), TODAY
    )


def _attendance_exported(world: World, account: str, rows: Any) -> None:
    assert rows == ()
    with world.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEntryRow.action).where(AuditEntryRow.actor_id == world.actors[account].id)
        )
        assert "programme_attendance.exported" in set(actions)


OTHER_USE_CASES[Permission.EXPORT_PROGRAMME_DATA] = (_export_attendance, _attendance_exported)


def _caseload_exported(world: World, account: str, text: Any) -> None:
    """The file lists exactly the people the account reaches through a role that may export
    (an officer who is also prison staff: not the prison's other people), and is audited."""
    import csv
    import io

    from resettle.domain.permissions import permissions_of

    exporting = {r for r in Role if Permission.EXPORT_CASELOAD in permissions_of((r,))}
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert len(rows) == sum(bool(REACH[account][s] & exporting) for s in SITUATIONS)
    with world.uow() as uow:
        actions = uow.session.scalars(
            select(AuditEntryRow.action).where(AuditEntryRow.actor_id == world.actors[account].id)
        )
        assert "caseload.exported" in set(actions)


OTHER_USE_CASES[Permission.EXPORT_CASELOAD] = (
    lambda w, a: caseload.caseload_csv(a, w.uow(), CaseloadQuery()),
    _caseload_exported,
)

_IMPORT_FILE = (
    b"Prison number,CRN,Given name,Family name,Date of birth,Sex\r\n"
    b"M0001AA,M000001,Matrix,Imported,01/01/1980,male\r\n"
)


def _import_one(world: World, actor: Actor) -> Any:
    """One person imported into the first team the account may import into."""
    from resettle.domain.import_file import read_import_file

    teams = caseload_import.importable_teams(actor, world.uow())
    assert teams, "an account that may import reaches a team to import into"
    source = read_import_file("matrix.csv", _IMPORT_FILE)
    return caseload_import.import_people(actor, world.uow(), source, teams[0][0])


def _imported(world: World, account: str, outcome: Any) -> None:
    assert (outcome.created, outcome.committed) == (1, True)
    with world.uow() as uow:
        row = uow.people.by_prison_number("M0001AA")
        assert row is not None
        team_id = row.team_id
    teams = caseload_import.importable_teams(world.actors[account], world.uow())
    assert team_id in {t[0] for t in teams}


OTHER_USE_CASES[Permission.IMPORT_PEOPLE] = (_import_one, _imported)

#: Permissions that hide part of a record instead of refusing it (test_record_visibility.py).


def _measured(world: World, account: str, figures: Any) -> None:
    """Caseload per officer adds up to the open cases the account reaches through a role
    that sees the measures, no more."""
    from resettle.domain.permissions import permissions_of

    seeing = {r for r in Role if Permission.VIEW_MEASURES in permissions_of((r,))}
    per_officer = [f.numerator for f in figures if f.code == "caseload_per_officer"]
    assert sum(per_officer) == sum(bool(REACH[account][s] & seeing) for s in SITUATIONS)


OTHER_USE_CASES[Permission.VIEW_MEASURES] = (
    lambda w, a: measures.measure_figures(a, w.uow(), MeasureFilters.for_period(TODAY)),
    _measured,
)

READ_FILTERS = {
    Permission.VIEW_RISK_DETAILS,
    Permission.VIEW_NOTES,
    Permission.VIEW_PLAN_OFFICER_TEXT,
}


#: Permissions that put a role in a programme referral workflow role group: what the account
#: may do to one person's referral is the moves of the groups of the roles reaching them
#: (``test_the_workflow_role_groups_acting_on_each_person_follow_the_reach``); refer and
#: group places are also in ``PERSON_USE_CASES``.
WORKFLOW_GROUPS = {
    Permission.REFER_TO_PROGRAMMES: "referrer",
    Permission.MANAGE_PROGRAMME_REFERRALS: "programme_team",
}


def test_every_permission_is_in_the_matrix() -> None:
    covered = set(PERSON_USE_CASES) | set(OTHER_USE_CASES) | READ_FILTERS | set(WORKFLOW_GROUPS)
    assert covered == set(Permission)


#: Each role's workflow role groups, by hand.
GROUPS_BY_HAND: dict[Role, set[str]] = {
    OFF: {"referrer"},
    PRI: {"referrer"},
    PRO: {"programme_team"},
    MAN: set(),
    Role.ADMIN: set(),
}


def test_the_workflow_role_groups_acting_on_each_person_follow_the_reach(world: World) -> None:
    """The groups come from the roles that reach the person, on the data the services read:
    an officer in the programme team acts on a person of another team in its prison as the
    programme team only; and each group is the roles holding its permission."""
    for permission, group in WORKFLOW_GROUPS.items():
        assert {r for r in Role if permission in ROLE_PERMISSIONS.get(r, ())} == {
            r for r, groups in GROUPS_BY_HAND.items() if group in groups
        }
    for account, actor in world.actors.items():
        with world.uow() as uow:
            scope = uow.access.scope_of(actor.id, uow.access.roles_of(actor.id), TODAY)
            placements = {s: uow.access.placement(world.people[s]) for s in SITUATIONS}
        for situation, placement in placements.items():
            assert isinstance(placement, Placement)
            groups = {g.value for g in role_groups_of(roles_reaching(scope, placement))}
            expected = set().union(*(GROUPS_BY_HAND[r] for r in REACH[account][situation]))
            assert groups == expected, (account, situation)
    both = world.actors["officer+programme_team"]
    with world.uow() as uow:
        scope = uow.access.scope_of(both.id, uow.access.roles_of(both.id), TODAY)
        theirs = uow.access.placement(world.people["other_team_in_leeds"])
    assert theirs is not None
    with pytest.raises(MoveNotAllowed, match=r"^The programme team may not"):
        STANDARD_WORKFLOW.check_move("on_programme", "withdrawn", roles_reaching(scope, theirs))


def test_the_reach_written_out_is_the_accounts_and_places_described() -> None:
    """A guard on the hand-written table: every account and person is in it, and only roles
    the account holds reach anyone."""
    assert set(REACH) == set(ACCOUNTS)
    for account, row in REACH.items():
        assert set(row) == set(PLACES), account
        assert all(roles <= set(ACCOUNTS[account].roles) for roles in row.values()), account
        assert not row["restricted_without"] and not any(REACH["admin"].values())


def test_the_rule_reaches_whom_the_description_says(world: World) -> None:
    """The domain rule, on the data the services read, against the hand-written table."""
    for account, actor in world.actors.items():
        with world.uow() as uow:
            scope = uow.access.scope_of(actor.id, uow.access.roles_of(actor.id), TODAY)
            placements = {s: uow.access.placement(world.people[s]) for s in SITUATIONS}
        for situation, placement in placements.items():
            assert isinstance(placement, Placement)
            reached = roles_reaching(scope, placement)
            assert reached == REACH[account][situation], (account, situation)
            assert can_reach(scope, placement) == bool(reached)
            assert permissions_for(scope, placement) == permissions_of(reached)


def _expected(account: str, permission: Permission, situation: str) -> str:
    if permission not in permissions_of(ACCOUNTS[account].roles):
        return "no permission"
    reaching = REACH[account][situation]
    if not reaching:
        return "not reached"
    return "done" if permission in permissions_of(reaching) else "no permission"


#: Reached, but held at a prison whose groups the account does not run: a group place is
#: given only in a group of the person's prison that the account's programme team runs
#: (the Leeds programme team reaches a Bristol person named on their access list, and the
#: Bristol group is out of its reach).
NOT_RUN_THERE = {(Permission.MANAGE_PROGRAMME_REFERRALS, "restricted_elsewhere")}


def _outcome(run: Callable[[], Any]) -> str:
    try:
        run()
    except PermissionDenied:
        return "no permission"
    except (OutOfScope, NotFound) as error:
        assert str(error) == str(OutOfScope()), "an unreachable person reads as not existing"
        return "not reached"
    return "done"


def _no_world(workspace: Workspace, account: str) -> World:
    """For an account without the permission: the refusal comes before anything is read, so
    the people need not exist (building the world for every cell would double the time)."""
    actor = (
        workspace.actor
        if account == "officer"
        else Actor(
            id=seed_account(workspace.database, _username(account), ACCOUNTS[account].roles),
            username=_username(account),
            display_name=account,
            roles=frozenset(ACCOUNTS[account].roles),
        )
    )
    return World(
        workspace,
        {account: actor},
        {s: 9_000 + n for n, s in enumerate(SITUATIONS)},
        {s: another_person(n) for n, s in enumerate(SITUATIONS, start=1)},
        dict.fromkeys(SITUATIONS, 1),
        workspace.actor.id,
        workspace.actor.id,
        {},
        {},
    )


def _audited_for(world: World, actor: Actor, person_id: int) -> int:
    """Audit rows naming the actor and the person: every use case that reads a record or
    changes it leaves one, so "done" is seen in its effect, not only in no refusal."""
    with world.uow() as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(AuditEntryRow)
                .where(AuditEntryRow.actor_id == actor.id, AuditEntryRow.person_id == person_id)
            )
            or 0
        )


@pytest.mark.parametrize("account", list(ACCOUNTS))
@pytest.mark.parametrize("permission", list(PERSON_USE_CASES), ids=lambda p: p.value)
def test_person_use_cases_follow_the_permission_table_and_the_reach(
    request: pytest.FixtureRequest, workspace: Workspace, account: str, permission: Permission
) -> None:
    allowed = permission in permissions_of(ACCOUNTS[account].roles)
    world = request.getfixturevalue("world") if allowed else _no_world(workspace, account)
    actor = world.actors[account]
    use_case = PERSON_USE_CASES[permission]
    for situation in SITUATIONS:
        expected = _expected(account, permission, situation)
        if expected == "done" and (permission, situation) in NOT_RUN_THERE:
            expected = "not reached"
        before = _audited_for(world, actor, world.people[situation]) if allowed else 0
        outcome = _outcome(lambda: use_case(world, actor, situation))  # noqa: B023
        assert outcome == expected, (account, permission.value, situation)
        if allowed:
            after = _audited_for(world, actor, world.people[situation])
            assert (after > before) == (outcome == "done"), (account, permission.value, situation)


@pytest.mark.parametrize("account", list(ACCOUNTS))
@pytest.mark.parametrize("permission", list(OTHER_USE_CASES), ids=lambda p: p.value)
def test_other_use_cases_follow_the_permission_table(
    workspace: Workspace, account: str, permission: Permission
) -> None:
    """A valid request: refused exactly when no role of the account holds the permission,
    and otherwise done, with its effect checked. Only the caseload's and the measures' counts
    need the people (and demo data loads only into a database with none)."""
    counts = (Permission.VIEW_CASELOAD, Permission.EXPORT_CASELOAD, Permission.VIEW_MEASURES)
    world = _build_world(workspace, with_people=permission in counts)
    actor = world.actors[account]
    run, effect = OTHER_USE_CASES[permission]
    if permission not in permissions_of(ACCOUNTS[account].roles):
        with pytest.raises(PermissionDenied):
            run(world, actor)
        return
    effect(world, account, run(world, actor))


@pytest.mark.parametrize("account", [a for a in ACCOUNTS if a != "admin"])
def test_the_caseload_and_a_search_show_exactly_the_people_reached(
    world: World, account: str
) -> None:
    """Lists show every person any of the account's roles reaches."""
    actor = world.actors[account]
    expected = {world.people[s] for s in SITUATIONS if REACH[account][s]}
    query = CaseloadQuery(filters=CaseloadFilters(include_closed=True), limit=100)
    shown = {row.id for row in caseload.list_caseload(actor, world.uow(), query).rows}
    assert shown == expected
    assert caseload.count_caseload(actor, world.uow(), query) == len(expected)
    for situation in SITUATIONS:
        prison_number = world.data[situation]["prison_number"]
        searched = caseload.list_caseload(
            actor, world.uow(), query.model_copy(update={"search": prison_number})
        )
        found = {row.id for row in searched.rows}
        assert found == ({world.people[situation]} & expected), situation
        if world.people[situation] not in expected:
            with pytest.raises(OutOfScope):
                people.find_person_id(actor, world.uow(), prison_number)


@pytest.mark.parametrize("account", [a for a in ACCOUNTS if a != "admin"])
def test_a_figures_people_on_the_caseload_are_the_figures_within_the_reach(
    world: World, account: str
) -> None:
    """The caseload filtered by a figure (caseload per officer, every officer's) lists the
    figure's count of people, all reached through a role that sees the measures, and no
    one else; an account without the measures is refused."""
    from resettle.domain.caseload_figure import CaseloadFigure
    from resettle.domain.measure_figures import Part
    from resettle.domain.permissions import permissions_of

    actor = world.actors[account]
    filters = MeasureFilters.for_period(TODAY)
    if Permission.VIEW_MEASURES not in permissions_of(ACCOUNTS[account].roles):
        figure = CaseloadFigure(key="MI014", part=Part.NUMERATOR, filters=filters)
        with pytest.raises(PermissionDenied):
            caseload.list_caseload(actor, world.uow(), CaseloadQuery(figure=figure))
        return
    seeing = {r for r in Role if Permission.VIEW_MEASURES in permissions_of((r,))}
    expected = {world.people[s] for s in SITUATIONS if REACH[account][s] & seeing}
    listed: set[int] = set()
    for found in measures.measure_figures(actor, world.uow(), filters):
        if found.code != "caseload_per_officer":
            continue
        figure = CaseloadFigure(key=found.key, part=Part.NUMERATOR, filters=filters)
        query = CaseloadQuery(figure=figure, limit=100)
        rows = {row.id for row in caseload.list_caseload(actor, world.uow(), query).rows}
        assert len(rows) == found.numerator == caseload.count_caseload(actor, world.uow(), query)
        listed |= rows
    assert listed == expected


def test_an_account_acts_on_each_person_through_the_roles_that_reach_them(
    world: World,
) -> None:
    """The record read says what the account may do to that person (the window's tabs follow
    it), and hides what the reaching roles may not see."""
    both = world.actors["officer+prison_staff"]
    mine = read.open_case_record(both, world.uow(), world.people["in_scope"])
    theirs = read.open_case_record(both, world.uow(), world.people["other_team_in_leeds"])
    assert mine.permissions == permissions_of({OFF, PRI}) and not mine.withheld
    assert theirs.permissions == ROLE_PERMISSIONS[PRI]
    assert theirs.withheld == set(Withheld)  # prison staff see none of the withheld parts
    plan = plan_read.get_plan(both, world.uow(), world.people["other_team_in_leeds"])
    assert plan.withheld == {Withheld.PLAN_OFFICER_TEXT}


def test_an_administrator_has_no_caseload(world: World) -> None:
    admin = world.actors["admin"]
    with pytest.raises(PermissionDenied):
        caseload.list_caseload(admin, world.uow(), CaseloadQuery())
    with pytest.raises(PermissionDenied):
        plan_read.get_plan(admin, world.uow(), world.people["in_scope"])


def test_cover_lets_an_officer_of_another_team_reach_its_people_until_it_ends(
    world: World,
) -> None:
    manager = world.actors["manager"]
    with world.uow() as uow:
        other_team = uow.staff.add_team("THIRD", "Third team").id
        uow.commit()
    outsider = staff_member(world.workspace, "o.outsider")
    with world.uow() as uow:  # move the outsider to the third team
        uow.session.execute(
            text("UPDATE team_members SET team_id = :t WHERE staff_id = :s"),
            {"t": other_team, "s": outsider.id},
        )
        uow.commit()
    person = world.people["in_scope"]
    with pytest.raises(OutOfScope):
        read.open_case_record(outsider, world.uow(), person)
    with world.uow() as uow:
        team = uow.access.team_for_officer(world.officer_id, keep=None)
    assert team is not None
    assert [t.code for t in case_access.managed_teams(manager, world.uow())] == ["TEST"]
    cover = case_access.grant_cover(
        manager, world.uow(), outsider.id, team, TODAY + dt.timedelta(days=3), "Leave cover"
    )
    read.open_case_record(outsider, world.uow(), person)
    case_access.end_cover(manager, world.uow(), cover)
    with pytest.raises(OutOfScope):
        read.open_case_record(outsider, world.uow(), person)


def _one_to_one(world: World, actor: Actor, situation: str) -> Any:
    """A one-to-one session tied to the person's place (the place written directly): the
    attendance use cases' check of the programme team and the reach."""
    with world.uow() as uow:
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, team_id=None)
        # At Leeds, where the accounts' programme team runs the groups (a session elsewhere
        # is out of their reach).
        leeds = uow.staff.establishment_by_code("LEI")
        assert leeds is not None
        offering.establishment_id = leeds.id
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="A1",
            capacity=99,
            starts_on=TODAY,
            ends_on=TODAY + dt.timedelta(days=60),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        now = uow.programme_referrals.database_now()
        referral = ProgrammeReferralRow(
            person_id=world.people[situation],
            programme_id=programme.id,
            status="on_programme",
            status_since=now,
            referred_at=now,
            revision=1,
        )
        uow.programme_referrals.add(referral)
        uow.programme_referrals.add(
            ProgrammeGroupMemberRow(
                group_id=group.id,
                referral_id=referral.id,
                person_id=referral.person_id,
                # Held since before the session: a register lists the places held at it.
                joined_at=now - dt.timedelta(days=1),
            )
        )
        session = ProgrammeSessionRow(
            group_id=group.id,
            sequence=1,
            module_number=1,
            session_number=1,
            name="One-to-one",
            session_type="one_to_one",
            starts_at=now - dt.timedelta(hours=3),
            ends_at=now - dt.timedelta(hours=2),
            is_catch_up=False,
        )
        uow.programmes.add(session)
        uow.commit()
        session_id, referral_id = session.id, referral.id
    programme_attendance.assign_one_to_one(actor, world.uow(), session_id, referral_id)
    return session_id


@pytest.mark.parametrize(
    "account",
    [
        a
        for a in ACCOUNTS
        if Permission.MANAGE_PROGRAMME_REFERRALS in permissions_of(ACCOUNTS[a].roles)
    ],
)
def test_attendance_follows_the_programme_teams_reach(world: World, account: str) -> None:
    """Tying a one-to-one session to a person (and so marking them) is the programme team's,
    for the people a programme-team role of the account reaches: refused as for the referral
    moves otherwise; when done, the session's register holds just that person."""
    actor = world.actors[account]
    permission = Permission.MANAGE_PROGRAMME_REFERRALS
    for situation in SITUATIONS:
        expected = _expected(account, permission, situation)
        before = _audited_for(world, actor, world.people[situation])
        found: list[int] = []
        outcome = _outcome(lambda: found.append(_one_to_one(world, actor, situation)))  # noqa: B023
        assert outcome == expected, (account, situation)
        assert (_audited_for(world, actor, world.people[situation]) > before) == (outcome == "done")
        if found:
            read = programme_attendance.register_for_session(actor, world.uow(), found[0])
            assert [r.person_id for r in read.sheet.rows] == [world.people[situation]]
