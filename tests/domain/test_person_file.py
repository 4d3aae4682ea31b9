"""Rows of a ``people add`` file: keys, names and the establishment and officer they name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.person_file import file_key, officer_names, person_data, split_name

PLACES = {"hmp leeds": 2, "lei": 2}
OFFICERS = officer_names(
    [(5, "officer002", "Gwen Hartley"), (6, "gwen.ellis", "Gwen Ellis"), (7, "ge2", "Gwen Ellis")]
)


def _row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "prison_number": "a1234bc",
        "crn": "X123456",
        "name": "Zoë Brennan",
        "date_of_birth": "1990-05-17",
        "sex": "female",
        "establishment": "HMP Leeds",
    }
    row.update(overrides)
    return row


@pytest.mark.parametrize(
    ("name", "given", "family"),
    [
        ("Zoë Brennan", "Zoë", "Brennan"),
        ("Mary Ann Smith", "Mary Ann", "Smith"),
        ("Ní Bhriain, Zoë", "Zoë", "Ní Bhriain"),
        ("Madonna", "", "Madonna"),
    ],
)
def test_names_split_into_given_and_family(name: str, given: str, family: str) -> None:
    assert split_name(name) == (given, family)


def test_a_good_row_becomes_the_services_data() -> None:
    data = person_data(_row(establishment="LEI", officer="Gwen Hartley"), PLACES, OFFICERS)
    assert data["given_name"] == "Zoë" and data["family_name"] == "Brennan"
    assert data["establishment_id"] == 2
    assert data["responsible_officer_id"] == 5
    assert data["date_of_birth"] == dt.date(1990, 5, 17)


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"prison_number": "A12"}, "prison_number"),
        ({"establishment": "HMP Nowhere"}, "establishment"),
        ({"officer": "nobody"}, "officer"),
        ({"date_of_birth": "17/05/1990x"}, "date_of_birth"),
        ({"date_of_birth": "2090-01-01"}, "date_of_birth"),
        ({"name": "Madonna"}, "name"),
        ({"name": "x" * 10_000_000}, "name"),
        ({"sex": "unknown"}, "sex"),
        ({"nickname": "Zed"}, "nickname"),
    ],
)
def test_a_bad_row_names_the_key(overrides: dict[str, Any], key: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        person_data(_row(**overrides), PLACES, OFFICERS)
    assert key in [file_key(p.field) for p in caught.value.problems]
    assert "x" * 50 not in str(caught.value)  # what was typed is not repeated back


def test_a_row_that_is_not_an_object() -> None:
    with pytest.raises(ValidationFailed) as caught:
        person_data(["A1234BC"], PLACES, OFFICERS)
    assert caught.value.problems[0].field == "row"


def test_a_name_two_officers_share_is_refused_and_their_user_names_are_taken() -> None:
    with pytest.raises(ValidationFailed) as caught:
        person_data(_row(officer="Gwen Ellis"), PLACES, OFFICERS)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("officer", "two accounts are called Gwen Ellis: give the user name")
    ]
    assert person_data(_row(officer="gwen.ellis"), PLACES, OFFICERS)["responsible_officer_id"] == 6
    assert person_data(_row(officer="GE2"), PLACES, OFFICERS)["responsible_officer_id"] == 7


def test_a_user_name_wins_over_another_officers_display_name() -> None:
    officers = officer_names([(1, "sam", "Sam Smith"), (2, "samsmith", "Sam")])
    assert officers["sam"] == (1,) and officers["sam smith"] == (1,)
