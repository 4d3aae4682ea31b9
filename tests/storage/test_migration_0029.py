"""Migration 0029: Horizon's evidence link moves to the moderate-intensity custody item when
it still names the high-intensity one, a manager's own link is left alone, and the downgrade
moves it back."""

from __future__ import annotations

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0025 import _definitions, _store

HIGH = "sexual-offending-treatment-custody"
MODERATE = "sexual-offending-treatment-custody-moderate"


def _link(engine: sa.Engine, code: str) -> object:
    return _definitions(engine)[code].get("evidence_intervention_id")


def test_horizon_is_relinked_and_back(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0028")
        horizon = _definitions(engine)["HORIZON"]
        _store(engine, "HORIZON", {**horizon, "evidence_intervention_id": HIGH})  # as 0021 seeded
        kaizen_before = _definitions(engine)["KAIZEN"]
        migrate("0029")
        assert _link(engine, "HORIZON") == MODERATE
        assert _definitions(engine)["KAIZEN"] == kaizen_before
        migrate("0028", down=True)
        assert _link(engine, "HORIZON") == HIGH


def test_a_link_a_manager_changed_is_left_alone(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0028")
        horizon = _definitions(engine)["HORIZON"]
        _store(engine, "HORIZON", {**horizon, "evidence_intervention_id": None})
        migrate("0029")
        assert _link(engine, "HORIZON") is None
