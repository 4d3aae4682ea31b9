"""``resettle report caseload``: the caseload report as PDF (``--out``), or the caseload list
as CSV (``--csv``).

The PDF is the dashboard on paper (``services/caseload_report.py``): a cover with the key
figures and charts, a page per measure, per-officer tables and the people due for release,
narrowed by the same options as ``report kpis``; ``--redact`` prints people by initials and
prison number only. Printing it is a disclosure, audited with ``--justification``.

The CSV is the caseload list (every open case you reach, or one officer's with
``--officer``), as "Export list" writes it: UTF-8 with a byte-order mark, cells that a
spreadsheet would run as formulas made safe. Team, establishment, pathway and period narrow
the PDF's figures only: the CSV refuses them, naming the option, rather than ignore them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from resettle.cli.commands import add_acting_user
from resettle.cli.context import CliContext
from resettle.cli.measure_options import add_measure_filter_options, measure_filters_from
from resettle.cli.output_files import (
    add_force_option,
    output_errors,
    refuse_existing,
    write_output,
)
from resettle.domain import clock
from resettle.domain.caseload_report import ReportJustification
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.measure_figures import MeasureFilters

BOM = "\ufeff"
#: Options that narrow the PDF's figures but not the CSV's list.
PDF_ONLY = (("start", "--from"), ("end", "--to"), ("team", "--team"))
PDF_ONLY += (("establishment", "--establishment"), ("pathway", "--pathway"))


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    caseload = actions.add_parser(
        "caseload",
        help="the caseload report (PDF) or the caseload list (CSV)",
        description="Write the caseload report as a PDF (--out) or the caseload list as a CSV "
        "(--csv). The report's period is of release dates; it defaults to the 12 months to "
        "today. Printing the report is a disclosure: say why with --justification.",
    )
    output = caseload.add_mutually_exclusive_group(required=True)
    output.add_argument("--out", type=Path, metavar="FILE.pdf", help="write the PDF report")
    output.add_argument("--csv", type=Path, metavar="FILE.csv", help="write the caseload list")
    caseload.add_argument(
        "--redact",
        action="store_true",
        help="people by initials and prison number only, for sharing beyond the team",
    )
    caseload.add_argument(
        "--justification",
        choices=[j.value for j in ReportJustification],
        help="why the report is printed (needed with --out): "
        + "; ".join(f"{j.value}: {j.label}" for j in ReportJustification),
    )
    add_force_option(caseload)
    add_acting_user(caseload)
    caseload.set_defaults(handler=_caseload)
    add_measure_filter_options(caseload, justification="--justification")


def _caseload(args: argparse.Namespace, ctx: CliContext) -> int:
    target: Path = args.out or args.csv
    refuse_existing(target, args.force, _option(args))
    if args.csv:
        return _csv(args, ctx, target)
    if args.justification is None:
        raise ValidationFailed.single(
            "justification", "required", "say why the report is printed (see --help)"
        )
    return _pdf(args, ctx, target)


def _option(args: argparse.Namespace) -> str:
    return "--out" if args.out else "--csv"


def _pdf(args: argparse.Namespace, ctx: CliContext, target: Path) -> int:
    from resettle.services.caseload_report import caseload_report

    today = clock.today()
    MeasureFilters.for_period(today, args.start, args.end)  # refused before opening anything
    workspace = ctx.open_app()
    filters = measure_filters_from(args, workspace, today)
    with output_errors(target):
        pdf = workspace.run(
            caseload_report,
            filters,
            justification=ReportJustification(args.justification),
            redact=args.redact,
            today=today,
            target=target,
            replace=args.force,
        )
    print(
        f"Wrote the caseload report{' (redacted)' if args.redact else ''} to {target} "
        f"({len(pdf) // 1024:,} KB); printing it was recorded as a disclosure.",
        file=ctx.out,
    )
    return 0


def _csv(args: argparse.Namespace, ctx: CliContext, target: Path) -> int:
    from resettle.domain.caseload import CaseloadQuery
    from resettle.services.caseload import caseload_csv
    from resettle.services.measures import measure_filters

    problems = [
        FieldProblem(field, "pdf_only", f"{option} narrows the PDF report only, not --csv")
        for field, option in PDF_ONLY
        if getattr(args, field) is not None
    ]
    if args.redact:
        problems.append(FieldProblem("redact", "pdf_only", "--redact is for the PDF report"))
    if problems:
        raise ValidationFailed(problems)
    workspace = ctx.open_app()
    officer = workspace.run(measure_filters, clock.today(), officer=args.officer).officer_id
    text = workspace.run(caseload_csv, CaseloadQuery(only_officer_id=officer))
    write_output(target, (BOM + text).encode("utf-8"), force=args.force, option="--csv")
    rows = max(text.count("\r\n") - 1, 0)
    print(f"Wrote {rows:,} people to {target}.", file=ctx.out)
    return 0
