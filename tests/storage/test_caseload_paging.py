"""Keyset paging through every caseload order, ties and missing values included, both ways."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select

from resettle.domain.caseload import (
    LONG_RELEASED_DAYS,
    CaseloadColumn,
    CaseloadQuery,
    CaseloadReach,
    CaseloadRow,
)
from resettle.domain.readiness import person_score
from resettle.services.workspace import Workspace
from resettle.storage.repositories import caseload_keys
from resettle.storage.tables.people import PersonRow
from tests.factories import TODAY, establishment, staff_member

EVERYONE = CaseloadReach()
COUNT = 41


def _person(
    n: int, rng: random.Random, officers: list[int | None], places: list[int | None]
) -> dict[str, Any]:
    days = rng.choice([None, -400, -60, -29, -28, -3, 0, 0, 5, 40, 40, 200])
    return {
        "id": n,
        "version": 1,
        "prison_number": f"A{n:04d}BC",
        "crn": f"X{n:06d}",
        "given_name": "Same" if n % 3 else f"Given{n % 5}",
        "family_name": "Name",
        "sort_name": "name same" if n % 3 else f"name given{n % 5}",
        "search_text": "t",
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "male",
        "gender": "",
        "preferred_language": "English",
        "interpreter_needed": False,
        "learning_disability": False,
        "learning_notes": "",
        "sexual_offence": False,
        "release_date": None if days is None else TODAY + dt.timedelta(days=days),
        "responsible_officer_id": rng.choice(officers),
        "establishment_id": rng.choice(places),
        "open_critical_essentials": rng.choice([0, 0, 1, 2]),
        "open_other_essentials": rng.choice([0, 1, 3]),
    }


@pytest.fixture
def everyone(workspace: Workspace) -> list[CaseloadRow]:
    """41 people with many ties; their rows as the caseload returns them."""
    officers: list[int | None] = [
        staff_member(workspace, name).id for name in ("ann.b", "ann.b2", "cy.d")
    ] + [None]
    places: list[int | None] = [establishment(workspace, "AAA", "HMP Alpha"), None]
    rng = random.Random(11)
    with workspace.uow() as uow:
        uow.bulk.insert(PersonRow, [_person(n, rng, officers, places) for n in range(1, COUNT + 1)])
        uow.people.bring_readiness_to(TODAY)
        uow.people.refresh_caseload_keys()
        uow.commit()
    with workspace.uow() as uow:
        page = uow.people.caseload(CaseloadQuery(today=TODAY, limit=5000), EVERYONE)
        assert len(page.rows) == COUNT and page.next_cursor is None
        return list(page.rows)


def _walk(workspace: Workspace, query: CaseloadQuery) -> list[int]:
    seen: list[int] = []
    with workspace.uow() as uow:
        while True:
            page = uow.people.caseload(query, EVERYONE)
            seen += [row.id for row in page.rows]
            if page.next_cursor is None:
                return seen
            assert len(page.rows) == query.limit
            query = query.model_copy(update={"after": page.next_cursor})


def _stored(workspace: Workspace) -> dict[int, SimpleNamespace]:
    """Each person's stored columns (sort keys included), as plain values."""
    with workspace.uow() as uow:
        rows = uow.session.execute(select(PersonRow.__table__)).mappings()
        return {row["id"]: SimpleNamespace(**row) for row in rows}


def _expected(column: CaseloadColumn, stored: dict[int, SimpleNamespace]) -> list[int]:
    """The order spelled out: missing values last; by days to release, upcoming releases
    soonest first, then releases in the last 28 days and then longer ago, each most recent
    first."""
    cutoff = TODAY - dt.timedelta(days=LONG_RELEASED_DAYS)
    attribute = {
        CaseloadColumn.NAME: "sort_name",
        CaseloadColumn.PRISON_NUMBER: "prison_number",
        CaseloadColumn.CRN: "crn",
        CaseloadColumn.RELEASE_DATE: "release_date",
        CaseloadColumn.OFFICER: "officer_sort",
        CaseloadColumn.ESTABLISHMENT: "establishment_sort",
        CaseloadColumn.READINESS: "readiness_score",
        CaseloadColumn.OUTCOME_CHECK: "outcome_check_due_on",
    }

    def key(person_id: int) -> tuple[Any, ...]:
        row = stored[person_id]
        if column is CaseloadColumn.DAYS_TO_RELEASE:
            date = row.release_date
            if date is None:
                return (3, 0, person_id)
            if date >= TODAY:
                return (0, date.toordinal(), person_id)
            return (1 if date >= cutoff else 2, -date.toordinal(), -person_id)
        value = getattr(row, attribute[column])
        return (value is None, value if value is not None else 0, person_id)

    return sorted(stored, key=key)


@pytest.mark.parametrize("column", list(CaseloadColumn))
def test_every_order_pages_by_keyset_in_the_stated_order_both_ways(
    workspace: Workspace, everyone: list[CaseloadRow], column: CaseloadColumn
) -> None:
    stored = _stored(workspace)
    ascending = _walk(workspace, CaseloadQuery(sort=column, today=TODAY, limit=4))
    assert ascending == _expected(column, stored)
    descending = _walk(workspace, CaseloadQuery(sort=column, descending=True, today=TODAY, limit=4))
    assert descending == ascending[::-1]
    assert len(set(ascending)) == COUNT


def test_ties_are_split_by_id_across_page_boundaries(
    workspace: Workspace, everyone: list[CaseloadRow]
) -> None:
    same_name = [row.id for row in everyone if row.name == "Same Name"]
    assert len(same_name) > 20  # one sort value across many pages of 4
    by_name = _walk(workspace, CaseloadQuery(sort=CaseloadColumn.NAME, today=TODAY, limit=4))
    assert [pid for pid in by_name if pid in same_name] == sorted(same_name)


def test_the_default_order_opens_on_upcoming_releases_with_past_ones_below(
    workspace: Workspace, everyone: list[CaseloadRow]
) -> None:
    assert CaseloadQuery().sort is CaseloadColumn.DAYS_TO_RELEASE
    days = [row.days_to_release(TODAY) for row in everyone]
    groups = [
        3 if d is None else 0 if d >= 0 else 1 if d >= -LONG_RELEASED_DAYS else 2 for d in days
    ]
    assert groups == sorted(groups) and set(groups) == {0, 1, 2, 3}
    upcoming = [d for d in days if d is not None and d >= 0]
    assert days[: len(upcoming)] == sorted(upcoming)


def test_stored_sort_keys_match_the_domain(
    workspace: Workspace, everyone: list[CaseloadRow]
) -> None:
    stored = _stored(workspace)
    for row in everyone:
        person = stored[row.id]
        days = row.days_to_release(TODAY)
        expected = person_score(
            row.open_critical_essentials, row.open_other_essentials, days, False
        )
        assert person.readiness_score == expected
        assert row.readiness(TODAY).score == expected
    with workspace.uow() as uow:
        assert caseload_keys.count_unmaintained(uow.session) == 0


def test_readiness_moves_to_a_new_day_for_the_people_it_changes(
    workspace: Workspace, everyone: list[CaseloadRow]
) -> None:
    later = TODAY + dt.timedelta(days=30)
    with workspace.uow() as uow:
        uow.people.bring_readiness_to(later)
        uow.commit()
    with workspace.uow() as uow:
        assert caseload_keys.readiness_day(uow.session) == later
        assert caseload_keys.count_unmaintained(uow.session) == 0
        page = uow.people.caseload(
            CaseloadQuery(sort=CaseloadColumn.READINESS, today=later, limit=5000), EVERYONE
        )
    for row in page.rows:
        assert row.readiness(later).score == _stored(workspace)[row.id].readiness_score


def test_a_day_another_connection_moved_first_is_left_alone(
    workspace: Workspace, everyone: list[CaseloadRow]
) -> None:
    later = TODAY + dt.timedelta(days=3)
    with workspace.uow() as uow:
        uow.people.bring_readiness_to(later)
        uow.commit()
    with workspace.uow() as uow:  # it still believed the day was TODAY when it looked
        assert not caseload_keys._claim_day(uow.session, TODAY, later)
        assert caseload_keys.readiness_day(uow.session) == later
