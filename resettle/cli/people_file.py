"""Registering the people in a JSON file (``resettle people add --json FILE``).

The file is read and each row checked here (JSON, keys, dates, establishment and officer
names); then one call to the registration use case saves them all or none. Every problem in
the file is reported in the same run, one line each, ``row N, KEY: what is wrong`` (rows
counted from 1, KEY as written in the file), and the exit code is 2; nothing is saved. When
some rows fail the file's own checks, the others still go through the service's checks
(duplicates, identifiers already recorded) with ``check_only``, so nothing is left for a
second run. A prison number, CRN or PNC number repeated inside the file is reported in the
first run too ("row 7, prison_number: the same as row 1").
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from resettle.cli.context import CliContext
from resettle.domain.duplicates import PossibleDuplicates, RowRefused, RowsRefused
from resettle.domain.errors import DomainError, FieldProblem, ValidationFailed
from resettle.domain.input_files import (
    InputRefused,
    check_size,
    decode_text,
    parse_json,
    read_json_file,
)
from resettle.domain.limits import IMPORT_FILE_MAX_BYTES
from resettle.domain.person_file import (
    file_key,
    officer_names,
    person_data,
    repeats_in_file,
    without_label,
)
from resettle.domain.search import fold
from resettle.domain.staff import Role
from resettle.services import staff
from resettle.services.registration import register_people

MAX_FILE_BYTES = IMPORT_FILE_MAX_BYTES


def register_from_file(path: str, confirm_new: bool, ctx: CliContext) -> int:
    rows = _read(path, ctx)
    if rows is None:
        return 2
    workspace = ctx.open_app()
    establishments: dict[str, int] = {}
    for place in workspace.run(staff.list_establishments):
        establishments[fold(place.code)] = place.id
        establishments[fold(place.name)] = place.id
    officers = officer_names(
        (officer.id, officer.username, officer.display_name)
        for officer in workspace.run(staff.list_staff, Role.OFFICER)
        if officer.active
    )
    people: list[dict[str, Any]] = []
    numbers: list[int] = []  # the file's row number of each of ``people``
    problems: list[tuple[int, str]] = []  # (row, line), printed in row order
    repeats = repeats_in_file(rows)
    for number, raw in enumerate(rows, start=1):
        try:
            data = person_data(raw, establishments, officers)
        except ValidationFailed as error:
            problems += _problem_lines(number, error.problems, as_written=True)
        else:
            if number not in repeats:  # checked against the rows before it already
                people.append(data)
                numbers.append(number)
        problems += _problem_lines(number, repeats.get(number, []), as_written=True)
    confirmable = False
    details = []
    if people:
        try:
            details = workspace.run(
                register_people, people, confirm_new=confirm_new, check_only=bool(problems)
            )
        except RowsRefused as refused:
            for refusal in refused.refusals:
                problems += _refusal_lines(numbers[refusal.row - 1], refusal)
            confirmable = any(_may_confirm(refusal) for refusal in refused.refusals)
    if problems:
        for _row, line in sorted(problems, key=lambda item: item[0]):
            print(f"resettle: {line}", file=ctx.err)
        if confirmable:
            print(
                "resettle: if they are different people, run again with --confirm-new",
                file=ctx.err,
            )
        return _nothing_saved(ctx)
    for detail in details:
        print(detail.profile.prison_number, file=ctx.out)
    print(
        f"Registered {len(details)} " + ("person" if len(details) == 1 else "people"), file=ctx.err
    )
    return 0


def _read(path: str, ctx: CliContext) -> list[Any] | None:
    try:
        if path == "-":
            stream = getattr(sys.stdin, "buffer", None)
            raw = (
                stream.read(MAX_FILE_BYTES + 1)
                if stream is not None
                else sys.stdin.read(MAX_FILE_BYTES + 1).encode("utf-8", "surrogateescape")
            )
            check_size(raw, label="standard input", max_bytes=MAX_FILE_BYTES)
            data = parse_json(decode_text(raw, label="standard input"), label="standard input")
        else:
            data = read_json_file(Path(path), max_bytes=MAX_FILE_BYTES)
    except InputRefused as refused:
        print(f"resettle: {refused}", file=ctx.err)
        return None
    rows = data if isinstance(data, list) else [data]
    if not rows:
        print(f"resettle: {path} holds no people (an empty list)", file=ctx.err)
        return None
    return rows


def _refusal_lines(row: int, refused: RowRefused) -> list[tuple[int, str]]:
    error: DomainError = refused.error
    if isinstance(error, ValidationFailed):
        return _problem_lines(row, error.problems)
    field = refused.fields[0] if refused.fields else "row"
    return _problem_lines(row, [FieldProblem(field, error.code, str(error))])


def _may_confirm(refused: RowRefused) -> bool:
    return isinstance(refused.error, PossibleDuplicates) and refused.error.can_confirm


def _problem_lines(
    row: int, problems: list[FieldProblem], as_written: bool = False
) -> list[tuple[int, str]]:
    """One line per problem: ``row N, KEY: what is wrong`` (``row N: ...`` for the row).
    ``as_written``: the problems already name the file's own keys (the file's checks), so a
    key the file spelt ``given_name`` is named ``given_name``, not mapped to ``name``; else
    they name the service's fields, mapped to the file's keys."""
    lines = []
    for problem in problems:
        key = problem.field if as_written else file_key(problem.field)
        where = f"row {row}" if key == "row" else f"row {row}, {key}"
        lines.append((row, f"{where}: {without_label(problem.field, problem.message)}"))
    return lines


def _nothing_saved(ctx: CliContext) -> int:
    print("resettle: nothing was saved", file=ctx.err)
    return 2
