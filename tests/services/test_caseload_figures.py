"""A dashboard figure as the caseload's filter (``domain/caseload_figure.py``): the caseload
lists exactly the people the figure counts (every figure and part, on the hand-counted and on
a generated caseload, paged), never beyond the account's reach, showing them is audited as a
figure's people listed, and "Export list" writes them (audited as the caseload's export)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from resettle.domain.caseload import (
    CaseloadColumn,
    CaseloadFilters,
    CaseloadQuery,
    CaseloadRow,
    ReleaseWindow,
)
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.errors import ValidationFailed
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.caseload import (
    caseload_csv,
    count_caseload,
    count_caseload_shown,
    list_caseload,
    show_figure_people,
)
from resettle.services.measures import measure_figures, measure_people, measure_people_all
from resettle.services.workspace import Workspace
from tests.accounts import load_demo_for, workspace_as
from tests.services.measures_dataset import (
    TODAY,
    Dataset,
    manager_of,
)
from tests.services.test_measures import _random_checks


def _filters(**narrowing: object) -> MeasureFilters:
    return MeasureFilters.for_period(TODAY, **narrowing)  # type: ignore[arg-type]


def _query(key: str, part: Part, limit: int = 200, **narrowing: object) -> CaseloadQuery:
    figure = CaseloadFigure(key=key, part=part, filters=_filters(**narrowing))
    return CaseloadQuery(figure=figure, today=TODAY, limit=limit)


def _every_row(ws: Workspace, query: CaseloadQuery) -> list[CaseloadRow]:
    """Every page of ``query``, through the keyset cursor."""
    rows: list[CaseloadRow] = []
    while True:
        page = ws.run(list_caseload, query)
        rows += page.rows
        if page.next_cursor is None:
            return rows
        query = query.model_copy(update={"after": page.next_cursor})


def test_every_figure_and_part_lists_its_people_on_a_generated_caseload(
    workspace: Workspace, held_day: None
) -> None:
    load_demo_for(workspace, 60, seed=3, today=TODAY)
    with workspace.uow() as uow:  # the demo's released people, checked at random
        _random_checks(uow)
        uow.commit()
    checked = 0
    for narrowing in ({}, {"period_from": dt.date(2026, 6, 1), "pathway": "drugs_alcohol"}):
        for figure, parts in measure_people_all(
            workspace.actor, workspace.uow(), _filters(**narrowing)
        ):
            for part, people in parts.items():
                query = _query(figure.key, part, limit=7, **narrowing)
                rows = _every_row(workspace, query)
                assert {row.id for row in rows} == {p.id for p in people}, (figure.key, part)
                assert len(rows) == len({row.id for row in rows}) == figure.count(part)
                assert workspace.run(count_caseload, query) == figure.count(part)
                checked += 1
    assert checked > 60


def test_the_caseload_lists_a_figures_people_as_measure_people_does(
    workspace: Workspace, dataset: Dataset
) -> None:
    for figure in measure_figures(workspace.actor, workspace.uow(), _filters()):
        for part in figure.parts():
            listed = measure_people(workspace.actor, workspace.uow(), figure.key, part, _filters())
            rows = _every_row(workspace, _query(figure.key, part))
            assert {row.id for row in rows} == {p.id for p in listed}, (figure.key, part)
            assert len(rows) == figure.count(part), (figure.key, part)


def test_the_figure_alone_decides_who_is_listed(workspace: Workspace, dataset: Dataset) -> None:
    """Search, filters, "My caseload only" and the closed-case default are set aside: the
    hand count of MI014's not-recorded part is P4 and P8 (and P8 is on nobody's caseload)."""
    query = _query("MI014", Part.NOT_RECORDED).model_copy(
        update={
            "search": "nobody by this name",
            "filters": CaseloadFilters(mine=True, release_window=ReleaseWindow.NEXT_2_WEEKS),
            "sort": CaseloadColumn.NAME,
        }
    )
    rows = _every_row(workspace, query)
    assert dataset.numbers([row.id for row in rows]) == {4, 8}
    assert workspace.run(count_caseload, query) == 2


def test_an_outcome_figures_people_carry_their_answer_and_check_date(
    workspace: Workspace, dataset: Dataset
) -> None:
    rows = _every_row(workspace, _query("MI014", Part.COHORT))
    answers = {dataset.numbers([row.id]).pop(): row for row in rows}
    assert answers[2].figure_answer == "rough_sleeping"
    assert answers[2].figure_checked_on is not None
    assert answers[4].figure_answer is None and answers[4].figure_checked_on is None
    process = _every_row(workspace, _query("releases_next_12_weeks", Part.NUMERATOR))
    assert process and all(row.figure_answer is None for row in process)


def test_an_officer_never_sees_people_beyond_their_reach(
    workspace: Workspace, dataset: Dataset
) -> None:
    """The test officer reaches their team; P12 is another team's. Neither a figure of the
    other team's officer nor a figure narrowed to the other team lists anyone of theirs."""
    theirs = f"caseload_per_officer:{dataset.other_officer_id}"
    assert workspace.run(count_caseload, _query(theirs, Part.NUMERATOR)) == 0
    other_team = _query("MI014", Part.COHORT, team_id=dataset.other_team_id)
    assert _every_row(workspace, other_team) == []
    everyone = _every_row(workspace, _query("MI014", Part.COHORT))
    assert dataset.ids[12] not in {row.id for row in everyone}
    # The other team's manager sees P12 and only P12 in the same figure.
    manager = manager_of(workspace, "other.team.manager", dataset.other_team_id)
    rows = _every_row(manager, _query("MI014", Part.COHORT))
    assert dataset.numbers([row.id for row in rows]) == {12}
    manager.close()


def test_prison_staff_may_not_filter_the_caseload_by_a_figure(
    workspace: Workspace, dataset: Dataset
) -> None:
    prison = workspace_as(workspace, Role.PRISON_STAFF)
    for use_case in (list_caseload, count_caseload, count_caseload_shown, show_figure_people):
        with pytest.raises(PermissionDenied):
            prison.run(use_case, _query("MI014", Part.NUMERATOR))
    assert prison.run(count_caseload, CaseloadQuery(today=TODAY)) >= 0  # their caseload


def test_bad_figures_are_refused_naming_the_field(workspace: Workspace, dataset: Dataset) -> None:
    cases = [
        (_query("MI999", Part.NUMERATOR), "measure"),
        (_query("MI014:x", Part.NUMERATOR), "measure"),
        (_query("releases_next_2_weeks", Part.EXCLUDED), "part"),
        (CaseloadQuery(today=TODAY), "figure"),
    ]
    for query, field in cases:
        with pytest.raises(ValidationFailed) as raised:
            workspace.run(show_figure_people, query)
        assert raised.value.problems[0].field == field
    with workspace.uow() as uow:
        assert not [r for r in uow.audit.latest(20) if r.action == "measure.people_listed"]


def test_showing_a_figures_people_is_audited_as_a_figures_list(
    workspace: Workspace, dataset: Dataset
) -> None:
    shown = workspace.run(show_figure_people, _query("MI014", Part.EXCLUDED))
    assert shown.count.count == 3
    assert dataset.numbers([row.id for row in shown.page.rows]) == {3, 4, 8}
    with workspace.uow() as uow:
        row = uow.audit.latest(1)[0]
        action, person_id, details = row.action, row.person_id, dict(row.details)
    assert action == "measure.people_listed" and person_id is None
    assert details == {
        "measure": "MI014",
        "group": None,
        "part": "excluded",
        "from_day": "2025-11-24",
        "to_day": "2026-11-23",
        "people": 3,
    }


def test_export_list_writes_the_figures_people_with_their_answers(
    workspace: Workspace, dataset: Dataset
) -> None:
    text = workspace.run(caseload_csv, _query("MI014", Part.DENOMINATOR))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-3:] == ["First night answer", "Checked on", "Treatment started"]
    assert len(rows) - 1 == 4
    assert "Rough sleeping" in {row[-3] for row in rows[1:]}
    with workspace.uow() as uow:
        latest = [(r.action, r.person_id, dict(r.details)) for r in uow.audit.latest(10)]
    summary = next(r for r in latest if r[1] is None)
    each = [r for r in latest if r[1] is not None and r[0] == "caseload.exported"]
    assert summary[0] == "caseload.exported"
    details = summary[2]
    assert details["rows"] == 4 and details["filters"] == [] and details["searched"] is False
    assert dict(details["figure"])["measure"] == "MI014"
    assert dict(details["figure"])["part"] == "denominator"
    assert len(each) == 4 and {r[0] for r in each} == {"caseload.exported"}
    assert {r[2]["measure"] for r in each} == {"MI014"}
    process = workspace.run(caseload_csv, _query("releases_next_12_weeks", Part.NUMERATOR))
    assert "Answer" not in process.splitlines()[0]


def test_a_figure_the_period_does_not_narrow_is_the_same_for_any_period(
    workspace: Workspace, dataset: Dataset
) -> None:
    """``CaseloadFigure.uses_period`` (the banner says "today's work" otherwise) agrees with
    the figures: those it says the period leaves alone count the same people for any period."""
    periods = ({}, {"period_from": dt.date(2026, 10, 1)}, {"period_to": dt.date(2026, 1, 31)})
    lists: dict[str, list[set[int]]] = {}
    for narrowing in periods:
        for figure, parts in measure_people_all(
            workspace.actor, workspace.uow(), _filters(**narrowing)
        ):
            people = {p.id for part in parts.values() for p in part}
            lists.setdefault(figure.key, []).append(people)
    for key, found in lists.items():
        if len(found) < len(periods):
            continue  # a group only some periods have
        figure = CaseloadFigure(key=key, part=Part.NUMERATOR, filters=_filters())
        if not figure.uses_period:
            assert all(people == found[0] for people in found), key
    changed = {
        CaseloadFigure(key=key, part=Part.NUMERATOR, filters=_filters()).measure.code
        for key, found in lists.items()
        if any(people != found[0] for people in found)
    }
    assert changed <= {
        code
        for code in {k.partition(":")[0] for k in lists}
        if CaseloadFigure(key=code, part=Part.NUMERATOR, filters=_filters()).uses_period
    }
