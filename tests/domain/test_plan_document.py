"""The print snapshot: canonical JSON and a stable hash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

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


def sample_document() -> PlanDocument:
    """A document with every kind of content the hash must be stable over."""
    release = date(2025, 3, 14)
    actions = (
        PlanAction(pathway=Pathway.HEALTH, what="GP", owner=ActionOwner.PROVIDER),
        PlanAction(
            pathway=Pathway.FINANCE_ID,
            what="Open a bank account with Łukasz's help",
            owner=ActionOwner.PRISON,
            due=DueDate.relative(-14),
            status=ActionStatus.IN_PROGRESS,
        ),
    )
    return doc(
        actions=tuple(action_line(action, release) for action in actions),
        officer_notes=("Prefers mornings", "Zoë's sister: Ní Bhriain"),
        plan_version=3,
    )


_HASH_IN_A_NEW_INTERPRETER = (
    "from tests.domain.test_plan_document import sample_document\n"
    "from resettle.domain.plan_document import snapshot_sha256\n"
    "print(snapshot_sha256(sample_document()))"
)


def test_hash_is_stable_across_runs() -> None:
    # Pinned: a change here means issued plans' fingerprints would no longer verify.
    assert canonical_json(doc()).startswith('{"actions":[],"aftercare":[],"agreed_at":null')
    # Built again from nothing in two new interpreters with different string-hash seeds (so
    # set and dict order may differ), the same content must give this interpreter's hash.
    here = snapshot_sha256(sample_document())
    root = Path(__file__).resolve().parents[2]
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", _HASH_IN_A_NEW_INTERPRETER],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert run.stdout.strip() == here
    assert here != snapshot_sha256(doc())


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
