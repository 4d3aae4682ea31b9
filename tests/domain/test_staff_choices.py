"""Lists of staff to choose from: two accounts with one display name are told apart."""

from __future__ import annotations

from resettle.domain.staff import Role, StaffSummary, staff_choices


def _officer(account_id: int, username: str, display_name: str) -> StaffSummary:
    return StaffSummary(
        id=account_id, username=username, display_name=display_name, role=Role.OFFICER
    )


def test_a_shared_display_name_shows_the_user_names() -> None:
    officers = [
        _officer(1, "gwen.ellis", "Gwen Ellis"),
        _officer(2, "sam.smith", "Sam Smith"),
        _officer(3, "ge2", "gwen ellis"),
    ]
    assert staff_choices(officers) == [
        (1, "Gwen Ellis (gwen.ellis)"),
        (2, "Sam Smith"),
        (3, "gwen ellis (ge2)"),
    ]
