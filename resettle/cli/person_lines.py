"""``resettle people show``: one person's profile as ``Label: value`` lines, in a caseworker's
words (the profile form's own captions, "CRN", "PNC number", "Date of birth"), never a field's
code ("Crn", "Establishment id"). Names take the place of the record ids they stand for;
yes/no fields read "Yes" or "No"; codes read as their labels; dates as ``people list`` prints
them (1990-05-17). Fields left blank are left out."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from resettle.domain.person import PersonDetail, PersonInput

#: Record ids shown as the name they stand for (``PersonDetail``'s names).
NAMED_IDS = {
    "establishment_id": "establishment",
    "responsible_officer_id": "officer",
    "key_worker_id": "key_worker",
}


def profile_lines(detail: PersonDetail) -> list[str]:
    """The profile, one ``Label: value`` line per field with a value, in the form's order."""
    lines = []
    for field, info in PersonInput.model_fields.items():
        named = NAMED_IDS.get(field)
        value = getattr(detail, named) if named else getattr(detail.profile, field)
        text = value_text(value)
        if text:
            lines.append(f"{info.title or field}: {text}")
    return lines


def value_text(value: Any) -> str:
    """A value as a caseworker reads it ("" for one left blank)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return label if isinstance(label, str) else str(value.value).replace("_", " ").capitalize()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value)
    return str(value).strip()
