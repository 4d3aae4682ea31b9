"""User names: the pattern, and the names kept for the database's own roles."""

from __future__ import annotations

import pytest

from resettle.domain.accounts import RESERVED_USERNAMES, checked_account_names
from resettle.domain.errors import ValidationFailed
from resettle.domain.staff import Role
from resettle.storage.postgres_access import GATE, STAFF_GROUP


def test_a_plain_user_name_is_lower_cased_and_trimmed() -> None:
    assert checked_account_names("  Jo.Bloggs ", " Jo   Bloggs ") == ("jo.bloggs", "Jo Bloggs")


@pytest.mark.parametrize("name", ["gate", "Staff", "officer", "prison_staff", "manager", "admin"])
def test_a_name_a_database_role_carries_is_refused_naming_the_field(name: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        checked_account_names(name, "Someone")
    problem = refused.value.problems[0]
    assert (problem.field, problem.code) == ("username", "account.username_reserved")


def test_every_role_the_setup_makes_is_a_reserved_name() -> None:
    """A new group role in ``storage/postgres_access.py`` must be reserved here too."""
    assert {GATE, STAFF_GROUP, *(role.value for role in Role)} <= RESERVED_USERNAMES
