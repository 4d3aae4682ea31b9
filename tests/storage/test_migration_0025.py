"""Migration 0025: a catalogue stored before modules had ``pre_group`` gets Building Choices'
pre-group modules marked and nothing else changed; the downgrade takes the key out again."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from resettle.domain.programmes.catalogue import Programme
from tests.storage.migration_steps import migration_steps


def _definitions(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT code, definition FROM programmes")).all()
    return {
        row.code: json.loads(row.definition) if isinstance(row.definition, str) else row.definition
        for row in rows
    }


def _store(engine: sa.Engine, code: str, definition: dict[str, Any]) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE programmes SET definition = :d WHERE code = :c"),
            {"d": json.dumps(definition), "c": code},
        )


def test_pre_group_modules_are_marked_in_a_catalogue_stored_without_them(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0024")
        before = _definitions(engine)
        for code, definition in before.items():  # as an older version stored it
            for module in definition["modules"]:
                module.pop("pre_group", None)
            _store(engine, code, definition)
        edited = before["BC-MOD"]
        edited["modules"][0]["name"] = "Preparation"  # renamed by a manager: left alone
        _store(engine, "BC-MOD", edited)
        migrate("0025")
        after = _definitions(engine)
        marked = [
            (code, module["number"])
            for code, definition in after.items()
            for module in definition["modules"]
            if module.get("pre_group")
        ]
        assert marked == [("BC-HIGH", 1)]
        assert after["BC-MOD"] == edited
        assert Programme.model_validate(after["BC-HIGH"]).modules[0].pre_group
        migrate("0024", down=True)
        assert all(
            "pre_group" not in module
            for definition in _definitions(engine).values()
            for module in definition["modules"]
        )
