"""Case notes: text required and bounded; corrections point at the note they correct."""

from __future__ import annotations

import pytest

from resettle.domain.case_notes import NOTE_MAX, CaseNoteInput
from resettle.domain.errors import ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.validation import validate


def codes(data: dict[str, object]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        validate(CaseNoteInput, data)
    return {(p.field, p.code) for p in caught.value.problems}


def test_a_note_with_optional_pathway() -> None:
    note = validate(CaseNoteInput, {"text": "  Met at gate.\nGave travel warrant.  "})
    assert note.text == "Met at gate.\nGave travel warrant."
    assert note.pathway is None
    assert not note.is_correction
    tagged = validate(CaseNoteInput, {"text": "Housing call", "pathway": "accommodation"})
    assert tagged.pathway is Pathway.ACCOMMODATION


def test_text_is_required_and_bounded() -> None:
    assert codes({"text": "   "}) == {("text", "string_too_short")}
    assert codes({}) == {("text", "missing")}
    assert len(validate(CaseNoteInput, {"text": "x" * NOTE_MAX}).text) == NOTE_MAX
    assert codes({"text": "x" * (NOTE_MAX + 1)}) == {("text", "string_too_long")}


def test_corrections_name_a_real_note_id() -> None:
    correction = validate(CaseNoteInput, {"text": "Date was 3 June", "corrects_note_id": 17})
    assert correction.is_correction
    assert codes({"text": "x", "corrects_note_id": 0}) == {("corrects_note_id", "greater_than")}
    assert codes({"text": "x", "pathway": "housing"}) == {("pathway", "enum")}
    assert codes({"text": "x", "edited": True}) == {("edited", "extra_forbidden")}
