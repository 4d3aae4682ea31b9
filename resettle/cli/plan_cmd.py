"""``resettle plan print`` (one person) and ``resettle plan print-batch`` (a whole caseload)."""

from __future__ import annotations

import argparse
from pathlib import Path

from resettle.cli.arg_types import record_id, whole_number
from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.cli.disclosure_options import add_disclosure_options, reason_from
from resettle.cli.output_files import (
    OutputExists,
    add_force_option,
    is_there,
    output_errors,
    refuse_existing,
)
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.disclosure import DisclosureReason, Justification
from resettle.domain.errors import DomainError
from resettle.domain.read_only_opening import refuse_printing_when_read_only
from resettle.services.caseload import list_caseload
from resettle.services.people import find_person_id
from resettle.services.plans.plan_files import save_plan_files, targets_for
from resettle.services.plans.printing import (
    PRINTING_PROCESS_ENDED,
    PlanCopy,
    PlanFormat,
    plan_file_name,
    print_batch,
)

#: ``--format``: what ``--out`` names is saved as; ``both`` saves FILE.pdf and FILE.html.
FORMATS = ("pdf", "html", "both")

#: The endings ``--out`` may have for each ``--format`` (``both``: the PDF's name; the page
#: is saved beside it as FILE.html).
OUT_ENDINGS = {"pdf": (".pdf",), "html": (".html", ".htm"), "both": (".pdf",)}


class OptionsDisagree(DomainError):
    """Options that cannot be honoured together (``--out``'s ending and ``--format``,
    ``--large-print`` with a web page only)."""

    code = "cli.options_disagree"


def refuse_mismatched_options(out: Path, fmt: str, large_print: bool) -> None:
    """Refuse, before any work, an ``--out`` whose ending does not fit ``--format`` (so a web
    page is never saved under a .pdf name) and ``--large-print`` with ``--format html`` (the
    web page has no large print: the reader zooms it)."""
    endings = OUT_ENDINGS[fmt]
    if out.suffix.lower() not in endings:
        expected = " or ".join(endings)
        beside = " (the web page is saved beside it as .html)" if fmt == "both" else ""
        raise OptionsDisagree(
            f"--out: with --format {fmt} the file name must end {expected}{beside}; "
            f"{out.name} does not."
        )
    if large_print and fmt == "html":
        raise OptionsDisagree(
            "--large-print: the web page has no large print (the reader zooms it); "
            "use --format pdf or both for a large-print PDF."
        )


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    plan = add_command(subparsers, "plan")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", required=True)
    one = actions.add_parser(
        "print", help="print one person's plan to a PDF file (the person's copy: or a web page)"
    )
    one.add_argument("--person", required=True, metavar="PRISON_NUMBER")
    one.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    one.add_argument(
        "--format",
        choices=FORMATS,
        default="pdf",
        help="pdf (default); html: the person's copy as an accessible web page; "
        "both: FILE.pdf and FILE.html",
    )
    add_force_option(one)
    _copy_options(one)
    one.add_argument(
        "--plan-version",
        type=record_id,
        metavar="N",
        help="an earlier version of the plan (default: the current one)",
    )
    one.add_argument(
        "--allow-empty",
        action="store_true",
        help="print a plan saying there are no actions instead of refusing",
    )
    one.set_defaults(handler=_print_one)
    batch = actions.add_parser("print-batch", help="print every plan on the caseload")
    batch.add_argument("--out-dir", required=True, type=Path, metavar="DIR")
    batch.add_argument("--search", default="", help="only people matching this text")
    batch.add_argument(
        "--limit", type=whole_number, default=500, help="at most this many (default 500)"
    )
    add_force_option(batch, "a plan already in DIR")
    _copy_options(batch)
    batch.set_defaults(handler=_print_batch)


def _copy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--copy",
        choices=[c.value for c in PlanCopy],
        help="which copy (default: the person's copy when the justification is "
        "plan_for_person, else the officer's)",
    )
    parser.add_argument(
        "--large-print",
        action="store_true",
        help="person's copy in large print (a PDF: the web page has none)",
    )
    add_disclosure_options(parser)


def _copy(args: argparse.Namespace, reason: DisclosureReason) -> PlanCopy:
    """The copy asked for; without ``--copy``, the person's own copy when it is for them."""
    if args.copy is not None:
        return PlanCopy(args.copy)
    if reason.justification == Justification.PLAN_FOR_PERSON:
        return PlanCopy.PERSON
    return PlanCopy.OFFICER


def _print_one(args: argparse.Namespace, ctx: CliContext) -> int:
    """One person's plan saved as ``--format`` (``both``: FILE.pdf and FILE.html), the files
    written together and audited once; each refused before any work when it is there, unless
    ``--force``."""
    reason = reason_from(args)
    refuse_mismatched_options(args.out, args.format, args.large_print)
    formats = list(PlanFormat) if args.format == "both" else [PlanFormat(args.format)]
    targets = targets_for(args.out, formats)
    for path in targets.values():
        refuse_existing(path, args.force)
    workspace = ctx.open_app()
    person_id = workspace.run(find_person_id, args.person)
    with output_errors(args.out):
        sizes = workspace.run(
            save_plan_files,
            person_id,
            targets,
            _copy(args, reason),
            args.large_print,
            args.plan_version,
            args.allow_empty,
            reason=reason,
            replace=args.force,
        )
    for fmt, path in targets.items():
        print(f"Wrote {path} ({sizes[fmt]:,} bytes).", file=ctx.out)
    return 0


def _refuse_plans_there(folder: Path, names: list[str]) -> None:
    """Refuse the whole batch, before anything is printed, when any of its files is already
    in ``folder`` (an earlier batch's): one line naming the first, and how many more."""
    there = [folder / name for name in names if is_there(folder / name)]
    if there:
        more = f" (and {len(there) - 1:,} more of these plans)" if len(there) > 1 else ""
        raise OutputExists(
            f"--out-dir: {there[0]} already exists{more}: choose another folder, or add "
            "--force to replace them."
        )


def _print_batch(args: argparse.Namespace, ctx: CliContext) -> int:
    reason = reason_from(args)
    workspace = ctx.open_app()
    refuse_printing_when_read_only(workspace.read_only_because)
    query = CaseloadQuery(search=args.search, limit=max(1, min(args.limit, 5000)))
    rows = workspace.run(list_caseload, query).rows
    ids = [row.id for row in rows]
    copy = _copy(args, reason)
    if not args.force:
        _refuse_plans_there(args.out_dir, [plan_file_name(row.prison_number, copy) for row in rows])
    # Skipped people are named as the caseload shows them, never by an internal id.
    labels = {row.id: f"{row.prison_number} ({row.name})" for row in rows}
    on_terminal = ctx.err.isatty()

    def progress(done: int, total: int) -> None:
        # On a terminal one line counts up in place; piped or logged, one line each.
        if on_terminal:
            print(f"\r{done:,} of {total:,}", end="", file=ctx.err, flush=True)
        else:
            print(f"{done:,} of {total:,}", file=ctx.err, flush=True)

    result = print_batch(
        workspace,
        ids,
        args.out_dir,
        copy,
        args.large_print,
        progress,
        reason=reason,
        labels=labels,
        replace=args.force,
    )
    if on_terminal:
        print(file=ctx.err)  # end the line counted up in place
    for skip in result.skipped:
        print(f"Skipped: {skip}", file=ctx.err)
    if result.broken:
        print(f"resettle: {PRINTING_PROCESS_ENDED}", file=ctx.err)
    print(f"Wrote {len(result.written):,} plans to {args.out_dir}.", file=ctx.out)
    if not result.written:
        # Nothing written (no one matched, or every plan failed): a script must not read
        # this as success.
        print("resettle: no plan was written.", file=ctx.err)
        return 1
    return 0
