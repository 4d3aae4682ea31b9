from __future__ import annotations

import pytest

from resettle.domain.permissions import (
    Permission,
    PermissionDenied,
    has_permission,
    require,
)
from resettle.domain.search import fold, search_terms
from resettle.domain.staff import Role
from tests.factories import actor


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë  Ní Bhriain", "zoe ni bhriain"),
        ("Łukasz Wiśniewski", "lukasz wisniewski"),
        ("MÜLLER", "muller"),
        ("Ó Súilleabháin", "o suilleabhain"),
    ],
)
def test_fold_strips_case_and_accents(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_search_terms_split_words() -> None:
    assert search_terms("  Zoë  a1234 ") == ["zoe", "a1234"]


def test_admin_cannot_read_case_records() -> None:
    admin = actor(Role.ADMIN)
    assert not has_permission(admin, Permission.VIEW_PERSON)
    with pytest.raises(PermissionDenied):
        require(admin, Permission.VIEW_PERSON)


def test_prison_staff_cannot_edit_probation_record() -> None:
    with pytest.raises(PermissionDenied):
        require(actor(Role.PRISON_STAFF, establishment_id=1), Permission.EDIT_PERSON)


def test_every_permission_has_words_of_its_own() -> None:
    labels = [permission.label for permission in Permission]
    assert all(label and "_" not in label for label in labels)
    assert len(set(labels)) == len(labels)


def test_a_refusal_names_what_was_refused_in_words_not_its_code() -> None:
    with pytest.raises(PermissionDenied) as refused:
        require(actor(Role.OFFICER), Permission.ERASE_PERSON)
    assert str(refused.value) == "Probation officer accounts may not erase a person's record."
