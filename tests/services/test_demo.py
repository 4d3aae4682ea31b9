from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from resettle.domain.caseload import CaseloadQuery
from resettle.domain.staff import Role
from resettle.services import authentication
from resettle.services.caseload import count_caseload, list_caseload
from resettle.services.demo.loader import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DemoRefused,
    load_demo,
    start_demo_database,
)
from resettle.services.demo_marker import is_demo_database
from resettle.services.workspace import Workspace, open_settings_database, signed_in_workspace
from resettle.settings import Settings
from resettle.storage.engine import sqlite_url
from tests.accounts import load_demo_for, seed_account, signed_in_test_officer
from tests.databases import copy_sqlite_template
from tests.factories import TODAY, actor


def _names(workspace: Workspace) -> list[tuple[str, str]]:
    page = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(limit=5000))
    return [(row.prison_number, row.name) for row in page.rows]


def test_demo_is_realistic_and_fictional(workspace: Workspace) -> None:
    # 160 people: the demo makes one officer per 40 people, and five officers are asked for.
    load_demo_for(workspace, 160, seed=7, today=TODAY)
    rows = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(limit=5000)).rows
    assert len(rows) == 160
    assert all(row.prison_number.startswith("Z") and row.crn.startswith("Z") for row in rows)
    names = " ".join(row.name for row in rows)
    assert any(ch in names for ch in "ëŁłńíáó")
    assert len({row.establishment for row in rows}) >= 5
    assert len({row.officer for row in rows}) >= 5
    releases = [row.release_date for row in rows if row.release_date]
    # Releases to come over 6 months; released in the last month, and some longer ago (on
    # licence for months, so their later outcome checks have come due).
    assert min(releases) >= TODAY - dt.timedelta(days=30 + 240)
    assert max(releases) <= TODAY + dt.timedelta(days=184)
    assert min(releases) < TODAY - dt.timedelta(days=42) and max(releases) > TODAY
    assert any(TODAY - dt.timedelta(days=28) <= day < TODAY for day in releases)


def test_demo_is_deterministic_for_a_seed(
    settings: Settings, sqlite_template: Path, tmp_path: Path
) -> None:
    first = signed_in_test_officer(settings)
    load_demo_for(first, 50, seed=3, today=TODAY)
    second_file = copy_sqlite_template(sqlite_template, tmp_path / "b.sqlite3")
    other = signed_in_test_officer(
        Settings(data_dir=tmp_path, database_url=sqlite_url(second_file))
    )
    load_demo_for(other, 50, seed=3, today=TODAY)
    assert sorted(_names(first)) == sorted(_names(other))
    first.close()
    other.close()


def test_demo_refuses_a_database_with_people(workspace: Workspace) -> None:
    load_demo_for(workspace, 10, today=TODAY)
    with pytest.raises(DemoRefused):
        load_demo_for(workspace, 10, today=TODAY)
    assert count_caseload(workspace.actor, workspace.uow(), CaseloadQuery()) == 10


def test_a_new_demo_database_has_an_account_for_every_role(settings: Settings) -> None:
    database = open_settings_database(settings)
    try:
        assert not is_demo_database(database.uow())
        start_demo_database(database.uow(), 40, seed=2, today=TODAY)
        assert is_demo_database(database.uow())
        roles = {}
        for username in DEMO_ACCOUNTS:
            signed = authentication.sign_in(database.uow(), username, DEMO_PASSWORD)
            roles[username] = signed.actor.roles
        assert roles == {
            "demo.admin": {Role.ADMIN},
            "demo.manager": {Role.MANAGER},
            "demo.officer": {Role.OFFICER},
            "demo.prison": {Role.PRISON_STAFF},
            "demo.programmes": {Role.PROGRAMME_TEAM},
        }
        officer = signed_in_workspace(database, "demo.officer", DEMO_PASSWORD)
        prison = signed_in_workspace(database, "demo.prison", DEMO_PASSWORD)
        manager = signed_in_workspace(database, "demo.manager", DEMO_PASSWORD)
        everyone = count_caseload(manager.actor, manager.uow(), CaseloadQuery())
        assert everyone == 40
        # Officers see their team's people, prison staff their prison's: both fewer than all.
        assert 0 < count_caseload(officer.actor, officer.uow(), CaseloadQuery()) < everyone
        assert 0 < count_caseload(prison.actor, prison.uow(), CaseloadQuery()) < everyone
    finally:
        database.close()


def test_a_demo_never_goes_into_a_database_with_accounts(settings: Settings) -> None:
    database = open_settings_database(settings)
    try:
        seed_account(database, "real.officer")
        with pytest.raises(DemoRefused, match="new, empty database"):
            start_demo_database(database.uow(), 10, today=TODAY)
        with database.uow() as uow:
            assert uow.staff.by_username("demo.admin") is None
        assert not is_demo_database(database.uow())
    finally:
        database.close()


def test_demo_staff_loaded_into_a_real_database_cannot_sign_in(workspace: Workspace) -> None:
    load_demo_for(workspace, 10, today=TODAY)
    with pytest.raises(authentication.SignInRefused):
        authentication.sign_in(workspace.uow(), "demo.manager", DEMO_PASSWORD)


def test_demo_needs_permission(workspace: Workspace) -> None:
    from resettle.domain.permissions import PermissionDenied

    with pytest.raises(PermissionDenied):
        load_demo(actor(Role.MANAGER), workspace.uow(), 10)


def test_generated_people_always_pass_validation() -> None:
    import random

    from resettle.services.demo.people import Placement, identifiers, person

    rng = random.Random(11)
    placements = [Placement(1, "BLI", (1, 2)), Placement(2, "STI", (3,))]
    for today in (TODAY, dt.date(2028, 2, 29), dt.date(2027, 3, 1)):
        back = random.Random(12)

        def months_back(draws: random.Random = back) -> int:
            return draws.randint(28, 240)

        for n, (prison_number, crn) in enumerate(identifiers(rng, 1000)):
            # Half of them released longer ago, as the demo draws some (``outcome_checks``).
            released_back = months_back if n % 2 else None
            generated = person(rng, prison_number, crn, today, placements, [1, 2], released_back)
            problems = generated.cross_field_problems(today)
            assert problems == [], (generated, problems)


def test_demo_times_are_never_later_than_now() -> None:
    """A demo made in the morning has no change saved that afternoon (user trial)."""
    from resettle.services.demo.case_records import not_after_now

    now = dt.datetime.now(dt.UTC)
    later = now + dt.timedelta(hours=3)
    earlier = now - dt.timedelta(days=2)
    assert not_after_now(later) <= now
    assert not_after_now(earlier) == earlier


def test_a_new_demo_has_issued_plans_in_time_and_no_two_staff_of_one_name(
    settings: Settings,
) -> None:
    """A trial found "plans issued by 14 days before release: 0 of 313" (the demo's loader, an
    administrator, may not issue plans, so none were) and two officers of one name."""
    from sqlalchemy import func, select

    from resettle.storage.tables.people import PersonRow
    from resettle.storage.tables.plans import PlanVersionRow
    from resettle.storage.tables.staff import StaffRow

    database = open_settings_database(settings)
    try:
        start_demo_database(database.uow(), 400, seed=3, today=TODAY)
        with database.uow() as uow:
            names = uow.session.scalars(select(StaffRow.display_name)).all()
            assert len(names) == len(set(names)) > 10
            plans = uow.session.execute(
                select(PlanVersionRow.agreed_at, PlanVersionRow.issued_at, PersonRow.release_date)
                .join(PersonRow, PersonRow.id == PlanVersionRow.person_id)
                .where(PlanVersionRow.agreed_at.is_not(None))
            ).all()
            issued = [(a, i, r) for a, i, r in plans if i is not None]
            assert len(issued) > 5
            assert all(agreed <= at and at.date() < TODAY for agreed, at, _r in issued)
            lead = dt.timedelta(days=14)
            assert any(r is not None and at.date() <= r - lead for _a, at, r in issued)
            # Agreed in time for most people whose release is near or past, not all.
            due = [(a, r) for a, _i, r in plans if r is not None and r <= TODAY + lead]
            in_time = [a for a, r in due if a.date() <= r - lead]
            assert 0 < len(in_time) < len(due)
            assert all(a.date() < TODAY for a, _i, _r in plans)
            assert uow.session.scalar(select(func.count()).select_from(PersonRow)) == 400
    finally:
        database.close()
