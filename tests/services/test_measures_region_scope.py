"""Scope: a manager never sees another region's people in any figure (issue 15).

A generated caseload (the demo's, with outcome checks at random) is split between two
regions: region A holds some of its teams and prisons, region B the others, and every person
is placed in a team and a prison of one region, but for a few placed across the two (team in
B, prison in A: region A's people too, as the rule says). A manager of region A (by region
only) must reach exactly what a manager of A's teams and prisons by name reaches: every figure
of every measure, the dashboard's trends, the people behind each figure (one at a time and all
at once), the CSV export and the caseload report's contents are the same for both, and no
person of region B alone appears in any of them. The region filter narrows an account that
reaches everyone to the same figures. On every backend (PostgreSQL's row-level security reads
the managed regions too)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.caseload_report import CaseloadReport, ReportJustification
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.staff import Role
from resettle.services import caseload_report as report_service
from resettle.services.caseload import caseload_csv
from resettle.services.measures import (
    dashboard_choices,
    measure_dashboard,
    measure_figures,
    measure_people,
    measure_people_all,
    measure_trends,
)
from resettle.services.workspace import Workspace
from resettle.settings import DATABASE_FILE, resolve_settings
from resettle.storage.engine import sqlite_url
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import ManagedRegionRow
from tests.accounts import load_demo_for, seed_account, sign_in_as, signed_in_test_officer
from tests.databases import copy_sqlite_template
from tests.services.measures_dataset import TODAY
from tests.services.test_measures import _random_checks

#: People placed across the regions: team in B, prison in A.
ACROSS = 6


@dataclasses.dataclass
class Regions:
    a: int
    b: int
    a_teams: list[int]
    a_prisons: list[int]
    a_people: set[int]  # placed in a team or prison of A
    b_only: set[int]  # placed in B's team and B's prison
    across: set[int]  # B's team, A's prison
    prison_numbers: dict[int, str]


def _backends() -> list[str]:
    """As ``tests/conftest.py``: SQLite, and PostgreSQL when a test server is configured."""
    return ["sqlite", "postgresql"] if os.environ.get("RESETTLE_TEST_DATABASE_URL") else ["sqlite"]


#: Region A's manager by region only, seeded in the template.
REGIONAL = "region.a.manager"


@dataclasses.dataclass(frozen=True)
class Built:
    backend: str
    template: str  # an SQLite file, or a PostgreSQL database to copy
    regions: Regions
    #: What ``REGIONAL`` reads (``_everything``) for each of ``NARROWINGS``, read once on the
    #: template: each test compares another account's reading of its copy with it.
    regional_seen: tuple[dict[str, Any], ...]


@pytest.fixture(scope="module", params=_backends())
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    """The two-region caseload, built once for the module (loading the demo was a third of
    the time of each test) into a template database each test gets a copy of, with region A's
    manager by region seeded and its reading of every figure taken once."""
    server = None
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        folder = tmp_path_factory.mktemp("regions")
        name = str(copy_sqlite_template(template, folder / DATABASE_FILE))
        url = sqlite_url(Path(name))
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.create("resettle_regions", request.getfixturevalue("postgres_template"))
        url = server.url(name)
    settings = resolve_settings(tmp_path_factory.mktemp("regions-data"), url, None)
    with pytest.MonkeyPatch.context() as held:
        held.setattr(clock, "_day_source", lambda: TODAY)
        workspace = signed_in_test_officer(settings)
        try:
            regions = _build(workspace)
            regional = _manager(workspace, REGIONAL, [], [], [regions.a])
            try:
                seen = tuple(_everything(regional, _filters(**n)) for n in NARROWINGS)
            finally:
                regional.close()
        finally:
            workspace.close()
    yield Built(request.param, name, regions, seen)
    if server is not None:
        server.drop(name)


@pytest.fixture
def database_url(built: Built, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """This module's own: a copy of the built template (``tests/conftest.py``'s copies the
    empty one)."""
    if built.backend == "sqlite":
        yield sqlite_url(copy_sqlite_template(Path(built.template), tmp_path / DATABASE_FILE))
        return
    server = request.getfixturevalue("postgres_server")
    name = server.create("resettle_test", built.template)
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def regions(built: Built, workspace: Workspace, held_day: None) -> Regions:
    return built.regions


def _build(workspace: Workspace) -> Regions:
    load_demo_for(workspace, 120, seed=6, today=TODAY)
    rng = random.Random(11)
    with workspace.uow() as uow:
        _random_checks(uow)
        for region in uow.regions.all():  # the demo's regions: not this test's
            region.active = False
        a, b = uow.regions.add("REG-A", "Region A"), uow.regions.add("REG-B", "Region B")
        teams = sorted(uow.staff.teams(), key=lambda t: t.code)
        prisons = sorted(uow.staff.establishments(), key=lambda e: e.code)
        for number, team in enumerate(teams):
            team.region_id = a.id if number % 2 == 0 else b.id
        for number, prison in enumerate(prisons):
            prison.region_id = a.id if (len(teams) + number) % 2 == 0 else b.id
        a_teams = [t.id for t in teams if t.region_id == a.id]
        a_prisons = [e.id for e in prisons if e.region_id == a.id]
        b_teams = [t.id for t in teams if t.region_id == b.id]
        b_prisons = [e.id for e in prisons if e.region_id == b.id]
        people = list(uow.session.scalars(select(PersonRow).order_by(PersonRow.id)))
        a_people: set[int] = set()
        b_only: set[int] = set()
        across: set[int] = set()
        for number, person in enumerate(people):
            if number < ACROSS:
                person.team_id, person.establishment_id = b_teams[0], a_prisons[0]
                a_people.add(person.id)
                across.add(person.id)
            elif number % 2 == 0:
                person.team_id = rng.choice(a_teams)
                person.establishment_id = rng.choice(a_prisons)
                a_people.add(person.id)
            else:
                person.team_id = rng.choice(b_teams)
                person.establishment_id = rng.choice(b_prisons)
                b_only.add(person.id)
        numbers = {p.id: p.prison_number for p in people}
        uow.commit()
        region_a, region_b = a.id, b.id
    assert len(a_people) > 30 and len(b_only) > 30
    return Regions(region_a, region_b, a_teams, a_prisons, a_people, b_only, across, numbers)


def _manager(
    workspace: Workspace,
    username: str,
    teams: list[int],
    prisons: list[int],
    regions: list[int] = (),  # type: ignore[assignment]
) -> Workspace:
    staff_id = seed_account(
        workspace.database,
        username,
        (Role.MANAGER,),
        managed_team_ids=teams,
        managed_establishment_ids=prisons,
    )
    with workspace.uow() as uow:
        uow.session.add_all(ManagedRegionRow(staff_id=staff_id, region_id=r) for r in regions)
        uow.commit()
    return sign_in_as(workspace.database, username)


def _filters(**narrowing: Any) -> MeasureFilters:
    return MeasureFilters.for_period(TODAY, **narrowing)


#: The periods read: the default 12 months, and one inside the trends' months.
NARROWINGS: tuple[dict[str, Any], ...] = ({}, {"period_from": dt.date(2026, 6, 1)})


def _everything(ws: Workspace, chosen: MeasureFilters) -> dict[str, Any]:
    """Every figure and every person behind every figure the account reads, each way."""
    figures = measure_figures(ws.actor, ws.uow(), chosen)
    dashboard = measure_dashboard(ws.actor, ws.uow(), chosen)
    trends = measure_trends(ws.actor, ws.uow(), chosen)
    all_people = measure_people_all(ws.actor, ws.uow(), chosen)
    people: dict[tuple[str, Part], list[int]] = {}
    csv: dict[tuple[str, Part], str] = {}
    for figure, parts in all_people:
        for part, listed in parts.items():
            alone = measure_people(ws.actor, ws.uow(), figure.key, part, chosen)
            assert [p.id for p in alone] == [p.id for p in listed], (figure.key, part)
            assert figure.count(part) == len(listed), (figure.key, part)
            people[(figure.key, part)] = [p.id for p in listed]
            if listed:
                shown = CaseloadFigure(key=figure.key, part=part, filters=chosen)
                csv[(figure.key, part)] = caseload_csv(
                    ws.actor, ws.uow(), CaseloadQuery(today=TODAY, figure=shown)
                )
    return {
        "figures": figures,
        "dashboard": dashboard,
        "trends": trends,
        "people": people,
        "csv": csv,
    }


def _report(ws: Workspace, chosen: MeasureFilters, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The caseload report's contents (what the PDF is drawn from), scope line apart."""
    made: list[CaseloadReport] = []

    def capture(report: CaseloadReport) -> bytes:
        made.append(report)
        return b"%PDF"

    monkeypatch.setattr(report_service, "caseload_report_pdf", capture)
    report_service.caseload_report(
        ws.actor, ws.uow(), chosen, justification=ReportJustification.CASELOAD_MANAGEMENT
    )
    (report,) = made
    return report


def _comparable(report: CaseloadReport) -> CaseloadReport:
    return dataclasses.replace(
        report, scope="", generated_by="", generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )


def test_a_regional_manager_sees_exactly_the_regions_people_in_every_figure(
    workspace: Workspace, regions: Regions, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    regional = sign_in_as(workspace.database, REGIONAL)
    direct = _manager(workspace, "places.a.manager", regions.a_teams, regions.a_prisons)
    try:
        everyone_listed: set[int] = set()
        for narrowing, seen in zip(NARROWINGS, built.regional_seen, strict=True):
            chosen = _filters(**narrowing)
            assert seen == _everything(direct, chosen), narrowing
            listed = {pid for ids in seen["people"].values() for pid in ids}
            assert listed and listed <= regions.a_people, narrowing
            assert not listed & regions.b_only, narrowing
            everyone_listed |= listed
            b_numbers = {regions.prison_numbers[p] for p in regions.b_only}
            for text in seen["csv"].values():
                assert not any(number in text for number in b_numbers), narrowing
            report = _report(regional, chosen, monkeypatch)
            assert _comparable(report) == _comparable(_report(direct, chosen, monkeypatch))
            assert not any(number in repr(report) for number in b_numbers)
            assert "Region A" in report.scope
        # Someone placed across the regions is region A's too.
        assert regions.across & everyone_listed
        offered = {name for _id, name in dashboard_choices(regional.actor, regional.uow()).regions}
        assert "Region A" in offered and offered <= {"Region A", "Region B"}
    finally:
        regional.close()
        direct.close()


def test_the_region_filter_narrows_to_the_regions_people(
    workspace: Workspace, regions: Regions, built: Built
) -> None:
    """An account reaching both regions, narrowed to region A, counts what region A's manager
    counts; its trends, and the people behind each figure, likewise."""
    with workspace.uow() as uow:
        teams = [t.id for t in uow.staff.teams()]
        prisons = [e.id for e in uow.staff.establishments()]
    everyone = _manager(workspace, "all.manager", teams, prisons)
    try:
        for narrowing, regional_seen in zip(NARROWINGS, built.regional_seen, strict=True):
            narrowed = _everything(everyone, _filters(region_id=regions.a, **narrowing))
            assert narrowed == regional_seen, narrowing
            wide = measure_figures(everyone.actor, everyone.uow(), _filters(**narrowing))
            assert wide != narrowed["figures"]
        # Region B: the people behind every figure (each figure's own list, and the CSV,
        # are checked against these for region A above).
        b_figures = measure_people_all(
            everyone.actor, everyone.uow(), _filters(region_id=regions.b)
        )
        in_b = {p.id for _figure, parts in b_figures for people in parts.values() for p in people}
        assert in_b & regions.b_only and in_b <= regions.b_only | regions.across
    finally:
        everyone.close()


def test_a_team_moved_into_the_region_is_reached_at_the_next_action(
    workspace: Workspace, regions: Regions
) -> None:
    regional = _manager(workspace, "region.a.mover", [], [], [regions.a])
    try:
        before = measure_people_all(regional.actor, regional.uow(), _filters())
        reached = {p.id for _f, parts in before for people in parts.values() for p in people}
        with workspace.uow() as uow:
            moved = next(t for t in uow.staff.teams() if t.region_id == regions.b)
            moved.region_id = regions.a
            uow.commit()
        after = measure_people_all(regional.actor, regional.uow(), _filters())
        now = {p.id for _f, parts in after for people in parts.values() for p in people}
        assert reached < now and now & regions.b_only
    finally:
        regional.close()
