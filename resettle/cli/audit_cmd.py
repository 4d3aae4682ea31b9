"""``resettle audit verify`` and ``resettle audit checkpoint``: the audit trail's hash chain
(and ``resettle audit list``, ``cli/audit_list.py``, its rows).

Both read the database as it is (no upgrade, no sign-in): the SQLite file (an encrypted one
with ``--user``'s password: its key slot opens it), or on PostgreSQL the owner's URL
(``--database-url``). ``verify`` exits 0 when the chain is intact and 1 naming
every bad sequence number when it is not (the first 20 with what is wrong at each, and how
many more: one bad row does not hide later ones; rows timed earlier than the row before them
are a warning only); ``--against FILE`` also checks an earlier
checkpoint's row is still there with the same hash, which catches rows cut off the end.
``verify`` also checks every disclosure note against the digest its audit row keeps
(exit 1 when one was changed; a note no audit row names is a warning).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from resettle.cli.audit_list import register_list
from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.cli.output_files import refuse_existing, write_output
from resettle.domain.audit_chain import ChainFault, ChainReport, Checkpoint
from resettle.domain.input_files import InputRefused, parse_json, read_text_file
from resettle.settings import resolve_settings

if TYPE_CHECKING:
    from resettle.services.disclosure_notes_check import NotesReport

#: What each fault means, after the bad sequence number.
FAULT_WORDS = {
    ChainFault.ALTERED: "the row does not match its hash (altered, or rows swapped)",
    ChainFault.MISSING: "no row has this number (deleted)",
    ChainFault.OUT_OF_ORDER: "a row has this number out of its place (repeated or renumbered)",
    ChainFault.HEAD_MISMATCH: "the chain head does not match the last row (rows deleted "
    "from the end, or the head changed)",
    ChainFault.CHECKPOINT_MISSING: "the checkpoint's row is gone (rows cut off the end)",
    ChainFault.CHECKPOINT_DIFFERS: "the checkpoint's row has another hash now (rewritten)",
}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    audit = add_command(subparsers, "audit")
    audit.description = (
        "Read the audit trail's hash chain as it is. An encrypted SQLite file opens with any "
        "account's password (--user NAME); on PostgreSQL use the database owner's URL."
    )
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="check every audit row's hash and sequence number, and the head"
    )
    verify.add_argument(
        "--against",
        type=Path,
        metavar="FILE",
        help="an earlier checkpoint file: its row must still be there with the same hash",
    )
    verify.set_defaults(handler=_verify)
    checkpoint = actions.add_parser(
        "checkpoint", help="print (or write) the chain head's sequence number, hash and time"
    )
    checkpoint.add_argument(
        "--out", type=Path, metavar="FILE", help="write it to this file (a new one: see --force)"
    )
    checkpoint.add_argument(
        "--force",
        action="store_true",
        help="replace FILE when it exists (an earlier checkpoint is evidence: keep it)",
    )
    checkpoint.set_defaults(handler=_checkpoint)
    register_list(actions, _open)


def _read_checkpoint(path: Path) -> Checkpoint:
    from resettle.services.audit_chain import BadCheckpoint, parse_checkpoint

    try:
        text = read_text_file(path, option="--against")
        parse_json(text, label=f"--against: {path}")  # nesting checked before the model reads it
        return parse_checkpoint(text)
    except InputRefused as refused:
        raise BadCheckpoint(f"{refused}.") from None
    except BadCheckpoint as bad:
        raise BadCheckpoint(f"--against: {path}: {bad}") from None


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The database as it is; an encrypted SQLite file opens with ``--user``'s password."""
    from resettle.cli.workspace_opener import read_password
    from resettle.services.workspace import open_database_to_read

    settings = resolve_settings(args.data_dir, args.database_url, args.user)
    return open_database_to_read(settings, read_password)


def _verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.audit_chain import verify_audit_chain
    from resettle.services.disclosure_notes_check import check_disclosure_notes

    against = _read_checkpoint(args.against) if args.against is not None else None
    database = _open(args)
    try:
        report = verify_audit_chain(database, against)
        notes = check_disclosure_notes(database)
    finally:
        database.close()
    chain = _print_report(report, against, ctx)
    return max(chain, _print_notes(notes, ctx))


def _print_notes(notes: NotesReport, ctx: CliContext) -> int:
    """The disclosure notes against the digests their audit rows keep (docs/audit.md): a note
    whose words changed fails the check; a note no audit row names is only a warning (staff
    who record disclosures may insert notes, so it shows no change to the trail)."""
    if notes.unnamed:
        print(
            f"Warning: {notes.unnamed} disclosure note(s) named by no audit row: words stored "
            "without a disclosure being recorded (not written by Resettle), or the rows naming "
            "them were cut off the end of the trail (check with --against an earlier "
            "checkpoint). This alone does not fail the check; they are erased with their "
            "person.",
            file=ctx.err,
        )
    if notes.changed:
        seqs = ", ".join(str(seq) for seq in notes.changed)
        print(
            f"Disclosure notes CHANGED after they were recorded: the note of audit row(s) "
            f"{seqs} no longer matches the digest the row keeps.",
            file=ctx.err,
        )
        return 1
    if notes.checked:
        noun = (
            "note matches its audit row" if notes.checked == 1 else "notes match their audit rows"
        )
        print(f"{notes.checked} disclosure {noun}.", file=ctx.out)
    return 0


def _print_report(report: ChainReport, against: Checkpoint | None, ctx: CliContext) -> int:
    _warn_earlier_times(report, ctx)
    if not report.intact:
        _print_faults(report, ctx)
        return 1
    print(
        f"{report.rows} rows, chain intact, head seq {report.head.seq} hash {report.head.hash}",
        file=ctx.out,
    )
    if against is not None:
        print(f"Checkpoint seq {against.seq} found with the same hash.", file=ctx.out)
    return 0


def _print_faults(report: ChainReport, ctx: CliContext) -> None:
    """Every bad sequence number found in the one pass: the first ``LISTED_FAULTS`` each with
    what is wrong there, and how many more."""
    count = report.fault_count
    print(
        f"Audit chain BROKEN: {count:,} bad sequence number{'s' if count != 1 else ''} "
        f"in {report.rows:,} rows read:",
        file=ctx.err,
    )
    for bad in report.faults:
        print(f"  {bad.seq}: {FAULT_WORDS[bad.fault]}", file=ctx.err)
    rest = count - len(report.faults)
    if rest:
        print(f"  ... and {rest:,} more.", file=ctx.err)


def _warn_earlier_times(report: ChainReport, ctx: CliContext) -> None:
    """Rows timed before the row ahead of them: said, but not a failure on their own."""
    if report.first_earlier_seq is None:
        return
    rows = "1 row is" if report.earlier_rows == 1 else f"{report.earlier_rows:,} rows are"
    print(
        f"Warning: time goes backwards at sequence number {report.first_earlier_seq}: "
        f"{rows} timed earlier than the row before. This alone does not fail the check: "
        "earlier versions of Resettle stamped PostgreSQL rows with their transaction's start "
        "time, and a clock can be set back. The hashes are what show the trail unchanged.",
        file=ctx.err,
    )


def _checkpoint(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.audit_chain import audit_checkpoint, checkpoint_json

    refuse_existing(args.out, args.force, why=EVIDENCE)
    database = _open(args)
    try:
        text = checkpoint_json(audit_checkpoint(database))
    finally:
        database.close()
    if args.out is None:
        print(text, file=ctx.out)
        return 0
    # Without --force the file is only ever made, never replaced: one that appeared while
    # the database was read is refused here, not overwritten.
    write_output(args.out, (text + "\n").encode("utf-8"), force=args.force, why=EVIDENCE)
    print(f"Checkpoint written to {args.out}", file=ctx.out)
    return 0


#: Why an earlier checkpoint file is refused without --force.
EVIDENCE = ", and an earlier checkpoint is evidence"
