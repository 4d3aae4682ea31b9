"""A marks file for ``resettle programmes register --from-file``: read, checked line by line,
and put onto the session's register; a refusal of the register's save told by the file's rows.

A marks file is CSV with a header row (``prison_number,outcome,absence_reason,note``; rows
are counted as a spreadsheet shows them, the header being row 1, so the first person is row 2)
or JSON, a list of objects with those keys (counted as items from 1). Every problem of every
line is found at once, each naming where it is (``Marks file row 3, outcome: 'here' is not one
of ...``), the column and what is wrong with the value: a broken row (more cells than the
header), a column or key that is not a mark's, a prison number missing, not shaped like one,
not in the session's register (an unknown prison number, or a person with no place in the
group at the session), given twice, an outcome missing or not one of the four, an absence
reason not one of the list, and the register's own rules (an acceptable absence needs a
reason, a person of the register left out of the file). A broken row or item is reported and
skipped while the others are still checked. Any problem refuses the whole file and nothing
is saved.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.identifiers import is_prison_number
from resettle.domain.input_files import InputRefused, decode_text, parse_json
from resettle.domain.programme_attendance import (
    AbsenceReason,
    AttendanceOutcome,
    RegisterProblemCode,
    RegisterRow,
    validate_register,
)
from resettle.domain.programme_register import SessionRegister

#: The largest marks file read: a register is a few dozen rows; anything far bigger is not
#: a marks file (and a device or pipe that never ends is not read for ever).
MAX_FILE_BYTES = 1024 * 1024
#: The columns (CSV) or keys (JSON) of a mark.
FIELDS = ("prison_number", "outcome", "absence_reason", "note")
_REQUIRED = ("prison_number", "outcome")
#: A register row's field (``domain.programme_attendance``) -> the file's column.
_COLUMN_OF = {
    "membership": "prison_number",
    "outcome": "outcome",
    "absence_reason": "absence_reason",
    "note": "note",
}


@dataclass(frozen=True)
class MarkLine:
    """One mark of the file: ``where`` it is as the user counts ("row 3", "item 2")."""

    where: str
    values: dict[str, Any]
    #: What is wrong with the line as read (a broken row, a key that is not a mark's);
    #: reported with every other line's problems.
    problems: tuple[FieldProblem, ...] = ()
    #: The line cannot be read as a mark at all (a broken row, an item that is not an
    #: object): its problems are reported and it is skipped.
    broken: bool = False


def _refused(where: str, column: str | None, code: str, words: str) -> FieldProblem:
    field = f"{where}.{column}" if column else where
    named = f"Marks file {where}, {column}" if column else f"Marks file {where}"
    return FieldProblem(field, code, f"{named}: {words}")


def read_marks(path: Path) -> list[MarkLine]:
    """The file's marks, one per data row or item (refused naming the file when it cannot be
    read, or the header row when it does not name a mark's columns). A broken row or item is
    a line carrying its problems, told by :func:`marked_rows` with every other problem."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:
        raise ValidationFailed.single(
            "from_file", "unreadable", f"Marks file: cannot be read ({error.__class__.__name__})"
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise ValidationFailed.single(
            "from_file",
            "too_large",
            f"Marks file: larger than {MAX_FILE_BYTES // 1024} KB; a marks file holds one "
            "session's register",
        )
    try:
        text = decode_text(data, label="Marks file:")
    except InputRefused as refused:
        if refused.kind == "nul":
            raise ValidationFailed.single(
                "from_file", "nul", "Marks file: holds a NUL character; save it again as text"
            ) from None
        raise ValidationFailed.single("from_file", "unreadable", str(refused)) from None
    try:
        if path.suffix.lower() == ".json":
            return _json_lines(text)
        return _csv_lines(text)
    except (RecursionError, csv.Error) as error:
        raise ValidationFailed.single(
            "from_file",
            "unreadable",
            f"Marks file: cannot be read as {'JSON' if path.suffix.lower() == '.json' else 'CSV'}"
            f" ({error.__class__.__name__})",
        ) from None


def _json_lines(text: str) -> list[MarkLine]:
    try:
        data = parse_json(text, label="Marks file:")
    except InputRefused as refused:
        if refused.kind == "too_deep":
            raise ValidationFailed.single("from_file", "too_deep", str(refused)) from None
        line = f" ({refused.where.split(' column')[0]})" if refused.where else ""
        raise ValidationFailed.single(
            "from_file", "not_json", f"Marks file: not JSON{line}"
        ) from None
    if not isinstance(data, list):
        raise ValidationFailed.single(
            "from_file", "not_a_list", "Marks file: a JSON list of objects is expected"
        )
    lines: list[MarkLine] = []
    for number, item in enumerate(data, start=1):
        where = f"item {number}"
        if not isinstance(item, dict):
            problem = _refused(where, None, "not_an_object", "not an object with a mark's keys")
            lines.append(MarkLine(where, {}, (problem,), broken=True))
            continue
        values = {str(key): value for key, value in item.items()}
        problems = [
            _refused(where, key, "unknown_field", f"not a key of a mark (use {', '.join(FIELDS)})")
            for key in values
            if key not in FIELDS
        ]
        problems.extend(
            _refused(where, key, "not_text", "a list or object, where text is expected")
            for key, value in values.items()
            if key in FIELDS and isinstance(value, dict | list)
        )
        # A value that is not text is reported above and not checked again.
        kept = {key: value for key, value in values.items() if not isinstance(value, dict | list)}
        lines.append(MarkLine(where, kept, tuple(problems)))
    return lines


def _csv_lines(text: str) -> list[MarkLine]:
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or not any(cell.strip() for cell in records[0]):
        raise ValidationFailed.single(
            "from_file",
            "no_header",
            f"Marks file row 1: a header row is expected ({','.join(FIELDS)})",
        )
    header = [cell.strip() for cell in records[0]]
    problems = [
        _refused(
            "row 1", name, "unknown_field", f"not a column of a mark (use {', '.join(FIELDS)})"
        )
        for name in header
        if name not in FIELDS
    ]
    problems.extend(
        _refused("row 1", name, "missing_column", "the header has no such column; it is required")
        for name in _REQUIRED
        if name not in header
    )
    problems.extend(
        _refused("row 1", name, "repeated_column", "the header names this column twice")
        for index, name in enumerate(header)
        if name in header[:index]
    )
    lines: list[MarkLine] = []
    for number, record in enumerate(records[1:], start=2):
        where = f"row {number}"
        if not any(cell.strip() for cell in record):
            continue  # a blank row (a spreadsheet's trailing lines)
        if len(record) > len(header):
            problem = _refused(
                where,
                None,
                "broken_row",
                f"{len(record)} cells, but the header has {len(header)} columns "
                "(a comma in a note needs the note in double quotes)",
            )
            # Its cells are kept only to know whose row it is (not told as left out).
            cells = dict(zip(header, record, strict=False))
            lines.append(MarkLine(where, cells, (problem,), broken=True))
            continue
        lines.append(MarkLine(where, dict(zip(header, record, strict=False))))
    if problems:  # a header that does not name the columns: no row can be read as a mark
        raise ValidationFailed(problems + [p for line in lines for p in line.problems])
    return lines


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def marked_rows(
    read: SessionRegister, lines: list[MarkLine]
) -> tuple[list[RegisterRow], dict[int, str]]:
    """The register's rows with the file's marks, and where in the file each marked register
    row's mark is (register row position -> "row 3"). ``ValidationFailed`` naming each line
    of the file, its column and what is wrong with the value; nothing is recorded."""
    by_number = {row.prison_number: row for row in read.sheet.rows}
    problems: list[FieldProblem] = []
    given: dict[str, MarkLine] = {}
    flawed: set[str] = set()  # prison numbers whose line has a problem of its own
    for line in lines:
        problems.extend(line.problems)
        prison_number = _text(line.values.get("prison_number")).upper()
        if line.broken:  # reported and skipped; whose row it seems to be is not left out
            if prison_number in by_number and prison_number not in given:
                given[prison_number] = line
                flawed.add(prison_number)
            continue
        line_problems = _line_problems(read, line, by_number, given)
        if prison_number in by_number and prison_number not in given:
            given[prison_number] = line
            if line_problems or line.problems:
                flawed.add(prison_number)
        problems.extend(line_problems)
    rows: list[RegisterRow] = []
    where: dict[int, str] = {}
    for position, row in enumerate(read.sheet.rows):
        found = given.get(row.prison_number)
        if found is None or row.prison_number in flawed:
            rows.append(row)
            if found is not None:
                where[position] = found.where
            continue
        where[position] = found.where
        rows.append(
            RegisterRow.model_validate(
                {
                    **row.model_dump(),
                    "outcome": _text(found.values.get("outcome")),
                    "absence_reason": _text(found.values.get("absence_reason")) or None,
                    "note": "" if found.values.get("note") is None else str(found.values["note"]),
                }
            )
        )
    if problems:
        # The register's own rules (a reason for an acceptable absence, a note for "other",
        # a person left out of the file) for the rows whose line is otherwise sound, so that
        # every problem of the file is told at once.
        flawed_rows = {i for i, row in enumerate(rows) if row.prison_number in flawed}
        checked = validate_register(read.sheet.with_rows(rows), read.sheet.starts_at)
        own = ValidationFailed(
            [
                FieldProblem(f"rows[{p.row}].{p.field}", p.code.value, "")
                for p in checked
                if p.row is not None and p.row not in flawed_rows
            ]
        )
        problems.extend(told_by_file(own, rows, where).problems if own.problems else [])
        raise ValidationFailed(_in_file_order(problems))
    return rows, where


def _in_file_order(problems: list[FieldProblem]) -> list[FieldProblem]:
    """Problems ordered by the line they name (row 2 before row 10), then as found; problems
    of the whole file or of people it leaves out come last."""

    def line_number(problem: FieldProblem) -> tuple[int, int]:
        head = problem.field.partition(".")[0]
        kind, _, number = head.partition(" ")
        if kind in {"row", "item"} and number.isdigit():
            return (0, int(number))
        return (1, 0)

    return sorted(problems, key=line_number)


def _line_problems(
    read: SessionRegister,
    line: MarkLine,
    by_number: dict[str, RegisterRow],
    given: dict[str, MarkLine],
) -> list[FieldProblem]:
    """Every problem of one line of the file: its prison number, its outcome and its
    absence reason, each checked whatever the others hold."""
    problems: list[FieldProblem] = []
    prison_number = _text(line.values.get("prison_number")).upper()
    if not prison_number:
        problems.append(_refused(line.where, "prison_number", "required", "is required"))
    elif not is_prison_number(prison_number):
        problems.append(
            _refused(
                line.where,
                "prison_number",
                "format",
                f"{prison_number!r} is not a prison number (like A1234BC)",
            )
        )
    elif prison_number not in by_number:
        problems.append(
            _refused(
                line.where,
                "prison_number",
                "not_in_register",
                f"{prison_number!r} is not in this session's register: nobody with that "
                f"prison number held a place in group {read.group_code} when it started",
            )
        )
    elif prison_number in given:
        problems.append(
            _refused(
                line.where,
                "prison_number",
                "duplicate",
                f"{prison_number} is marked already in {given[prison_number].where}; "
                "give each person one row",
            )
        )
    outcome = _text(line.values.get("outcome"))
    if not outcome:
        problems.append(
            _refused(
                line.where,
                "outcome",
                "required",
                f"is required (one of {', '.join(o.value for o in AttendanceOutcome)})",
            )
        )
    for field, allowed in (("outcome", AttendanceOutcome), ("absence_reason", AbsenceReason)):
        value = _text(line.values.get(field))
        if value and value not in {item.value for item in allowed}:
            problems.append(
                _refused(
                    line.where,
                    field,
                    "invalid",
                    f"{value!r} is not one of {', '.join(item.value for item in allowed)}",
                )
            )
    return problems


def told_by_file(
    error: ValidationFailed, rows: list[RegisterRow], where: dict[int, str]
) -> ValidationFailed:
    """The save's refusal told by the file: a problem of register row ``rows[i].field`` names
    the file's row and column (a person of the register the file left out: that they are
    not in the file); problems of the whole register or session are kept as they are."""
    from resettle.services.programme_attendance import problem_words

    codes = {code.value: code for code in RegisterProblemCode}
    told: list[FieldProblem] = []
    for problem in error.problems:
        head, _, field = problem.field.partition(".")
        code = codes.get(problem.code)
        if not (head.startswith("rows[") and head.endswith("]")) or code is None:
            told.append(problem)
            continue
        position = int(head[5:-1])
        row = rows[position]
        who = f"{row.name} ({row.prison_number})" if row.prison_number else row.name
        line = where.get(position)
        if line is None:
            told.append(
                FieldProblem(
                    "from_file",
                    problem.code,
                    f"Marks file: {who} is in the register but not in the file "
                    f"({problem_words(code)}); add a row for them",
                )
            )
            continue
        column = _COLUMN_OF.get(field, field)
        told.append(
            FieldProblem(
                f"{line}.{column}",
                problem.code,
                f"Marks file {line}, {column} ({who}): {problem_words(code)}",
            )
        )
    return ValidationFailed(told)
