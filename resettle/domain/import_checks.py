"""Every row of a caseload import file checked, for the import and for the Import dialog's
preview alike: each row as the person model (``import_rows.check_row``), the officer its
"Responsible officer" column names (``import_officers.row_officer``), and no identifier
repeated from an earlier row. Checks that need the database (people already recorded) are
the service's (``services/caseload_import.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from resettle.domain.import_file import ImportFile, ImportRow, RowProblem
from resettle.domain.import_officers import row_officer
from resettle.domain.import_rows import check_row
from resettle.domain.person import PersonInput

Progress = Callable[[int, int], None]
#: One line of the Import dialog's preview: its line number, its mapped cells, and what is
#: wrong with it ("" when nothing).
PreviewLine = tuple[int, Mapping[str, str], str]
#: Progress is reported every this many rows.
PROGRESS_EVERY = 1000
_IDENTIFIERS = ("prison_number", "crn", "pnc_number")


@dataclass
class CheckedRows:
    #: Rows that pass, as the person model, in the file's order.
    good: list[tuple[ImportRow, PersonInput]] = field(default_factory=list)
    #: The officer each good row names (by line), when its file gives one.
    officer_of: dict[int, int] = field(default_factory=dict)
    #: Every problem, the file's own (a row's cells) first.
    problems: list[RowProblem] = field(default_factory=list)


def check_rows(
    source: ImportFile,
    establishments: Mapping[str, int],
    officers: Mapping[str, int],
    progress: Progress | None = None,
) -> CheckedRows:
    """``establishments``: folded names and codes -> ids; ``officers``: the team's officers'
    folded user names and emails -> ids (``import_officers.officer_keys``)."""
    checked = CheckedRows(problems=list(source.problems))
    first: dict[tuple[str, str], int] = {}
    total = len(source.rows)
    for done, row in enumerate(source.rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, total)
        person = check_row(row, source.columns, establishments)
        officer = row_officer(row, source.columns, officers)
        if isinstance(person, list) or isinstance(officer, RowProblem):
            checked.problems += person if isinstance(person, list) else []
            checked.problems += [officer] if isinstance(officer, RowProblem) else []
            continue
        repeats = _repeats(row, person, source.columns, first)
        if repeats:
            checked.problems += repeats
            continue
        checked.good.append((row, person))
        if officer is not None:
            checked.officer_of[row.line] = officer
    if progress is not None:
        progress(total, total)
    return checked


def _repeats(
    row: ImportRow,
    person: PersonInput,
    columns: Mapping[str, str],
    first: dict[tuple[str, str], int],
) -> list[RowProblem]:
    """An identifier of an earlier good row, named by that row's line."""
    repeats = []
    for key in _IDENTIFIERS:
        value = getattr(person, key)
        if value is None:
            continue
        seen = first.setdefault((key, value), row.line)
        if seen != row.line:
            repeats.append(
                RowProblem(row.line, columns[key], f"the same as line {seen}", person.prison_number)
            )
    return repeats


def problems_by_line(problems: list[RowProblem]) -> dict[int, list[RowProblem]]:
    by_line: dict[int, list[RowProblem]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(problem)
    return by_line


def preview_lines(
    source: ImportFile,
    establishments: Mapping[str, int],
    officers: Mapping[str, int],
    progress: Progress | None = None,
) -> list[PreviewLine]:
    """Every line of the file, in order, each with its problems as :func:`check_rows` finds
    them (the Import dialog's preview; run off the UI thread)."""
    by_line = problems_by_line(check_rows(source, establishments, officers, progress).problems)
    lines: list[PreviewLine] = [
        (row.line, row.values, "; ".join(map(problem_cell, by_line.get(row.line, ()))))
        for row in source.rows
    ]
    lines += [(p.line, {}, problem_cell(p)) for p in source.problems]
    lines.sort(key=lambda line: line[0])
    return lines


def problem_cell(problem: RowProblem) -> str:
    """A problem in the preview, where the line is its own column."""
    return f"{problem.column}: {problem.reason}" if problem.column else problem.reason
