"""Every audited view of a person (or of the people behind a figure) still shows what it read
on a database that cannot be written, its audit row logged instead (codes and ids only), as
the record window does (``services/read_only_storage.py``); a print, which leaves the
building, is still refused when it cannot be audited. Both backends: SQLite's
``query_only`` and PostgreSQL's read-only session (``tests/storage_faults.py``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from resettle.domain import clock
from resettle.domain.errors import DatabaseReadOnly, DiskFull
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.services import case_access, measures, outcome_checks, programme_referral_lists
from resettle.services.plans import edit, printing
from resettle.services.storage_errors import translate_storage_errors
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON
from tests.services.held_case import ACTION, Case, held_person, readers_of
from tests.storage_faults import storage_limited


@pytest.fixture
def case(workspace: Workspace) -> Case:
    person_id, prison_id = held_person(workspace)
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    return readers_of(workspace, person_id, prison_id, "ro")


def _filters() -> MeasureFilters:
    return MeasureFilters.for_period(clock.today())


def _key(workspace: Workspace, manager: Actor) -> str:
    return measures.measure_figures(manager, workspace.uow(), _filters())[0].key


#: (name, who opens it, the call): each is one audited read.
VIEWS: list[tuple[str, str, Callable[[Workspace, Case, Actor], Any]]] = [
    (
        "plan preview",
        "officer",
        lambda ws, case, actor: printing.open_plan_preview(actor, ws.uow(), case.person_id),
    ),
    (
        "outcome checks",
        "officer",
        lambda ws, case, actor: outcome_checks.outcome_checks(
            actor, ws.uow(), case.person_id, opened_from=ViewPlace.COMMAND_LINE
        ),
    ),
    (
        "programme referrals",
        "officer",
        lambda ws, case, actor: programme_referral_lists.list_person_referrals(
            actor, ws.uow(), case.person_id, opened_from=ViewPlace.COMMAND_LINE
        ),
    ),
    (
        "who may see the record",
        "manager",
        lambda ws, case, actor: case_access.person_access(actor, ws.uow(), case.person_id),
    ),
    (
        "the people behind a figure",
        "manager",
        lambda ws, case, actor: measures.measure_people(
            actor, ws.uow(), _key(ws, actor), Part.COHORT, _filters()
        ),
    ),
]


def _without_print_time(shown: Any) -> Any:
    """A preview is stamped with the moment it was made: everything else must be equal."""
    if isinstance(shown, printing.PlanDocument):
        return shown.model_copy(update={"printed_at": None})
    return shown


def _audit_rows(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        return len(uow.audit.latest(100_000))


@pytest.mark.parametrize(("name", "who", "view"), VIEWS, ids=[v[0] for v in VIEWS])
def test_each_audited_view_shows_its_data_read_only_and_logs_the_view(
    workspace: Workspace,
    case: Case,
    caplog: pytest.LogCaptureFixture,
    name: str,
    who: str,
    view: Callable[[Workspace, Case, Actor], Any],
) -> None:
    actor = case.officer if who == "officer" else case.manager
    written = view(workspace, case, actor)  # writable: audited as usual
    rows = _audit_rows(workspace)
    with storage_limited(workspace.database.engine, "read_only"):
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            shown = view(workspace, case, actor)
    assert _without_print_time(shown) == _without_print_time(written), name  # read-only
    assert _audit_rows(workspace) == rows  # nothing written, nothing half-written
    [line] = [r.getMessage() for r in caplog.records if "NOT AUDITED" in r.getMessage()]
    assert "storage.read_only" in line and f"account {actor.id}" in line
    assert "Person" not in line and case.officer.display_name not in line  # codes and ids


def test_any_other_failure_still_refuses_a_view(
    workspace: Workspace, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.services import audit

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("not a storage limit")

    monkeypatch.setattr(audit, "record_view", broken)
    with pytest.raises(RuntimeError):
        printing.open_plan_preview(case.officer, workspace.uow(), case.person_id)


def test_a_print_from_a_read_only_database_is_still_refused(
    workspace: Workspace, case: Case
) -> None:
    """A printed plan leaves the building: it is refused when its audit row cannot be
    written, never printed unaudited."""
    rows = _audit_rows(workspace)
    with (
        storage_limited(workspace.database.engine, "read_only"),
        pytest.raises((DatabaseReadOnly, DiskFull)),
        translate_storage_errors("plan.print"),
    ):
        printing.plan_pdf(case.officer, workspace.uow(), case.person_id, reason=FOR_THE_PERSON)
    assert _audit_rows(workspace) == rows
