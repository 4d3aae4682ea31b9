"""Counts in words: singular for exactly one, the plural otherwise (zero too)."""

from __future__ import annotations

import pytest

from resettle.domain.plural import counted
from resettle.domain.programme_referrals import GroupFull


@pytest.mark.parametrize(
    ("count", "words"),
    [(0, "0 sessions"), (1, "1 session"), (2, "2 sessions"), (12, "12 sessions")],
)
def test_a_count_takes_the_singular_only_for_one(count: int, words: str) -> None:
    assert counted(count, "session") == words


def test_an_irregular_plural_is_given() -> None:
    assert counted(1, "person", "people") == "1 person"
    assert counted(3, "person", "people") == "3 people"


def test_a_full_group_of_one_place_says_so_in_the_singular() -> None:
    assert str(GroupFull("BC-1", 1)) == "Group BC-1 is full: it has 1 place and it is taken."
    assert str(GroupFull("BC-1", 12)) == "Group BC-1 is full: it has 12 places and all are taken."
