"""The print snapshot: canonical JSON and a stable hash."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from pydantic import ValidationError

from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, ActionStatus, DueDate, DuePhrase, PlanAction
from resettle.domain.plan_document import (
    EvidenceBasis,
    PersonDetails,
    PlanDocument,
    action_line,
    canonical_json,
    is_empty_plan,
    snapshot_sha256,
)


def doc(**kw: object) -> PlanDocument:
    values: dict[str, object] = {
        "person": PersonDetails(name="Zoë Ní Bhriain", prison_number="A1234BC"),
        "printed_at": datetime(2025, 2, 12, 9, 30),
    }
    values.update(kw)
    return PlanDocument.model_validate(values)


def test_hash_ignores_print_time() -> None:
    a = doc(printed_at=datetime(2025, 2, 12, 9, 30))
    b = doc(printed_at=datetime(2026, 1, 1, 0, 0))
    assert snapshot_sha256(a) == snapshot_sha256(b)
    assert len(snapshot_sha256(a)) == 64


def test_hash_changes_when_content_changes() -> None:
    base = doc()
    assert snapshot_sha256(base) != snapshot_sha256(doc(plan_version=2))
    renamed = doc(person=PersonDetails(name="Zoe Ni Bhriain", prison_number="A1234BC"))
    assert snapshot_sha256(base) != snapshot_sha256(renamed)


def test_hash_is_stable_across_runs() -> None:
    # Pinned: a change here means issued plans' fingerprints would no longer verify.
    assert canonical_json(doc()).startswith('{"actions":[],"aftercare":[],"agreed_at":null')
    assert snapshot_sha256(doc()) == snapshot_sha256(doc())


def test_canonical_json_has_sorted_keys_and_no_print_time() -> None:
    data = json.loads(canonical_json(doc()))
    assert "printed_at" not in data
    assert list(data) == sorted(data)
    assert "Zoë" in canonical_json(doc())  # not \\u-escaped


def test_document_is_frozen_and_strict() -> None:
    d = doc()
    with pytest.raises(ValidationError):
        d.plan_version = 3  # type: ignore[misc]
    with pytest.raises(ValidationError):
        doc(surprise=True)
    with pytest.raises(ValidationError):
        doc(
            evidence=(
                EvidenceBasis(intervention="x", rating="y", scheme="z", quality=5, citation="c"),
            )
        )


def test_action_line_resolves_due_date() -> None:
    act = PlanAction(
        pathway=Pathway.HEALTH,
        what="GP",
        owner=ActionOwner.PROVIDER,
        due=DueDate.relative(-14),
        status=ActionStatus.IN_PROGRESS,
    )
    line = action_line(act, date(2025, 3, 14))
    assert line.due_on == date(2025, 2, 28)
    assert (line.due_phrase, line.due_days) == (DuePhrase.DAYS_BEFORE_RELEASE, 14)
    assert line.owner is ActionOwner.PROVIDER


def test_is_empty_plan() -> None:
    assert is_empty_plan(doc())
    act = PlanAction(pathway=Pathway.HEALTH, what="GP", owner=ActionOwner.PERSON)
    assert not is_empty_plan(doc(actions=(action_line(act, None),)))
