"""Retention rules are data administrators edit (validated, every change audited); managers
see who an active rule makes due and keep a record with a reason and the next review date."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from resettle.domain import clock
from resettle.domain.errors import DuplicateRecord, ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.retention import RetentionBasis, counts_until, months_after
from resettle.domain.staff import Role
from resettle.services.case_status import close_case
from resettle.services.people import register_person
from resettle.services.retention import (
    keep_after_review,
    list_due_for_review,
    list_retention_rules,
    save_retention_rule,
)
from resettle.services.workspace import Workspace
from resettle.storage.tables.retention import RetentionReviewRow
from tests.factories import another_person, person_data, staff_member

TODAY = clock.today()
LONG_AGO = TODAY - dt.timedelta(days=365 * 8)


def _served(licence_end: dt.date | None) -> dict[str, object]:
    """Sentenced and released long ago, the licence ending on ``licence_end``."""
    return {
        "sentence_date": dt.date(2012, 1, 1),
        "release_date": dt.date(2014, 1, 1),
        "licence_end_date": licence_end,
    }


def _as(workspace: Workspace, role: Role) -> Workspace:
    return Workspace(workspace.database, staff_member(workspace, f"ret.{role.value}", role))


def _actions(workspace: Workspace, prefix: str) -> list[tuple[str, dict[str, object]]]:
    with workspace.uow() as uow:
        return [
            (row.action, row.details)
            for row in reversed(uow.audit.latest(1000))
            if row.action.startswith(prefix)
        ]


def test_the_migration_seeds_seven_years_after_licence_end(workspace: Workspace) -> None:
    rules = _as(workspace, Role.ADMIN).run(list_retention_rules)
    assert [(r.name, r.counts_from, r.years, r.months, r.action.value) for r in rules] == [
        ("7 years after licence end", RetentionBasis.LICENCE_END, 7, 0, "review")
    ]


def test_rules_are_added_changed_validated_and_audited(workspace: Workspace) -> None:
    admin = _as(workspace, Role.ADMIN)
    rule = admin.run(
        save_retention_rule,
        None,
        {"name": " 2 years after closure ", "counts_from": "case_closed", "years": 2},
    )
    assert (rule.name, rule.period_text) == ("2 years after closure", "2 years")
    changed = admin.run(
        save_retention_rule, rule.id, {**rule.model_dump(exclude={"id"}), "months": 6}
    )
    assert changed.period_text == "2 years 6 months"
    assert _actions(workspace, "retention_rule.") == [
        ("retention_rule.created", {"fields": ["name", "counts_from", "years", "months",
                                               "action", "active"]}),
        ("retention_rule.changed", {"fields": ["months"]}),
    ]  # fmt: skip
    for data, field in (
        ({"name": "", "counts_from": "licence_end", "years": 1}, "name"),
        ({"name": "X", "counts_from": "sentence_start", "years": 1}, "counts_from"),
        ({"name": "X", "counts_from": "licence_end", "years": -1}, "years"),
        ({"name": "X", "counts_from": "licence_end", "months": 12}, "months"),
        ({"name": "X", "counts_from": "licence_end"}, "period"),  # no period at all
    ):
        with pytest.raises(ValidationFailed) as refused:
            admin.run(save_retention_rule, None, data)
        assert [p.field for p in refused.value.problems] == [field], data
    with pytest.raises(DuplicateRecord) as taken:
        admin.run(
            save_retention_rule,
            None,
            {"name": "7 YEARS after licence end", "counts_from": "release_date", "years": 1},
        )
    assert str(taken.value).startswith("Name:")
    for role in (Role.OFFICER, Role.MANAGER):
        with pytest.raises(PermissionDenied):
            _as(workspace, role).run(
                save_retention_rule, None, {"name": "Y", "counts_from": "licence_end", "years": 1}
            )


def test_people_are_due_when_an_active_rule_says_so_and_kept_until_the_next_review(
    workspace: Workspace,
) -> None:
    due = workspace.run(register_person, person_data(**_served(LONG_AGO)))
    workspace.run(register_person, another_person(1, **_served(TODAY - dt.timedelta(days=30))))
    closed = workspace.run(register_person, another_person(2, **_served(None)))
    workspace.run(close_case, closed.id, {"reason": "transferred_out"})
    manager = _as(workspace, Role.MANAGER)
    queue = manager.run(list_due_for_review)
    assert [(p.person_id, p.prison_number, p.rule_name) for p in queue] == [
        (due.id, "A1234BC", "7 years after licence end")
    ]
    assert queue[0].due_on == months_after(LONG_AGO, 84)
    admin = _as(workspace, Role.ADMIN)
    admin.run(
        save_retention_rule,
        None,
        {"name": "Closed cases", "counts_from": "case_closed", "months": 1},
    )
    later = TODAY + dt.timedelta(days=40)
    assert {p.person_id for p in manager.run(list_due_for_review, later)} == {due.id, closed.id}
    with pytest.raises(ValidationFailed) as refused:
        manager.run(keep_after_review, due.id, {"reason": "", "next_review_on": TODAY})
    assert {p.field for p in refused.value.problems} == {"reason"}
    with pytest.raises(ValidationFailed) as refused:
        manager.run(keep_after_review, due.id, {"reason": "Appeal", "next_review_on": TODAY})
    assert [p.field for p in refused.value.problems] == ["next_review_on"]
    next_review = TODAY + dt.timedelta(days=365)
    manager.run(keep_after_review, due.id, {"reason": "Appeal", "next_review_on": next_review})
    assert due.id not in {p.person_id for p in manager.run(list_due_for_review)}
    back = manager.run(list_due_for_review, next_review)
    assert [p.last_kept_until for p in back if p.person_id == due.id] == [next_review]
    assert _actions(workspace, "retention_review.") == [("retention_review.kept", {})]
    with workspace.uow() as uow:
        kept = uow.session.scalar(select(RetentionReviewRow))
        assert kept is not None
        assert (kept.person_id, kept.reason, kept.next_review_on) == (due.id, "Appeal", next_review)
    with pytest.raises(PermissionDenied):
        workspace.run(list_due_for_review)  # an officer


def test_periods_count_in_calendar_months() -> None:
    assert counts_until(dt.date(2026, 3, 31), 0, 1) == dt.date(2026, 2, 28)
    assert months_after(dt.date(2020, 2, 29), 12) == dt.date(2021, 2, 28)
