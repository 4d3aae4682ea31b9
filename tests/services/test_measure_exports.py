"""A figure's people saved as CSV (the caseload's "Export list" while it shows a dashboard
figure's people), and the dashboard's filter choices, on the hand-counted caseload
(``measures_dataset.py``)."""

from __future__ import annotations

import csv
import io

import pytest

from resettle.domain.caseload import CaseloadQuery
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.caseload import caseload_csv
from resettle.services.measures import dashboard_choices
from resettle.services.workspace import Workspace
from tests.accounts import seed_account, sign_in_as
from tests.services.measures_dataset import (
    TODAY,
    Dataset,
    manager_of,
)


def _filters() -> MeasureFilters:
    return MeasureFilters.for_period(TODAY)


def _figure(key: str, part: Part) -> CaseloadQuery:
    """The caseload showing one part of one figure."""
    return CaseloadQuery(today=TODAY, figure=CaseloadFigure(key=key, part=part, filters=_filters()))


def test_the_people_behind_a_figure_are_written_as_csv_and_audited_one_by_one(
    workspace: Workspace, dataset: Dataset
) -> None:
    text = workspace.run(caseload_csv, _figure("MI014", Part.DENOMINATOR))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Name", "Prison number"]
    assert rows[0][-3:] == ["First night answer", "Checked on", "Treatment started"]
    assert len(rows) == 5
    with workspace.uow() as uow:
        audit = [row for row in uow.audit.latest(10) if row.action == "caseload.exported"]
        exported = {row.person_id for row in audit if row.person_id is not None}
        each = {str(sorted(dict(row.details).items())) for row in audit if row.person_id}
        (summary,) = [dict(row.details) for row in audit if row.person_id is None]
    assert dataset.numbers(list(exported)) == {1, 2, 5, 11}
    assert each == {str([("measure", "MI014"), ("part", "denominator"), ("rows", 1)])}
    assert summary["figure"] == {
        "measure": "MI014",
        "group": None,
        "part": "denominator",
        "from_day": _filters().period_from.isoformat(),
        "to_day": TODAY.isoformat(),
    }


def test_a_grouped_figure_exports_its_group_only(workspace: Workspace, dataset: Dataset) -> None:
    text = workspace.run(caseload_csv, _figure("releases_by_week:5", Part.NUMERATOR))
    assert len(list(csv.reader(io.StringIO(text)))) == 2  # the header and P9


def test_accounts_without_the_measures_or_export_may_not_export(
    workspace: Workspace, dataset: Dataset
) -> None:
    seed_account(workspace.database, "k.worker", (Role.PRISON_STAFF,))
    prison = sign_in_as(workspace.database, "k.worker")
    with pytest.raises(PermissionDenied):
        prison.run(caseload_csv, _figure("MI014", Part.NUMERATOR))
    with pytest.raises(PermissionDenied):
        prison.run(dashboard_choices)
    prison.close()


def test_a_part_the_figure_has_not_is_refused_naming_it(
    workspace: Workspace, dataset: Dataset
) -> None:
    from resettle.domain.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="no excluded list"):
        workspace.run(caseload_csv, _figure("releases_last_4_weeks", Part.EXCLUDED))


def test_the_filter_choices_are_the_places_of_the_people_reached(
    workspace: Workspace, dataset: Dataset
) -> None:
    ours = manager_of(workspace, "our.manager", dataset.team_id)
    theirs = manager_of(workspace, "their.manager", dataset.other_team_id)
    mine = ours.run(dashboard_choices)
    other = theirs.run(dashboard_choices)
    assert [team_id for team_id, _name in mine.teams] == [dataset.team_id]
    assert [team_id for team_id, _name in other.teams] == [dataset.other_team_id]
    assert dataset.other_officer_id not in {officer for officer, _name in mine.officers}
    assert {officer for officer, _name in other.officers} == {dataset.other_officer_id}
    # Each officer offered with the teams they are in (the officer list follows the team).
    assert other.officer_teams == ((dataset.other_officer_id, dataset.other_team_id),)
    assert all(team == dataset.team_id for _officer, team in mine.officer_teams)
    assert {o for o, _t in mine.officer_teams} == {o for o, _n in mine.officers}
    ours.close()
    theirs.close()


def test_an_account_exports_only_through_the_roles_that_may(
    workspace: Workspace, dataset: Dataset
) -> None:
    """An officer of the test team who is also prison staff in a prison where another team's
    person is held: the figures and exports list the team's people only (prison staff may
    neither see the measures nor export)."""
    from resettle.domain.caseload import CaseloadQuery
    from resettle.services.caseload import caseload_csv
    from resettle.services.measures import measure_people
    from resettle.storage.tables.people import PersonRow
    from resettle.storage.tables.staff import EstablishmentRow

    with workspace.uow() as uow:
        prison = uow.staff.add_establishment(EstablishmentRow(code="HMX", name="HMP X")).id
        uow.session.get_one(PersonRow, dataset.ids[12]).establishment_id = prison
        uow.commit()
    seed_account(
        workspace.database,
        "mixed.user",
        (Role.OFFICER, Role.PRISON_STAFF),
        team_id=dataset.team_id,
        establishment_id=prison,
    )
    mixed = sign_in_as(workspace.database, "mixed.user")
    listed = mixed.run(measure_people, "MI014", Part.COHORT, _filters())
    assert dataset.ids[12] not in {person.id for person in listed}
    assert "Person12" not in mixed.run(caseload_csv, _figure("MI014", Part.COHORT))
    assert "Person12" not in mixed.run(caseload_csv, CaseloadQuery())
    assert "Person1 " in mixed.run(caseload_csv, CaseloadQuery()).replace(",", " ")
    mixed.close()
