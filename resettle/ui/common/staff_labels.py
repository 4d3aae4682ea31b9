"""How a member of staff is named in a list to choose from: the display name, the user name
and where they work ("Gwen Marsh (gwen.marsh), North PDU"), so two accounts of one name can
be told apart (user trial: the demo has two of several names), and typing any of it finds
them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from resettle.domain.staff import StaffSummary


def staff_label(member: StaffSummary, workplaces: Sequence[str] = ()) -> str:
    name = f"{member.display_name} ({member.username})"
    if not workplaces:
        return name
    return (
        QCoreApplication.translate("staff_labels", "%1, %2")
        .replace("%2", ", ".join(workplaces))
        .replace("%1", name)
    )


def staff_labels(
    staff: Iterable[StaffSummary], workplaces: Mapping[int, Sequence[str]]
) -> list[tuple[int, str]]:
    """(id, label) of each member of ``staff``, in the order given."""
    return [(member.id, staff_label(member, workplaces.get(member.id, ()))) for member in staff]
