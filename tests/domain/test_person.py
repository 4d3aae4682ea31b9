from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.errors import ValidationFailed
from resettle.domain.person import PersonInput
from resettle.domain.validation import validate
from tests.factories import person_data


def fields(error: ValidationFailed) -> set[str]:
    return {problem.field.split(".")[0] for problem in error.problems}


def test_valid_person_is_normalised() -> None:
    person = validate(
        PersonInput,
        person_data(prison_number=" a1234bc ", crn="x123456", given_name="  Zoë  ", pnc_number=""),
    )
    assert person.prison_number == "A1234BC"
    assert person.crn == "X123456"
    assert person.given_name == "Zoë"
    assert person.pnc_number is None


@pytest.mark.parametrize("value", ["A1234B", "11234BC", "A12345C", "AB234BC", "A1234B1", ""])
def test_malformed_prison_number_is_refused_by_name(value: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(prison_number=value))
    assert fields(caught.value) == {"prison_number"}
    assert "Prison number" in str(caught.value)


@pytest.mark.parametrize("value", ["X12345", "123456X", "XX12345", "X1234567"])
def test_malformed_crn_is_refused(value: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(crn=value))
    assert fields(caught.value) == {"crn"}


@pytest.mark.parametrize("value", ["2004/0012345", "04-12345X", "20041/12X"])
def test_malformed_pnc_is_refused(value: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(pnc_number=value))
    assert fields(caught.value) == {"pnc_number"}


def test_two_digit_year_pnc_is_accepted() -> None:
    assert validate(PersonInput, person_data(pnc_number="04/12345X")).pnc_number == "04/12345X"


def test_date_of_birth_in_future_is_refused() -> None:
    future = clock.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(date_of_birth=future, sentence_date=None))
    assert "date_of_birth" in fields(caught.value)
    assert "future" in str(caught.value)


def test_release_before_birth_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(
            PersonInput,
            person_data(
                release_date=dt.date(1980, 1, 1), sentence_date=None, licence_end_date=None
            ),
        )
    assert fields(caught.value) == {"release_date"}


def test_release_before_sentence_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(release_date=dt.date(2023, 1, 1)))
    assert "release_date" in fields(caught.value)
    assert "sentence date" in str(caught.value)


def test_licence_end_before_release_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(licence_end_date=dt.date(2027, 1, 1)))
    assert fields(caught.value) == {"licence_end_date"}


def test_sentence_while_under_ten_is_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(date_of_birth=dt.date(2016, 1, 1)))
    assert "sentence_date" in fields(caught.value)


def test_sexual_offence_category_requires_flag() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(offence_category="sexual_child", sexual_offence=False))
    assert fields(caught.value) == {"sexual_offence"}
    ok = validate(PersonInput, person_data(offence_category="sexual_child", sexual_offence=True))
    assert ok.sexual_offence


def test_over_long_name_and_unknown_field_are_named() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(family_name="x" * 101, shoe_size=9))
    assert fields(caught.value) == {"family_name", "shoe_size"}


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(prison_number="bad", crn="bad", given_name=" "))
    assert fields(caught.value) == {"prison_number", "crn", "given_name"}


def test_messages_read_as_plain_sentences() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(PersonInput, person_data(prison_number="bad"))
    message = caught.value.problems[0].message
    assert message.startswith("Prison number: must look like A1234BC")
    assert "Value error" not in message
