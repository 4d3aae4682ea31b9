"""Recording the programme need items on the Risk tab: saved, read back with the pathway they
give, audited with codes only, refused to roles that may not change risk, and guarded by the
risk part's revision. Runs on SQLite and, when configured, PostgreSQL (the ``workspace``
fixture's backends)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain import clock
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.programme_needs import NeedBand, NeedDomain, PniRule, ProgrammePathway
from resettle.domain.record_parts import RecordPart
from resettle.domain.record_visibility import risk_level_only
from resettle.domain.risk import RiskLevel
from resettle.domain.staff import Role
from resettle.services.case_record import risk
from resettle.services.case_record.programme_needs import save_programme_needs
from resettle.services.case_record.read import refresh_case_record
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from tests.accounts import workspace_as
from tests.factories import person_data
from tests.recorded_risk_steps import PROGRAMME_NEEDS

TODAY = clock.today()


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=30),
            licence_end_date=TODAY + dt.timedelta(days=400),
            sex="male",
            offence_category="burglary_domestic",
        ),
    )
    return detail.id


def read(workspace: Workspace, person_id: int) -> Any:
    return refresh_case_record(workspace.actor, workspace.uow(), person_id)


def _record_scores(workspace: Workspace, person_id: int) -> int:
    revision = 0
    for score in (
        {"tool": "ogrs3", "percent": 76, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
        {"tool": "ovp", "percent": 59.99, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
        {"tool": "rsr", "percent": 3.2, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
    ):
        revision = risk.record_score(workspace.actor, workspace.uow(), person_id, revision, score)
    return revision


def test_a_new_record_has_no_items_and_is_missing_information(
    workspace: Workspace, person_id: int
) -> None:
    view = read(workspace, person_id).risk
    assert view.programme_needs.answered == 0
    assert view.pni is not None
    assert view.pni.pathway is ProgrammePathway.MISSING_INFORMATION
    assert view.pni.rule is PniRule.MISSING_NEED_ITEMS


def test_saved_items_are_read_back_with_the_pathway_from_the_recorded_scores(
    workspace: Workspace, person_id: int
) -> None:
    revision = _record_scores(workspace, person_id)
    new = save_programme_needs(
        workspace.actor, workspace.uow(), person_id, revision, PROGRAMME_NEEDS
    )
    assert new == revision + 1
    record = read(workspace, person_id)
    assert record.revision(RecordPart.RISK.value) == new
    stored = record.risk.programme_needs
    assert stored.model_dump(mode="json") == PROGRAMME_NEEDS
    pni = record.risk.pni
    # thinking 2+1 = 3 -> 2; relationships 1+2+1+1 = 5 -> 2; self-management 2+1+1+1 = 5 -> 2.
    assert pni.domain_scores == {
        NeedDomain.SEX: 0,
        NeedDomain.THINKING: 2,
        NeedDomain.RELATIONSHIPS: 2,
        NeedDomain.SELF_MANAGEMENT: 2,
    }
    assert pni.need_band is NeedBand.HIGH
    # OGRS3 76 (recorded, in use) high; OVP 59.99 medium; RSR 3.2 high (no OSP); SARA medium.
    assert pni.risk_band is RiskLevel.HIGH
    assert [name.value for name in pni.risk_set_by] == ["ogrs3", "rsr"]
    assert pni.inputs.risk.ovp == 59.99
    # OGRS3 high but neither OVP nor a SARA high: the table, high x high.
    assert (pni.pathway, pni.rule) == (ProgrammePathway.HIGH_INTENSITY, PniRule.HIGH_NEED_HIGH_RISK)


def test_saving_again_replaces_the_items(workspace: Workspace, person_id: int) -> None:
    revision = save_programme_needs(workspace.actor, workspace.uow(), person_id, 0, PROGRAMME_NEEDS)
    changed = {**PROGRAMME_NEEDS, "difficulties_coping": None, "sara_partner": None}
    save_programme_needs(workspace.actor, workspace.uow(), person_id, revision, changed)
    view = read(workspace, person_id).risk
    assert view.programme_needs.difficulties_coping is None
    assert view.programme_needs.sara_partner is None
    assert view.pni.missing[:1] == ("need_items.self_management.difficulties_coping",)


def test_the_save_is_audited_with_codes_only(workspace: Workspace, person_id: int) -> None:
    save_programme_needs(workspace.actor, workspace.uow(), person_id, 0, PROGRAMME_NEEDS)
    with workspace.uow() as uow:
        assert uow.audit.count("risk.programme_needs_saved") == 1
        row = uow.audit.latest(1)[0]
        action, subject, details = row.action, row.person_id, dict(row.details)
    assert (action, subject) == ("risk.programme_needs_saved", person_id)
    # No score recorded: SARA (partner) medium sets the risk band; need high -> moderate.
    assert details == {"answered": 13, "programme_pathway": "moderate_intensity"}


@pytest.mark.parametrize("role", [Role.PRISON_STAFF, Role.ADMIN])
def test_roles_that_may_not_change_risk_are_refused(
    workspace: Workspace, person_id: int, role: Role
) -> None:
    other = workspace_as(workspace, role)
    with pytest.raises(PermissionDenied):
        save_programme_needs(other.actor, other.uow(), person_id, 0, PROGRAMME_NEEDS)
    with workspace.uow() as uow:
        assert uow.audit.count("risk.programme_needs_saved") == 0
    assert read(workspace, person_id).risk.programme_needs.answered == 0


def test_a_stale_revision_is_a_concurrent_edit_and_saves_nothing(
    workspace: Workspace, person_id: int
) -> None:
    revision = risk.record_score(
        workspace.actor,
        workspace.uow(),
        person_id,
        0,
        {"tool": "ogrs3", "percent": 40, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
    )
    with pytest.raises(ConcurrentEdit):
        save_programme_needs(workspace.actor, workspace.uow(), person_id, 0, PROGRAMME_NEEDS)
    assert read(workspace, person_id).risk.programme_needs.answered == 0
    assert revision == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"impulsivity": 3}, "impulsivity"),
        ({"impulsivity": True}, "impulsivity"),
        ({"temper_control": "2"}, "temper_control"),
        ({"sara_other": "very_high"}, "sara_other"),
        ({"not_an_item": 1}, "not_an_item"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(
    workspace: Workspace, person_id: int, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        save_programme_needs(
            workspace.actor, workspace.uow(), person_id, 0, {**PROGRAMME_NEEDS, **change}
        )
    assert [problem.field for problem in refused.value.problems] == [field]
    record = read(workspace, person_id)
    assert record.risk.programme_needs.answered == 0
    assert record.revision(RecordPart.RISK.value) == 0


def test_without_risk_details_the_items_and_pathway_are_withheld(
    workspace: Workspace, person_id: int
) -> None:
    save_programme_needs(workspace.actor, workspace.uow(), person_id, 0, PROGRAMME_NEEDS)
    manager_view = read(workspace, person_id).risk
    assert manager_view.programme_needs.answered == 13
    hidden = risk_level_only(manager_view)
    assert hidden.programme_needs.answered == 0
    assert hidden.pni is None
