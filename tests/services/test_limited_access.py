"""Outside the access a person does not exist: every use case that takes a person refuses one
the account cannot reach with the same error and words as a person who was never there, and
counts say when they leave limited-access cases out (without saying how many)."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from resettle.domain.access import OutOfScope
from resettle.domain.case_flags import CaseFlag
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.errors import DomainError
from resettle.domain.staff import Actor, Role
from resettle.evidence import load_embedded_pack
from resettle.services import allocation, case_access, caseload, people, record_changes
from resettle.services.case_record import aftercare, notes
from resettle.services.person_access import CONCURRENT_EDIT_MESSAGE
from resettle.services.plans.printing import PlanFormat
from resettle.services.workspace import Workspace
from resettle.storage.errors import ConcurrentEdit
from tests.accounts import seed_account
from tests.disclosures import FOR_THE_PERSON
from tests.factories import TODAY, another_person, establishment, person_data, staff_member
from tests.services.test_units_of_work import ACTION, public_use_cases

MISSING = 987_654


@dataclass(frozen=True)
class People:
    probe: Actor  # an officer and manager of the test team: every permission a case needs
    mine: int  # reached
    restricted: int  # in the probe's team, restricted to another manager
    excluded: int  # in the probe's team, the probe excluded
    elsewhere: int  # another team's, at no establishment the probe manages
    keeper: Actor  # the manager named on the restricted person's list


def _actor(staff_id: int, username: str, role: Role) -> Actor:
    return Actor(id=staff_id, username=username, display_name=username, role=role)


@pytest.fixture
def cast(workspace: Workspace) -> People:
    database = workspace.database
    establishment(workspace)
    probe_id = seed_account(database, "probe", (Role.OFFICER, Role.MANAGER))
    probe = Actor(
        id=probe_id,
        username="probe",
        display_name="Probe",
        roles=frozenset({Role.OFFICER, Role.MANAGER}),
    )
    with database.uow() as uow:
        far = uow.staff.add_team("FAR", "Far team").id
        uow.commit()
    far_officer = _actor(seed_account(database, "far.officer", team_id=far), "far", Role.OFFICER)
    keeper = staff_member(workspace, "keeper.manager", Role.MANAGER)
    me, uow = workspace.actor, workspace.uow

    def register(n: int, actor: Actor = me) -> int:
        return people.register_person(actor, uow(), another_person(n)).id

    mine, restricted, excluded = register(1), register(2), register(3)
    elsewhere = register(4, far_officer)
    for person_id, kind in ((restricted, "restricted"), (excluded, "excluded")):
        case_access.set_person_access(
            keeper,
            uow(),
            person_id,
            restricted=kind == "restricted",
            allowed_staff_ids=[],
            excluded_staff_ids=[probe_id] if kind == "excluded" else [],
            reason="Staff member knows the family",
            expected_revision=0,
        )
    return People(probe, mine, restricted, excluded, elsewhere, keeper)


PROGRAMME = {
    "programme_code": "TSP",
    "programme_name": "Thinking Skills",
    "setting": "custody",
    "outcome": "in_progress",
}


def _calls(workspace: Workspace, tmp_path: Path) -> dict[str, Callable[[Actor, int], Any]]:
    """How to call each use case that takes a person, for one person id."""
    provider = aftercare.add_provider(workspace.actor, workspace.uow(), {"name": "Harbour"}).id
    referral = {"provider_id": provider, "service_type": "housing_support", "referral_date": TODAY}
    intervention = load_embedded_pack().pack.interventions[0].id
    risk_inputs = {
        "conviction_date": dt.date(2024, 1, 10),
        "first_sanction_date": dt.date(2006, 3, 1),
        "previous_sanctions": 3,
    }
    score = {"tool": "ogrs3", "percent": 40, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"}
    args: dict[str, tuple[Any, ...]] = {
        "update_person": (1, person_data()),
        "save_pathway_need": (0, {"pathway": "accommodation", "status": "support_required"}),
        "add_support_need": (0, {"code": "help_to_find_accommodation"}),
        "save_essential": (0, {"kind": "gp_registration", "status": "to_do"}),
        "add_case_note": ({"text": "Called."},),
        "record_programme_entry": (PROGRAMME,),
        "correct_programme_entry": (1, PROGRAMME),
        "record_outcome_check": (
            {"point": "first_night", "checked_on": TODAY, "accommodation": "unknown"},
        ),
        "add_referral": (referral,),
        "save_ogrs3_inputs": (0, risk_inputs),
        "save_programme_needs": (0, {}),
        "refer_to_programme": ({"programme_code": "BC-MOD"},),
        "record_score": (0, score),
        "record_rosh": (
            0,
            {"assessed_on": dt.date(2024, 3, 1), "source": "OASys", "public": "medium"},
        ),
        "confirm_risk": (0, {"level": "medium", "reason": "Settled."}),
        "set_case_flags": (0, [CaseFlag.OPIOID_USE]),
        "get_plan_version": (1,),
        "save_plan": (None, [ACTION]),
        "save_officer_notes": (None, {"officer_notes": "Ask."}),
        "agree": (0, {"agreed_by_person": False}),
        "issue": (0,),
        "accept_recommendation": (intervention,),
        "print_plan_to_file": (tmp_path,),
        "save_plan_files": ({PlanFormat.HTML: tmp_path / "plan.html"},),
        "close_case": ({"reason": "transferred_out"},),
        "allocate_people": (workspace.actor.id,),
        "keep_after_review": (
            {"reason": "Still needed", "next_review_on": TODAY + dt.timedelta(days=30)},
        ),
        "record_disclosure": ({"justification": "mappa_meeting", "recipient": "MAPPA panel"},),
    }
    keywords: dict[str, dict[str, Any]] = {
        "set_person_access": {
            "restricted": False,
            "allowed_staff_ids": [],
            "excluded_staff_ids": [],
            "reason": "Checking",
            "expected_revision": 0,
        },
        "plan_pdf": {"reason": FOR_THE_PERSON},
        "print_plan_to_file": {"reason": FOR_THE_PERSON},
        "save_plan_files": {"reason": FOR_THE_PERSON},
    }
    calls: dict[str, Callable[[Actor, int], Any]] = {}
    for name, function in _person_use_cases().items():
        takes_list = "person_ids" in inspect.signature(function).parameters

        def call(
            actor: Actor,
            person_id: int,
            function: Any = function,
            name: str = name,
            takes_list: bool = takes_list,
        ) -> Any:
            person: Any = [person_id] if takes_list else person_id
            return function(
                actor,
                workspace.uow(),
                person,
                *args.get(name, ()),
                **keywords.get(name, {}),
            )

        calls[name] = call
    return calls


def _person_use_cases() -> dict[str, Any]:
    """Every public use case with a ``person_id`` or ``person_ids`` parameter, found by
    introspection, so a new one is checked without anyone listing it."""
    import importlib
    import pkgutil

    import resettle.services

    names = public_use_cases()
    found: dict[str, Any] = {}
    for info in pkgutil.walk_packages(resettle.services.__path__, "resettle.services."):
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name not in names or getattr(function, "__module__", "") != module.__name__:
                continue
            parameters = inspect.signature(function).parameters
            if "person_id" in parameters or "person_ids" in parameters:
                found[name] = function
    return found


def test_the_introspection_finds_the_use_cases_it_should() -> None:
    found = set(_person_use_cases())
    assert {"open_case_record", "plan_pdf", "allocate_people", "set_person_access"} <= found
    assert len(found) >= 30


def _refusal(call: Callable[[Actor, int], Any], actor: Actor, person_id: int) -> DomainError:
    with pytest.raises(DomainError) as refused:
        call(actor, person_id)
    return refused.value


def test_every_use_case_taking_a_person_refuses_one_out_of_reach_as_if_missing(
    workspace: Workspace, cast: People, tmp_path: Path
) -> None:
    calls = _calls(workspace, tmp_path)
    for name, call in calls.items():
        missing = _refusal(call, cast.probe, MISSING)
        assert isinstance(missing, OutOfScope), name
        for person_id in (cast.restricted, cast.excluded, cast.elsewhere):
            refused = _refusal(call, cast.probe, person_id)
            assert (type(refused), str(refused), refused.code) == (
                type(missing),
                str(missing),
                missing.code,
            ), name


def test_the_probe_reaches_its_own_person(workspace: Workspace, cast: People) -> None:
    """The refusals above are the scope's, not the probe's: it reaches its own team's person."""
    assert people.get_person(cast.probe, workspace.uow(), cast.mine).id == cast.mine
    assert allocation.allocation_candidates(cast.probe, workspace.uow(), [cast.mine])


def test_find_by_prison_number_says_the_same_for_restricted_and_missing(
    workspace: Workspace, cast: People
) -> None:
    restricted_number = another_person(2)["prison_number"]
    with pytest.raises(DomainError) as restricted:
        people.find_person_id(cast.probe, workspace.uow(), restricted_number)
    with pytest.raises(DomainError) as missing:
        people.find_person_id(cast.probe, workspace.uow(), "Z9999ZZ")
    assert type(restricted.value) is type(missing.value)
    assert str(restricted.value).replace(restricted_number, "Z9999ZZ") == str(missing.value)
    number = another_person(1)["prison_number"]
    assert people.find_person_id(cast.probe, workspace.uow(), number) == cast.mine


def test_counts_say_when_limited_access_cases_are_left_out(
    workspace: Workspace, cast: People
) -> None:
    query = CaseloadQuery(today=TODAY)
    probes = caseload.count_caseload_shown(cast.probe, workspace.uow(), query)
    assert probes.restricted_hidden
    listed = caseload.list_caseload(cast.probe, workspace.uow(), query)
    assert probes.count == len(listed.rows)
    assert {row.id for row in listed.rows}.isdisjoint({cast.restricted, cast.excluded})
    # The officer who registered them is excluded from nothing and named on nothing: they
    # cannot see the restricted person either, so their count says so too.
    officers = caseload.count_caseload_shown(workspace.actor, workspace.uow(), query)
    assert officers.restricted_hidden
    # Another team's officer, whose team holds no limited-access case, is told the same: a
    # note that came and went would tell them when a case of theirs was restricted.
    with workspace.uow() as uow:
        far = uow.staff.team_by_code("FAR")
        assert far is not None
    far_id = seed_account(workspace.database, "far.officer")
    far_officer = _actor(far_id, "far.officer", Role.OFFICER)
    fars = caseload.count_caseload_shown(far_officer, workspace.uow(), query)
    assert (fars.count, fars.restricted_hidden) == (1, True)


def test_the_change_watch_says_nothing_of_people_out_of_reach(
    workspace: Workspace, cast: People
) -> None:
    start = record_changes.changes_since(cast.probe, workspace.uow(), None).last_id
    me, uow = workspace.actor, workspace.uow
    notes.add_case_note(me, uow(), cast.mine, {"text": "Seen."})
    notes.add_case_note(me, uow(), cast.excluded, {"text": "Seen."})  # the probe is excluded
    case_access.set_person_access(
        cast.keeper,
        uow(),
        cast.restricted,
        restricted=True,
        allowed_staff_ids=[],
        excluded_staff_ids=[],
        reason="Reviewed",
        expected_revision=1,
    )
    probes = record_changes.changes_since(cast.probe, uow(), start)
    assert set(probes.parts) == {cast.mine}
    assert probes.last_id > start  # the watch still moves on past what it may not see
    keepers = record_changes.changes_since(cast.keeper, uow(), start)
    assert cast.restricted in keepers.parts


def test_a_second_manager_saving_stale_access_is_refused_and_overwrites_nothing(
    workspace: Workspace, cast: People
) -> None:
    first = staff_member(workspace, "first.manager", Role.MANAGER)
    second = staff_member(workspace, "second.manager", Role.MANAGER)
    seen_by_first = case_access.person_access(first, workspace.uow(), cast.mine)
    seen_by_second = case_access.person_access(second, workspace.uow(), cast.mine)
    assert seen_by_first.revision == seen_by_second.revision == 0
    saved = case_access.set_person_access(
        first,
        workspace.uow(),
        cast.mine,
        restricted=False,
        allowed_staff_ids=[],
        excluded_staff_ids=[cast.probe.id],
        reason="Knows the family",
        expected_revision=seen_by_first.revision,
    )
    assert saved.revision == 1
    with pytest.raises(ConcurrentEdit) as refused:
        case_access.set_person_access(
            second,
            workspace.uow(),
            cast.mine,
            restricted=True,
            allowed_staff_ids=[],
            excluded_staff_ids=[],
            reason="Restricting",
            expected_revision=seen_by_second.revision,
        )
    assert str(refused.value) == CONCURRENT_EDIT_MESSAGE
    now = case_access.person_access(second, workspace.uow(), cast.mine)
    assert (now.restricted, now.excluded_staff_ids, now.revision) == (False, (cast.probe.id,), 1)
