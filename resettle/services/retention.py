"""Retention: administrators edit the rules; managers see who is due for review and keep a
record (with a reason and the next review date) or erase it (``services/erasure``).

Every change to a rule and every decision is audited, with codes and ids only: the reason for
keeping a record is stored with the decision, never copied into the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from resettle.domain import clock
from resettle.domain.access import Placement, permissions_for
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DuplicateRecord, NotFound, ValidationFailed
from resettle.domain.permissions import Permission, PermissionDenied, has_permission, require
from resettle.domain.retention import (
    DueForReview,
    KeepDecisionInput,
    RetentionAction,
    RetentionBasis,
    RetentionRule,
    RetentionRuleInput,
    counts_until,
    months_after,
)
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.person_access import reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.repositories.access import reach_condition
from resettle.storage.repositories.retention import RetentionRepository
from resettle.storage.tables.retention import RetentionReviewRow, RetentionRuleRow

KEEP = "keep"


def list_retention_rules(actor: Actor, uow: UnitOfWork) -> list[RetentionRule]:
    """Every rule, for administrators who edit them and managers who review by them."""
    if not (
        has_permission(actor, Permission.MANAGE_RETENTION)
        or has_permission(actor, Permission.REVIEW_RETENTION)
    ):
        raise PermissionDenied(actor, Permission.MANAGE_RETENTION)
    with uow:
        return [_rule(row) for row in RetentionRepository(uow.session).rules()]


def save_retention_rule(
    actor: Actor,
    uow: UnitOfWork,
    rule_id: int | None,
    data: Mapping[str, Any] | RetentionRuleInput,
) -> RetentionRule:
    """Add a rule (``rule_id`` None) or change one; names are unique (any case)."""
    require(actor, Permission.MANAGE_RETENTION)
    rule = validate(RetentionRuleInput, data)
    with uow:
        repository = RetentionRepository(uow.session)
        same_name = repository.rule_named(rule.name)
        if same_name is not None and same_name.id != rule_id:
            raise DuplicateRecord("name", f"Name: there is already a rule called {rule.name}.")
        if rule_id is None:
            row = RetentionRuleRow()
            changed = _apply(row, rule)
            repository.add_rule(row)
            audit.record(
                uow, actor, AuditAction.RETENTION_RULE_CREATED, row.id, person_id=None,
                fields=changed,
            )  # fmt: skip
            uow.commit()
            return _rule(row)
        found = repository.rule(rule_id)
        if found is None:
            raise NotFound("That retention rule no longer exists.")
        changed = _apply(found, rule)
        if changed:
            uow.flush()
            audit.record(
                uow, actor, AuditAction.RETENTION_RULE_CHANGED, found.id, person_id=None,
                fields=changed,
            )  # fmt: skip
            uow.commit()
        return _rule(found)


def list_due_for_review(
    actor: Actor, uow: UnitOfWork, today: dt.date | None = None
) -> list[DueForReview]:
    """The people the manager reaches as a manager whom an active rule makes due today and
    no "keep" decision holds off, the longest overdue first."""
    require(actor, Permission.REVIEW_RETENTION)
    day = today or clock.today()
    with uow:
        repository = RetentionRepository(uow.session)
        scope = scope_of(actor, uow)
        reach = reach_condition(scope)
        due: dict[int, DueForReview] = {}
        for rule in (r for r in repository.rules() if r.active):
            for row in repository.due(
                rule.counts_from, counts_until(day, rule.years, rule.months), reach
            ):
                placement = Placement(
                    person_id=row.person_id,
                    team_id=row.team_id,
                    establishment_id=row.establishment_id,
                    restricted=row.restricted,
                )
                if Permission.REVIEW_RETENTION not in permissions_for(scope, placement):
                    continue
                due_on = months_after(row.counted_from, rule.years * 12 + rule.months)
                if row.person_id in due and due[row.person_id].due_on <= due_on:
                    continue
                due[row.person_id] = DueForReview(
                    person_id=row.person_id,
                    prison_number=row.prison_number,
                    name=f"{row.given_name} {row.family_name}",
                    rule_name=rule.name,
                    counts_from=RetentionBasis(rule.counts_from),
                    counted_from=row.counted_from,
                    due_on=due_on,
                )
        kept = repository.kept_until(sorted(due))
        listed = [
            person.model_copy(update={"last_kept_until": kept.get(person.person_id)})
            for person in due.values()
            if kept.get(person.person_id) is None or kept[person.person_id] <= day
        ]
        return sorted(listed, key=lambda person: (person.due_on, person.person_id))


def keep_after_review(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | KeepDecisionInput,
    today: dt.date | None = None,
) -> dt.date:
    """Keep the person's record until the next review date; returns that date."""
    require(actor, Permission.REVIEW_RETENTION)
    decision = validate(KeepDecisionInput, data)
    problems = decision.problems_on(today or clock.today())
    if problems:
        raise ValidationFailed(problems)
    with uow:
        reachable_person(actor, uow, person_id, Permission.REVIEW_RETENTION)
        row = RetentionRepository(uow.session).add_review(
            RetentionReviewRow(
                person_id=person_id,
                decision=KEEP,
                reason=decision.reason,
                next_review_on=decision.next_review_on,
                decided_by_id=actor.id,
            )
        )
        audit.record(uow, actor, AuditAction.RETENTION_REVIEW_KEPT, row.id, person_id=person_id)
        uow.commit()
        return decision.next_review_on


def _apply(row: RetentionRuleRow, rule: RetentionRuleInput) -> list[str]:
    """Set the row's fields from ``rule``; the names of those that changed."""
    values = {
        "name": rule.name,
        "counts_from": rule.counts_from.value,
        "years": rule.years,
        "months": rule.months,
        "action": rule.action.value,
        "active": rule.active,
    }
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, values[name])
    return changed


def _rule(row: RetentionRuleRow) -> RetentionRule:
    return RetentionRule(
        id=row.id,
        name=row.name,
        counts_from=RetentionBasis(row.counts_from),
        years=row.years,
        months=row.months,
        action=RetentionAction(row.action),
        active=row.active,
    )
