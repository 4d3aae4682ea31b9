"""Registering the people in a JSON file (``resettle people add --json FILE``).

The file is read and each row checked here (JSON, keys, establishment and officer names);
then one call to the registration use case saves them all or none. Every problem is printed
as ``row N, field F: message`` and the exit code is 2; nothing is saved.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from resettle.cli.context import CliContext
from resettle.domain.duplicates import PossibleDuplicates, RowRefused
from resettle.domain.errors import DomainError, FieldProblem, ValidationFailed
from resettle.domain.person_file import file_key, person_data
from resettle.domain.search import fold
from resettle.domain.staff import Role
from resettle.services import staff
from resettle.services.registration import register_people

MAX_FILE_BYTES = 50 * 1024 * 1024


def register_from_file(path: str, confirm_new: bool, ctx: CliContext) -> int:
    rows = _read(path, ctx)
    if rows is None:
        return 2
    workspace = ctx.open_app()
    establishments: dict[str, int] = {}
    for place in workspace.run(staff.list_establishments):
        establishments[fold(place.code)] = place.id
        establishments[fold(place.name)] = place.id
    officers: dict[str, int] = {}
    for officer in workspace.run(staff.list_staff, Role.OFFICER):
        if officer.active:
            officers[fold(officer.username)] = officer.id
            officers.setdefault(fold(officer.display_name), officer.id)
    people = []
    failed = False
    for number, raw in enumerate(rows, start=1):
        try:
            people.append(person_data(raw, establishments, officers))
        except ValidationFailed as error:
            _print_problems(ctx, number, error.problems)
            failed = True
    if failed:
        return _nothing_saved(ctx)
    try:
        details = workspace.run(register_people, people, confirm_new=confirm_new)
    except RowRefused as refused:
        _print_refusal(ctx, refused)
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
            text = sys.stdin.read(MAX_FILE_BYTES + 1)
        else:
            with Path(path).open(encoding="utf-8") as file:
                text = file.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        print(f"resettle: cannot read {path}: {error.strerror or error}", file=ctx.err)
        return None
    except UnicodeDecodeError:
        print(f"resettle: {path} is not UTF-8 text", file=ctx.err)
        return None
    if len(text) > MAX_FILE_BYTES:
        print(f"resettle: {path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB", file=ctx.err)
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        print(
            f"resettle: {path} is not valid JSON: line {error.lineno}, column {error.colno}: "
            f"{error.msg}",
            file=ctx.err,
        )
        return None
    rows = data if isinstance(data, list) else [data]
    if not rows:
        print(f"resettle: {path} holds no people (an empty list)", file=ctx.err)
        return None
    return rows


def _print_refusal(ctx: CliContext, refused: RowRefused) -> None:
    error: DomainError = refused.error
    if isinstance(error, ValidationFailed):
        _print_problems(ctx, refused.row, error.problems)
        return
    fields = refused.fields
    field = f", field {file_key(fields[0])}" if fields else ""
    print(f"resettle: row {refused.row}{field}: {error}", file=ctx.err)
    if isinstance(error, PossibleDuplicates) and error.can_confirm:
        print(
            "resettle: if they are different people, run again with --confirm-new",
            file=ctx.err,
        )


def _print_problems(ctx: CliContext, row: int, problems: list[FieldProblem]) -> None:
    for problem in problems:
        print(
            f"resettle: row {row}, field {file_key(problem.field)}: {problem.message}", file=ctx.err
        )


def _nothing_saved(ctx: CliContext) -> int:
    print("resettle: nothing was saved", file=ctx.err)
    return 2
