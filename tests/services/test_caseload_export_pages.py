""" "Export list" of a caseload of more than two pages: every row of the window's query in its
order, and the export audited with a row per person. The 450 people are registered once per
module and backend into a template; each test gets a copy of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from resettle.domain.caseload import PAGE_SIZE, CaseloadColumn, CaseloadFilters, CaseloadQuery
from resettle.services.caseload import caseload_csv
from resettle.services.registration import register_people
from resettle.services.workspace import Workspace
from resettle.settings import resolve_settings
from resettle.storage.tables.people import PersonRow
from tests.accounts import signed_in_test_officer
from tests.databases import BuiltTemplate, backends, built_template, copy_of_built
from tests.factories import TODAY, another_person
from tests.services.test_caseload_export import _every_listed, _exports, _rows

PEOPLE = 450


@pytest.fixture(scope="module", params=backends())
def many_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[BuiltTemplate, list[int]]]:
    """The test officer's 450 people, released and to be released, more than two pages of
    the window, registered once (it took most of each test's time)."""
    ids: list[int] = []

    def build(url: str, data_dir: Path) -> None:
        workspace = signed_in_test_officer(resolve_settings(data_dir, url, None))
        try:
            people = [
                another_person(n, release_date=TODAY + dt.timedelta(days=(n * 7) % 300 - 100))
                for n in range(PEOPLE)
            ]
            ids.extend(p.id for p in register_people(workspace.actor, workspace.uow(), people))
        finally:
            workspace.close()

    with built_template(request, tmp_path_factory, build) as template:
        yield template, ids


@pytest.fixture
def database_url(
    many_template: tuple[BuiltTemplate, list[int]], request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """This module's own: a copy of the template with the 450 people."""
    yield from copy_of_built(many_template[0], request, tmp_path)


@pytest.fixture
def many(many_template: tuple[BuiltTemplate, list[int]], workspace: Workspace) -> list[int]:
    return many_template[1]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", list(CaseloadColumn))
def test_every_row_of_the_query_is_exported_in_its_order(
    workspace: Workspace, many: list[int], sort: CaseloadColumn, descending: bool
) -> None:
    """The export reads each segment of the order to its end; the window pages through the
    same order with its keyset cursor: both give the same people in the same order."""
    assert len(many) > 2 * PAGE_SIZE
    query = CaseloadQuery(today=TODAY, sort=sort, descending=descending)
    rows = _rows(caseload_csv(workspace.actor, workspace.uow(), query))
    assert len(rows) == 450
    assert [row[1] for row in rows] == _every_listed(workspace, workspace.actor, query)
    filtered = CaseloadQuery(
        today=TODAY, filters=CaseloadFilters(outcome_checks_due=True, mine=True)
    )
    due = _rows(caseload_csv(workspace.actor, workspace.uow(), filtered))
    expected = _every_listed(workspace, workspace.actor, filtered)
    assert [row[1] for row in due] == expected and 0 < len(due) < 450


def test_the_export_is_audited_with_codes_and_a_row_per_person(
    workspace: Workspace, many: list[int]
) -> None:
    query = CaseloadQuery(
        today=TODAY,
        search="Bhriain",
        sort=CaseloadColumn.NAME,
        filters=CaseloadFilters(mine=True, outcome_checks_due=True),
    )
    rows = _rows(caseload_csv(workspace.actor, workspace.uow(), query))
    audited = _exports(workspace, workspace.actor.id)
    (summary_person, summary), *per_person = audited
    assert summary_person is None
    assert summary == {
        "rows": len(rows),
        "sort": "name",
        "descending": False,
        "searched": True,  # never the words searched for
        "filters": ["mine", "outcome_checks_due"],
    }
    assert len(per_person) == len(rows) > 0
    assert {details == {"rows": 1} for _person, details in per_person} == {True}
    numbers = {row[1] for row in rows}
    with workspace.uow() as uow:
        exported = set(
            uow.session.scalars(
                select(PersonRow.prison_number).where(
                    PersonRow.id.in_([person_id for person_id, _details in per_person])
                )
            )
        )
    assert exported == numbers
