"""Possible duplicates: how names are compared and what a match allows."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.case_status import CaseClosureInput, ClosureReason
from resettle.domain.duplicates import MatchReason, PossibleDuplicates, PossibleMatch, same_name
from resettle.domain.errors import ValidationFailed
from resettle.domain.validation import validate


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Zoë", "Ní Bhriain"), ("ZOE", "NI BHRIAIN")),
        (("Zoë", "Ní Bhriain"), ("Ní Bhriain", "Zoë")),  # given and family swapped
        (("Siobhán", "O'Brien"), ("siobhan", "OBrien")),
        (("Anna-Maria", "Łukasz"), ("Anna Maria", "lukasz")),
        (("  José ", "García  López"), ("jose", "garcia lopez")),
        (("Testy", "McTestface"), ("TESTY", "mc testface")),  # a space inside the surname
        (("Leanne", "Mac Giolla Phádraig"), ("leanne", "MacGiolla Phadraig")),
        # A file's one "name" split at its last space: a space moved between the two names.
        (("Testy", "McTestface"), ("Testy Mc", "Testface")),
        (("Testy", "McTestface"), ("TESTY MC", "testface")),
        (("McTestface", "Testy"), ("Testy Mc", "Testface")),
    ],
)
def test_names_that_fold_to_the_same_key(one: tuple[str, str], other: tuple[str, str]) -> None:
    assert same_name(one, other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Zoë", "Ní Bhriain"), ("Zoe", "Brennan")),
        (("Anna", "Price"), ("Anna Maria", "Price")),
        (("Jo", "Smith"), ("Joe", "Smith")),
        (("Ann", "Marie"), ("Marie", "Anne")),
    ],
)
def test_different_names_differ(one: tuple[str, str], other: tuple[str, str]) -> None:
    assert not same_name(one, other)


def _match(*reasons: MatchReason) -> PossibleMatch:
    return PossibleMatch(
        person_id=7,
        prison_number="A1234BC",
        crn="X123456",
        name="Zoë Ní Bhriain",
        date_of_birth=dt.date(1990, 5, 17),
        reasons=reasons,
    )


def test_a_pnc_or_name_match_can_be_confirmed_as_new() -> None:
    found = PossibleDuplicates([_match(MatchReason.NAME_AND_DATE_OF_BIRTH, MatchReason.PNC_NUMBER)])
    assert found.can_confirm
    assert found.field == "pnc_number"
    assert "A1234BC" in str(found) and "same PNC number" in str(found)


@pytest.mark.parametrize("reason", [MatchReason.PRISON_NUMBER, MatchReason.CRN])
def test_a_prison_number_or_crn_match_cannot(reason: MatchReason) -> None:
    found = PossibleDuplicates([_match(MatchReason.NAME_AND_DATE_OF_BIRTH), _match(reason)])
    assert not found.can_confirm
    assert found.field == reason.value
    assert "cannot be registered again" in str(found)


def test_other_closure_reason_needs_words() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(CaseClosureInput, {"reason": "other", "other_reason": "   "})
    assert [p.field for p in caught.value.problems] == ["other_reason"]
    closure = validate(CaseClosureInput, {"reason": "died"})
    assert closure.reason is ClosureReason.DIED
    with pytest.raises(ValidationFailed) as caught:
        validate(CaseClosureInput, {"reason": "other", "other_reason": "x" * 201})
    assert caught.value.problems[0].field == "other_reason"
    with pytest.raises(ValidationFailed) as caught:
        validate(CaseClosureInput, {"reason": "retired"})
    assert caught.value.problems[0].field == "reason"
