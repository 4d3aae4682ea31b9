"""Who holds the people a caseload import makes: the file's "Responsible officer" column
(a user name or email of an officer in the team imported into), else the officer chosen for
the whole import, else nobody (a manager's choice: the team's manager allocates later).

Pure: the service reads the team's officers and allocates through ``services/allocation``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from resettle.domain.import_file import IMPORT_FIELDS, ImportRow, RowProblem

OFFICER_FIELD = "responsible_officer"
#: The reason a cell names no officer of the team (the value is not repeated: it may be
#: anyone's name or address).
NOT_IN_TEAM = "is not the user name or email of an active officer in this team"


@dataclass(frozen=True)
class TeamOfficer:
    id: int
    username: str
    email: str
    display_name: str


def officer_keys(officers: Iterable[TeamOfficer]) -> dict[str, int]:
    """Folded user names and email addresses -> officer id."""
    keys: dict[str, int] = {}
    for officer in officers:
        keys[officer.username.strip().casefold()] = officer.id
        if officer.email.strip():
            keys.setdefault(officer.email.strip().casefold(), officer.id)
    return keys


def row_officer(
    row: ImportRow, columns: Mapping[str, str], officers: Mapping[str, int]
) -> int | RowProblem | None:
    """The officer the row names (None: the cell is empty or the column absent), or the
    problem naming the row's line and the column as headed in the file."""
    cell = row.values.get(OFFICER_FIELD, "").strip()
    if not cell:
        return None
    found = officers.get(cell.casefold())
    if found is not None:
        return found
    column = columns.get(OFFICER_FIELD, IMPORT_FIELDS[OFFICER_FIELD].title)
    prison_number = row.values.get("prison_number", "").strip().upper()
    return RowProblem(row.line, column, NOT_IN_TEAM, prison_number)
