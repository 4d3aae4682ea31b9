"""Kaizen, Horizon and Becoming New Me+ get their published session plans.

The shipped catalogue file held placeholder plans of one or two sessions for Kaizen, Horizon
and Becoming New Me+ (their counts were not known), and no time to complete. It now has the
counts HMPPS publishes (68 group and 11 supported learning sessions; 31 group and 3
one-to-one; 85 group and 7 individual), the least time to complete ("at least 6 months",
"at least 12 months") and a source naming where each figure comes from and what is still not
known; Building Skills for Recovery's source now says that nothing was found for it. A
database seeded by 0021 before that holds the placeholders: the upgrade gives a programme the
shipped plan (modules, time to complete, source and approximate fields together) only where
all four are still the old shipped ones, and leaves a programme a manager edited in any of
them as it is (its groups' sessions, generated before, are not touched either). The
downgrade puts the old placeholders back where all four are still the shipped ones (best
effort, as in 0029: it cannot tell this upgrade from a manager who chose the same values).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-03 05:20:00
"""

import copy
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None

_programmes = sa.table(
    "programmes",
    sa.column("id", sa.Integer()),
    sa.column("code", sa.String()),
    sa.column("definition", sa.JSON()),
)

#: The fields this revision changes, taken together.
_FIELDS = ("modules", "weeks_to_complete", "source", "approximate")
_UNKNOWN = ["eligibility", "modules", "sessions", "weeks_to_complete"]


def _placeholder(module: str, *sessions: tuple[str, str, int]) -> list[dict[str, Any]]:
    return [
        {
            "number": 1,
            "name": module,
            "sessions": [
                {"number": number, "name": name, "session_type": kind, "minutes": minutes}
                for number, (name, kind, minutes) in enumerate(sessions, start=1)
            ],
        }
    ]


_GROUP = ("Group session", "group", 150)

#: The definitions the file shipped before this revision, in the fields it changes.
OLD: dict[str, dict[str, Any]] = {
    "KAIZEN": {
        "modules": _placeholder("Kaizen", _GROUP, ("One-to-one session", "one_to_one", 60)),
        "weeks_to_complete": None,
        "source": "HMPPS accredited programmes directory: high-intensity programme for men at "
        "high risk of violent, sexual or intimate partner violence reoffending. Module and "
        "session counts and time to complete are not given in the sources read: unknown.",
        "approximate": _UNKNOWN,
    },
    "HORIZON": {
        "modules": _placeholder("Horizon", _GROUP),
        "weeks_to_complete": None,
        "source": "HMPPS accredited programmes directory: moderate-intensity programme for men "
        "with a sexual offence conviction at medium risk. Session counts and time to complete "
        "are not given in the sources read: unknown.",
        "approximate": _UNKNOWN,
    },
    "BNM-PLUS": {
        "modules": _placeholder("Becoming New Me+", _GROUP),
        "weeks_to_complete": None,
        "source": "HMPPS accredited programmes directory: for men with learning disabilities or "
        "challenges convicted of a sexual or violent offence. Intensity, session counts and "
        "time to complete are not given in the sources read.",
        "approximate": ["eligibility", "intensity", "modules", "sessions", "weeks_to_complete"],
    },
    "BSR": {
        "modules": _placeholder("Building Skills for Recovery", _GROUP),
        "weeks_to_complete": None,
        "source": "HMPPS accredited substance-misuse programme. Session counts and time to "
        "complete are not given in the sources read: unknown.",
        "approximate": _UNKNOWN,
    },
}


def _shipped() -> dict[str, dict[str, Any]]:
    """The same fields as the shipped catalogue file has them now (stored form)."""
    from resettle.domain.programmes.catalogue_file import shipped_catalogue

    stored = {}
    for code in OLD:
        programme = shipped_catalogue().get(code)
        if programme is not None:
            definition = programme.model_dump(mode="json")
            stored[code] = {field: definition.get(field) for field in _FIELDS}
    return stored


def _comparable(field: str, value: Any) -> Any:
    """One form for a stored value and a shipped one: modules without ``pre_group`` when it
    is false (a catalogue seeded before 0025 has no such key), approximate as a set."""
    if field == "approximate" and isinstance(value, list):
        return frozenset(value)
    if field == "modules" and isinstance(value, list):
        value = copy.deepcopy(value)
        for module in value:
            if isinstance(module, dict) and module.get("pre_group") is False:
                del module["pre_group"]
    return value


def _same(definition: dict[str, Any], fields: dict[str, Any]) -> bool:
    return all(
        _comparable(field, definition.get(field)) == _comparable(field, fields[field])
        for field in _FIELDS
    )


def _replace(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_programmes).where(_programmes.c.code.in_(sorted(after)))
    ).all()
    for row in rows:
        definition = copy.deepcopy(row.definition)
        if not isinstance(definition, dict) or row.code not in before:
            continue
        if not _same(definition, before[row.code]):
            continue  # edited since it was shipped: the manager's version stays
        definition.update(copy.deepcopy(after[row.code]))
        connection.execute(
            _programmes.update().where(_programmes.c.id == row.id).values(definition=definition)
        )


def upgrade() -> None:
    _replace(OLD, _shipped())


def downgrade() -> None:
    _replace(_shipped(), OLD)
