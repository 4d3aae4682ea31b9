"""A disclosure's note: its salted digest, and the details shown in place of its id."""

from __future__ import annotations

import hashlib

from resettle.domain.disclosure_notes import (
    NOTE_CHANGED_KEY,
    DisclosureNote,
    new_note,
    note_details,
    note_digest,
    with_typed_text,
)
from resettle.domain.seen_by import NOTE_CHANGED_MARK, why_label


def _note() -> DisclosureNote:
    note = new_note("Solicitor asked", "Smith & Co")
    assert note is not None
    return note


def test_nothing_typed_makes_no_note() -> None:
    assert new_note("", "") is None
    assert note_details(None) == {}


def test_each_note_has_its_own_id_and_salt_so_the_same_words_digest_differently() -> None:
    first, second = _note(), _note()
    assert first.id != second.id and first.salt != second.salt
    assert first.digest != second.digest
    unsalted = hashlib.sha256(b'["Solicitor asked","Smith & Co"]').hexdigest()
    assert unsalted not in (first.digest, second.digest)


def test_the_digest_covers_the_salt_and_both_fields_apart() -> None:
    salt = "00" * 32
    assert note_digest(salt, "ab", "c") != note_digest(salt, "a", "bc")
    assert note_digest(salt, "ab", "c") != note_digest("01" * 32, "ab", "c")
    assert note_digest(salt, "ab", "c") == note_digest(salt, "ab", "c")


def test_the_details_shown_carry_the_words_in_place_of_the_id_and_digest() -> None:
    note = _note()
    stored = {"justification": "other", **note_details(note)}
    assert with_typed_text(stored, {note.id: note}) == {
        "justification": "other",
        "justification_text": "Solicitor asked",
        "recipient": "Smith & Co",
    }


def test_a_changed_note_no_longer_matches_and_is_marked() -> None:
    note = _note()
    stored = {"justification": "other", **note_details(note)}
    changed = note.model_copy(update={"recipient": "Someone else"})
    assert note.matches(stored["note_sha256"])
    assert not changed.matches(stored["note_sha256"])
    shown = with_typed_text(stored, {note.id: changed})
    assert shown[NOTE_CHANGED_KEY] is True
    assert why_label(shown) == f"Other: Solicitor asked {NOTE_CHANGED_MARK}"


def test_an_erased_note_shows_no_words_and_an_old_row_keeps_its_own() -> None:
    note = _note()
    stored = {"justification": "other", **note_details(note)}
    assert with_typed_text(stored, {}) == {"justification": "other"}
    old = {"justification": "other", "justification_text": "Typed before 0018"}
    assert with_typed_text(old, {}) == old
