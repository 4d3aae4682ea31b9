"""Migration 0032: Kaizen, Horizon and Becoming New Me+ stored with the old placeholder plans
get the published session plans of the shipped catalogue, Building Skills for Recovery its
new source; a programme a manager edited is left as it is; the downgrade puts the
placeholders back."""

from __future__ import annotations

from collections import Counter
from typing import Any

import sqlalchemy as sa

from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.catalogue_file import shipped_catalogue
from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0025 import _definitions, _store

FIELDS = ("modules", "weeks_to_complete", "source", "approximate")


def _old_kaizen_modules(*, pre_group: bool) -> list[dict[str, Any]]:
    """Kaizen's placeholder plan as 0021 stored it (with ``pre_group`` false once the model
    had the key)."""
    module: dict[str, Any] = {
        "number": 1,
        "name": "Kaizen",
        "sessions": [
            {"number": 1, "name": "Group session", "session_type": "group", "minutes": 150},
            {
                "number": 2,
                "name": "One-to-one session",
                "session_type": "one_to_one",
                "minutes": 60,
            },
        ],
    }
    if pre_group:
        module["pre_group"] = False
    return [module]


OLD_KAIZEN = {
    "weeks_to_complete": None,
    "source": "HMPPS accredited programmes directory: high-intensity programme for men at "
    "high risk of violent, sexual or intimate partner violence reoffending. Module and session "
    "counts and time to complete are not given in the sources read: unknown.",
    "approximate": ["eligibility", "modules", "sessions", "weeks_to_complete"],
}
OLD_HORIZON = {
    "modules": [
        {
            "number": 1,
            "name": "Horizon",
            "sessions": [
                {"number": 1, "name": "Group session", "session_type": "group", "minutes": 150}
            ],
        }
    ],
    "weeks_to_complete": None,
    "source": "HMPPS accredited programmes directory: moderate-intensity programme for men "
    "with a sexual offence conviction at medium risk. Session counts and time to complete are "
    "not given in the sources read: unknown.",
    "approximate": ["eligibility", "modules", "sessions", "weeks_to_complete"],
}
OLD_BSR_SOURCE = (
    "HMPPS accredited substance-misuse programme. Session counts and time to complete are "
    "not given in the sources read: unknown."
)


def _counts(definition: dict[str, Any]) -> Counter[str]:
    programme = Programme.model_validate(definition)
    return Counter(session.session_type.value for _, session in programme.session_templates())


def _shipped(code: str) -> dict[str, Any]:
    return shipped_catalogue().require(code).model_dump(mode="json")


def _as_before(engine: sa.Engine) -> dict[str, dict[str, Any]]:
    """Kaizen, Horizon and BSR stored as the catalogue file had them before 0032."""
    stored = _definitions(engine)
    kaizen = {**stored["KAIZEN"], **OLD_KAIZEN, "modules": _old_kaizen_modules(pre_group=True)}
    _store(engine, "KAIZEN", kaizen)
    horizon = {**stored["HORIZON"], **OLD_HORIZON}
    _store(engine, "HORIZON", horizon)
    bsr = {**stored["BSR"], "source": OLD_BSR_SOURCE}
    _store(engine, "BSR", bsr)
    return {"KAIZEN": kaizen, "HORIZON": horizon, "BSR": bsr}


def test_placeholder_plans_get_the_published_ones_and_back(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0031")
        before = _as_before(engine)
        others = {c: d for c, d in _definitions(engine).items() if c not in before}
        migrate("0032")
        after = _definitions(engine)
        assert _counts(after["KAIZEN"]) == {"group": 68, "one_to_one": 11}
        assert _counts(after["HORIZON"]) == {"group": 31, "one_to_one": 3}
        for code in ("KAIZEN", "HORIZON", "BSR"):
            for field in FIELDS:
                assert after[code][field] == _shipped(code)[field], (code, field)
            # Fields the revision does not change are kept (name, eligibility, ...).
            rest = {k: v for k, v in before[code].items() if k not in FIELDS}
            assert {k: v for k, v in after[code].items() if k not in FIELDS} == rest
        assert after["KAIZEN"]["weeks_to_complete"] == {"minimum": 26, "maximum": None}
        # Programmes stored as shipped already (BNM+ seeded new) or not touched: unchanged.
        assert {c: after[c] for c in others} == others
        migrate("0031", down=True)
        down = _definitions(engine)
        assert _counts(down["KAIZEN"]) == {"group": 1, "one_to_one": 1}
        assert down["HORIZON"]["modules"] == OLD_HORIZON["modules"]
        assert down["BSR"]["source"] == OLD_BSR_SOURCE
        assert down["KAIZEN"]["weeks_to_complete"] is None
        assert down["BNM-PLUS"]["weeks_to_complete"] is None
        assert set(down["BNM-PLUS"]["approximate"]) >= {"intensity", "weeks_to_complete"}


def test_a_plan_stored_before_pre_group_existed_is_upgraded(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0031")
        stored = _definitions(engine)["KAIZEN"]
        _store(
            engine,
            "KAIZEN",
            {**stored, **OLD_KAIZEN, "modules": _old_kaizen_modules(pre_group=False)},
        )
        migrate("0032")
        assert _counts(_definitions(engine)["KAIZEN"]) == {"group": 68, "one_to_one": 11}


def test_a_programme_a_manager_edited_is_left_alone(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0031")
        before = _as_before(engine)
        # A manager gave Kaizen a time to complete, and renamed Horizon's only session.
        kaizen = {**before["KAIZEN"], "weeks_to_complete": {"minimum": 30, "maximum": 40}}
        _store(engine, "KAIZEN", kaizen)
        horizon = _definitions(engine)["HORIZON"]
        horizon["modules"][0]["sessions"][0]["name"] = "Horizon group"
        _store(engine, "HORIZON", horizon)
        bsr = {**before["BSR"], "source": "Our own notes on BSR."}
        _store(engine, "BSR", bsr)
        migrate("0032")
        after = _definitions(engine)
        assert after["KAIZEN"] == kaizen
        assert after["HORIZON"] == horizon
        assert after["BSR"] == bsr
