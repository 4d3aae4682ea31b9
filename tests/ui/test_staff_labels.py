"""Staff in lists to choose from are named with their user name and workplaces, so two
accounts of one display name can be told apart (user trial: the demo has several)."""

from __future__ import annotations

from resettle.domain.staff import Role, StaffSummary
from resettle.ui.common.staff_labels import staff_labels


def _member(staff_id: int, username: str) -> StaffSummary:
    return StaffSummary(
        id=staff_id, username=username, display_name="J. Smith", roles=frozenset({Role.OFFICER})
    )


def test_two_of_one_name_are_told_apart() -> None:
    staff = [_member(1, "j.smith"), _member(2, "j.smith2"), _member(3, "j.smith3")]
    places = {1: ("North PDU",), 2: ("South PDU", "HMP Leeds")}
    assert staff_labels(staff, places) == [
        (1, "J. Smith (j.smith), North PDU"),
        (2, "J. Smith (j.smith2), South PDU, HMP Leeds"),
        (3, "J. Smith (j.smith3)"),
    ]
