"""``resettle programmes register`` (show a session's register; with ``--from-file``, record
it), ``resettle programmes correct-mark`` (correct one person's mark, saying why) and
``resettle programmes complete`` (the programme team confirms a completion).
``programmes_cmd.py`` calls :func:`register` with its sub-command parsers.

Shown, the register lists each person with their mark, its absence reason and note; a note
longer than :data:`NOTE_SHOWN` characters is cut in the table ("…"), and ``--details`` shows
every note in full with each mark's history (corrections, and why each was made).
The marks file is read and checked by ``programmes_marks_file.py``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from resettle.cli.arg_types import record_id
from resettle.cli.context import CliContext
from resettle.cli.field_options import name_options
from resettle.cli.programmes_marks_file import marked_rows, read_marks, told_by_file
from resettle.cli.programmes_setup_cmd import who_may
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission
from resettle.domain.plural import counted
from resettle.domain.programme_attendance import (
    ABSENCE_REASON_LABELS,
    OUTCOME_LABELS,
    AbsenceReason,
    AttendanceOutcome,
)
from resettle.domain.programme_register import CurrentMark, MarkHistoryEntry, SessionRegister
from resettle.domain.programmes.sessions import SESSION_ZONE

#: The longest note the register's table shows before cutting it ("…").
NOTE_SHOWN = 40


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    # Who records a register and confirms a completion (``programme_attendance.NEEDS``).
    team = who_may(Permission.MANAGE_PROGRAMME_REFERRALS)
    command = actions.add_parser(
        "register",
        help=f"a session's register (marks, reasons, notes); with --from-file, record it {team}",
    )
    command.add_argument("--session", required=True, type=record_id, metavar="ID")
    command.add_argument(
        "--from-file",
        type=Path,
        metavar="MARKS.csv|json",
        help="record the register from a file: CSV with the header "
        "prison_number,outcome,absence_reason,note (the header is row 1), or a JSON list",
    )
    command.add_argument(
        "--details",
        action="store_true",
        help=f"show notes in full (the table cuts them at {NOTE_SHOWN} characters) and each "
        "mark's history",
    )
    command.add_argument("--json", action="store_true", help="print JSON")
    command.set_defaults(handler=_register)

    correct = actions.add_parser(
        "correct-mark", help=f"correct one person's mark at a session, saying why {team}"
    )
    correct.add_argument("--session", required=True, type=record_id, metavar="ID")
    correct.add_argument("--person", required=True, metavar="PRISON_NUMBER")
    correct.add_argument("--outcome", required=True, choices=[o.value for o in AttendanceOutcome])
    correct.add_argument("--absence-reason", choices=[r.value for r in AbsenceReason])
    correct.add_argument(
        "--note", help="the new mark's note (left out: the current note if the outcome stays)"
    )
    correct.add_argument(
        "--why", required=True, help="why the mark is corrected (at most 200 characters)"
    )
    correct.set_defaults(handler=_correct_mark)
    name_options(
        correct,
        correction_reason="--why",
        outcome="--outcome",
        absence_reason="--absence-reason",
        note="--note",
        membership_id="--person",
    )

    complete = actions.add_parser(
        "complete", help=f"confirm a referral's programme completion {team}"
    )
    complete.add_argument("--referral", required=True, type=record_id, metavar="ID")
    complete.set_defaults(handler=_complete)


def _register(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_attendance import record_attendance, register_for_session

    workspace = ctx.open_app()
    if args.from_file is not None:
        lines = read_marks(args.from_file)  # a broken file is refused before the database
        read = workspace.run(register_for_session, args.session)
        rows, where = marked_rows(read, lines)
        try:
            counts = workspace.run(record_attendance, args.session, read.sheet.with_rows(rows))
        except ValidationFailed as refused:
            raise told_by_file(refused, rows, where) from None
        if args.json:
            json.dump({"session_id": args.session, "recorded": counts.by_outcome}, ctx.out)
            print(file=ctx.out)
        else:
            words = ", ".join(
                _outcome_count(AttendanceOutcome(o), n)
                for o, n in sorted(counts.by_outcome.items())
            )
            print(f"Recorded {counted(counts.recorded, 'mark')}: {words}", file=ctx.out)
        return 0
    read = workspace.run(register_for_session, args.session)
    if args.json:
        json.dump(_as_json(read), ctx.out, ensure_ascii=False, indent=2)
        print(file=ctx.out)
        return 0
    _print_register(read, ctx, details=args.details)
    return 0


def _outcome_count(outcome: AttendanceOutcome, count: int) -> str:
    """``1 attended and complied``, ``2 acceptable absences``: the outcome in words."""
    words = OUTCOME_LABELS[outcome].lower()
    return counted(count, words, None if outcome.name.endswith("ABSENCE") else words)


def _reason_words(reason: AbsenceReason | None) -> str:
    return ABSENCE_REASON_LABELS[reason] if reason else "-"


def _session_when(read: SessionRegister) -> str:
    """``Mon 07/12/2026 09:15-11:45, module 2 session 2``: when the session runs (UK time)
    and its place in the programme."""
    starts = read.sheet.starts_at.astimezone(SESSION_ZONE)
    when = f"{starts:%a %d/%m/%Y %H:%M}"
    if read.ends_at is not None:
        when += f"-{read.ends_at.astimezone(SESSION_ZONE):%H:%M}"
    if read.module_number:
        when += f", module {read.module_number} session {read.session_number}"
    return when + (" (catch-up)" if read.catch_up else "")


def _when(entry: MarkHistoryEntry) -> str:
    return f"{entry.recorded_at.astimezone(SESSION_ZONE):%Y-%m-%d %H:%M}"


def _as_json(read: SessionRegister) -> dict[str, Any]:
    current = {mark.membership_id: mark for mark in read.current}

    def mark_of(membership_id: int) -> dict[str, Any] | None:
        mark = current.get(membership_id)
        if mark is None:
            return None
        return {
            "outcome": mark.outcome.value,
            "absence_reason": mark.absence_reason.value if mark.absence_reason else None,
            "note": mark.note,
            "mark_number": mark.mark_number,
            "correction_reason": mark.correction_reason,
        }

    return {
        "session_id": read.sheet.session_id,
        "session": read.session_name,
        "group": read.group_code,
        "programme": read.programme_code,
        "starts_at": read.sheet.starts_at.isoformat(),
        "ends_at": read.ends_at.isoformat() if read.ends_at else None,
        "module_number": read.module_number or None,
        "session_number": read.session_number or None,
        "catch_up": read.catch_up,
        "capacity": read.sheet.capacity,
        "rows": [
            {
                "prison_number": row.prison_number,
                "name": row.name,
                "released": row.released,
                "outcome": current[row.membership_id].outcome.value
                if row.membership_id in current
                else None,
                "mark": mark_of(row.membership_id),
                "history": [
                    {
                        "mark_number": entry.mark_number,
                        "outcome": entry.outcome.value,
                        "absence_reason": entry.absence_reason.value
                        if entry.absence_reason
                        else None,
                        "note": entry.note,
                        "correction_reason": entry.correction_reason,
                        "recorded_by": entry.recorded_by,
                        "recorded_at": entry.recorded_at.isoformat(),
                    }
                    for entry in read.history_of(row.membership_id)
                ],
            }
            for row in read.sheet.rows
        ],
    }


def _printable(text: str) -> str:
    """Typed text as the terminal should show it: control characters (an escape sequence
    that would recolour or move the cursor) shown as "\ufffd", line breaks as breaks."""
    return "".join(ch if ch == "\n" or ch.isprintable() else "\ufffd" for ch in text)


def _cut(note: str) -> tuple[str, bool]:
    """The note on one line, cut to :data:`NOTE_SHOWN` characters (True: it was cut)."""
    flat = _printable(" ".join(note.split()))
    if len(flat) <= NOTE_SHOWN:
        return flat, False
    return flat[: NOTE_SHOWN - 1].rstrip() + "…", True


def _state(mark: CurrentMark | None, released: bool) -> str:
    if mark is None:
        return "released" if released else "not marked"
    return OUTCOME_LABELS[mark.outcome] + (" (corrected)" if mark.mark_number > 1 else "")


def _print_register(read: SessionRegister, ctx: CliContext, *, details: bool) -> None:
    current = {mark.membership_id: mark for mark in read.current}
    print(
        f"{read.programme_code} {read.group_code}: {read.session_name}, {_session_when(read)} "
        f"({len(read.sheet.rows)} of {counted(read.sheet.capacity, 'place')})",
        file=ctx.out,
    )
    if not details:
        print("prison_number\tname\tmark\treason\tnote", file=ctx.out)
    any_cut = False
    for row in read.sheet.rows:
        mark = current.get(row.membership_id)
        reason = _reason_words(mark.absence_reason if mark else None)
        note = mark.note if mark else ""
        state = _state(mark, row.released)
        if details:
            print(f"{row.prison_number}\t{row.name}\t{state}", file=ctx.out)
            print(f"  reason: {reason}", file=ctx.out)
            shown_note = _printable(note).replace("\n", "\n        ")
            print(f"  note: {shown_note or '-'}", file=ctx.out)
            for entry in read.history_of(row.membership_id):
                line = f"  mark {entry.mark_number}, {_when(entry)}, {entry.recorded_by}: "
                line += OUTCOME_LABELS[entry.outcome]
                if entry.absence_reason:
                    line += f" ({ABSENCE_REASON_LABELS[entry.absence_reason]})"
                # Each mark's own note: a correction's note is not the first mark's.
                entry_note = _printable(entry.note).replace("\n", "\n        ")
                line += f"; note: {entry_note or '-'}"
                if entry.mark_number > 1:
                    why = _printable(entry.correction_reason or "not recorded")
                    line += f"; why corrected: {why}"
                print(line, file=ctx.out)
            continue
        shown, cut = _cut(note)
        any_cut = any_cut or cut
        print(f"{row.prison_number}\t{row.name}\t{state}\t{reason}\t{shown or '-'}", file=ctx.out)
    if any_cut:
        print(
            f"Notes longer than {NOTE_SHOWN} characters are cut (…): add --details to see "
            "them in full.",
            file=ctx.out,
        )


def _correct_mark(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_attendance import correct_mark, register_for_session

    workspace = ctx.open_app()
    read = workspace.run(register_for_session, args.session)
    wanted = args.person.strip().upper()
    row = next((r for r in read.sheet.rows if r.prison_number == wanted), None)
    if row is None:
        raise ValidationFailed.single(
            "membership_id",
            "not_in_register",
            f"Place: {wanted} is not in this session's register",
        )
    mark = next((m for m in read.current if m.membership_id == row.membership_id), None)
    if mark is None:
        raise ValidationFailed.single(
            "membership_id",
            "not_marked",
            f"Place: {wanted} has no mark at this session to correct; record the register",
        )
    note = args.note
    if note is None:
        note = mark.note if args.outcome == mark.outcome.value else ""
    number = workspace.run(
        correct_mark,
        args.session,
        {
            "membership_id": row.membership_id,
            "expected_mark_number": mark.mark_number,
            "outcome": args.outcome,
            "absence_reason": args.absence_reason,
            "note": note,
            "correction_reason": args.why,
        },
    )
    words = OUTCOME_LABELS[AttendanceOutcome(args.outcome)]
    print(f"{row.prison_number}: mark {number} recorded ({words})", file=ctx.out)
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
