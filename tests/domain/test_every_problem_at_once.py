"""One bad field does not hide the problems of the others: the checks across fields run on
the fields that were valid, so a form or a file is corrected in one go."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.person import PersonInput
from resettle.domain.recorded_risk import RoshAssessment
from resettle.domain.validation import validate
from tests.factories import person_data


def _fields(model: type, data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        validate(model, data)  # type: ignore[type-var]
    return [problem.field for problem in caught.value.problems]


def test_a_bad_field_and_dates_that_disagree_are_reported_together() -> None:
    data = person_data(prison_number="12345", licence_end_date=dt.date(2026, 1, 1))
    assert _fields(PersonInput, data) == ["prison_number", "licence_end_date"]


def test_without_the_date_of_birth_the_other_dates_are_still_checked() -> None:
    data = person_data(date_of_birth=None, licence_end_date=dt.date(2026, 1, 1))
    assert _fields(PersonInput, data) == ["date_of_birth", "licence_end_date"]


def test_a_check_that_needs_the_bad_field_waits_for_it() -> None:
    """Staff's level is not a level; "give a level for at least one group" would be wrong."""
    data = {"staff": "extreme", "assessed_on": "2025-04-01", "source": "x"}
    assert _fields(RoshAssessment, data) == ["staff"]
