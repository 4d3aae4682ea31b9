"""``resettle programmes register`` (show a session's register; with ``--from-file``, record
it) and ``resettle programmes complete`` (the programme team confirms a completion).
``programmes_cmd.py`` calls :func:`register` with its sub-command parsers.

A marks file is CSV (a header row) or JSON (a list of objects), one mark per person:
``prison_number``, ``outcome``, and where needed ``absence_reason`` and ``note``. A person of
the register the file does not mention is left without a mark (and the save says so). Any
problem refuses the whole file, naming the file's row and field, and nothing is saved.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from resettle.cli.context import CliContext
from resettle.cli.programmes_setup_cmd import who_may
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.permissions import Permission
from resettle.domain.plural import counted
from resettle.domain.programme_attendance import AbsenceReason, AttendanceOutcome, RegisterRow
from resettle.domain.programme_register import SessionRegister

_FIELDS = ("prison_number", "outcome", "absence_reason", "note")


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    # Who records a register and confirms a completion (``programme_attendance.NEEDS``).
    team = who_may(Permission.MANAGE_PROGRAMME_REFERRALS)
    command = actions.add_parser(
        "register", help=f"a session's register; with --from-file, record it {team}"
    )
    command.add_argument("--session", required=True, type=int, metavar="ID")
    command.add_argument("--from-file", type=Path, metavar="MARKS.csv|json")
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=_register)

    complete = actions.add_parser(
        "complete", help=f"confirm a referral's programme completion {team}"
    )
    complete.add_argument("--referral", required=True, type=int, metavar="ID")
    complete.set_defaults(handler=_complete)


def read_marks(path: Path) -> list[dict[str, Any]]:
    """The file's marks, one dict per row (refused naming the file when it cannot be read)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ValidationFailed.single(
            "from_file", "unreadable", f"Marks file: cannot be read ({error.__class__.__name__})"
        ) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationFailed.single(
                "from_file", "not_json", f"Marks file: not JSON (line {error.lineno})"
            ) from None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ValidationFailed.single(
                "from_file", "not_a_list", "Marks file: a JSON list of objects is expected"
            )
        return data
    return list(csv.DictReader(text.splitlines()))


def marked_rows(read: SessionRegister, marks: list[dict[str, Any]]) -> list[RegisterRow]:
    """The register's rows with the file's marks (``ValidationFailed`` naming each row of the
    file and field that is wrong)."""
    by_number = {row.prison_number: row for row in read.sheet.rows}
    problems: list[FieldProblem] = []
    given: dict[str, dict[str, Any]] = {}
    for number, mark in enumerate(marks, start=1):
        unknown = sorted(set(mark) - set(_FIELDS))
        if unknown:
            problems.append(
                FieldProblem(
                    f"row {number}.{unknown[0]}",
                    "unknown_field",
                    f"Marks row {number}, {unknown[0]}: not a field of a mark "
                    f"(use {', '.join(_FIELDS)})",
                )
            )
            continue
        prison_number = str(mark.get("prison_number") or "").strip()
        if prison_number not in by_number:
            problems.append(
                FieldProblem(
                    f"row {number}.prison_number",
                    "not_in_register",
                    f"Marks row {number}, prison_number: {prison_number!r} is not in this "
                    "session's register",
                )
            )
            continue
        for field, allowed in (("outcome", AttendanceOutcome), ("absence_reason", AbsenceReason)):
            value = mark.get(field) or None
            if value is not None and value not in {item.value for item in allowed}:
                problems.append(
                    FieldProblem(
                        f"row {number}.{field}",
                        "invalid",
                        f"Marks row {number}, {field}: {value!r} is not one of "
                        f"{', '.join(item.value for item in allowed)}",
                    )
                )
        given[prison_number] = mark
    if problems:
        raise ValidationFailed(problems)
    rows: list[RegisterRow] = []
    for row in read.sheet.rows:
        mark = given.get(row.prison_number)
        if mark is None:
            rows.append(row)
            continue
        try:
            rows.append(
                RegisterRow.model_validate(
                    {
                        **row.model_dump(),
                        "outcome": mark.get("outcome") or None,
                        "absence_reason": mark.get("absence_reason") or None,
                        "note": str(mark.get("note") or ""),
                    }
                )
            )
        except ValidationError:  # pragma: no cover - the values were checked above
            raise ValidationFailed.single("from_file", "invalid", "Marks file: invalid") from None
    return rows


def _register(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_attendance import record_attendance, register_for_session

    workspace = ctx.open_app()
    read = workspace.run(register_for_session, args.session)
    if args.from_file is not None:
        rows = marked_rows(read, read_marks(args.from_file))
        counts = workspace.run(record_attendance, args.session, read.sheet.with_rows(rows))
        if args.json:
            json.dump({"session_id": args.session, "recorded": counts.by_outcome}, ctx.out)
            print(file=ctx.out)
        else:
            words = ", ".join(f"{n} {o}" for o, n in sorted(counts.by_outcome.items()))
            print(f"Recorded {counted(counts.recorded, 'mark')}: {words}", file=ctx.out)
        return 0
    current = {mark.membership_id: mark for mark in read.current}
    if args.json:
        json.dump(
            {
                "session_id": read.sheet.session_id,
                "session": read.session_name,
                "group": read.group_code,
                "programme": read.programme_code,
                "capacity": read.sheet.capacity,
                "rows": [
                    {
                        "prison_number": row.prison_number,
                        "name": row.name,
                        "released": row.released,
                        "outcome": current[row.membership_id].outcome.value
                        if row.membership_id in current
                        else None,
                    }
                    for row in read.sheet.rows
                ],
            },
            ctx.out,
            ensure_ascii=False,
            indent=2,
        )
        print(file=ctx.out)
        return 0
    print(
        f"{read.programme_code} {read.group_code}: {read.session_name} "
        f"({len(read.sheet.rows)} of {counted(read.sheet.capacity, 'place')})",
        file=ctx.out,
    )
    for row in read.sheet.rows:
        mark = current.get(row.membership_id)
        state = mark.outcome.value if mark else ("released" if row.released else "not marked")
        print(f"{row.prison_number}\t{row.name}\t{state}", file=ctx.out)
    return 0


def _complete(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_attendance import (
        completion_for_referral,
        confirm_completion,
    )

    workspace = ctx.open_app()
    proposal = workspace.run(completion_for_referral, args.referral)
    workspace.run(confirm_completion, args.referral, proposal.revision)
    print(f"Referral {args.referral}: programme complete", file=ctx.out)
    return 0
