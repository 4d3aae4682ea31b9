from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from resettle.domain.caseload import CaseloadQuery
from resettle.domain.staff import Role
from resettle.services.caseload import count_caseload, list_caseload
from resettle.services.demo.loader import DemoRefused, load_demo
from resettle.services.workspace import Workspace, open_workspace
from resettle.settings import Settings
from resettle.storage.engine import sqlite_url
from tests.databases import copy_sqlite_template
from tests.factories import TODAY, actor


def _names(workspace: Workspace) -> list[tuple[str, str]]:
    page = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(limit=5000))
    return [(row.prison_number, row.name) for row in page.rows]


def test_demo_is_realistic_and_fictional(workspace: Workspace) -> None:
    # 160 people: the demo makes one officer per 40 people, and five officers are asked for.
    load_demo(workspace.actor, workspace.uow(), 160, seed=7, today=TODAY)
    rows = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(limit=5000)).rows
    assert len(rows) == 160
    assert all(row.prison_number.startswith("Z") and row.crn.startswith("Z") for row in rows)
    names = " ".join(row.name for row in rows)
    assert any(ch in names for ch in "ëŁłńíáó")
    assert len({row.establishment for row in rows}) >= 5
    assert len({row.officer for row in rows}) >= 5
    releases = [row.release_date for row in rows if row.release_date]
    assert min(releases) >= TODAY - dt.timedelta(days=30)
    assert max(releases) <= TODAY + dt.timedelta(days=184)
    assert min(releases) < TODAY < max(releases)


def test_demo_is_deterministic_for_a_seed(
    settings: Settings, sqlite_template: Path, tmp_path: Path
) -> None:
    first = open_workspace(settings)
    load_demo(first.actor, first.uow(), 50, seed=3, today=TODAY)
    second_file = copy_sqlite_template(sqlite_template, tmp_path / "b.sqlite3")
    other = open_workspace(Settings(data_dir=tmp_path, database_url=sqlite_url(second_file)))
    load_demo(other.actor, other.uow(), 50, seed=3, today=TODAY)
    assert sorted(_names(first)) == sorted(_names(other))
    first.close()
    other.close()


def test_demo_refuses_a_database_with_people(workspace: Workspace) -> None:
    load_demo(workspace.actor, workspace.uow(), 10, today=TODAY)
    with pytest.raises(DemoRefused):
        load_demo(workspace.actor, workspace.uow(), 10, today=TODAY)
    assert count_caseload(workspace.actor, workspace.uow(), CaseloadQuery()) == 10


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
        for prison_number, crn in identifiers(rng, 1000):
            generated = person(rng, prison_number, crn, today, placements, [1, 2])
            problems = generated.cross_field_problems(today)
            assert problems == [], (generated, problems)
