"""``resettle people list [--json]``, ``resettle people show --person PRISON_NUMBER [--json]``
and ``resettle people add --json FILE [--confirm-new]``."""

from __future__ import annotations

import argparse
import json

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.domain.caseload import CaseloadColumn, CaseloadFilters, CaseloadQuery, CaseloadRow
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.services.caseload import list_caseload

PAGE = 2_000


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    people = add_command(subparsers, "people")
    actions = people.add_subparsers(dest="people_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        help="list people in the caseload window's order: upcoming releases soonest first, "
        "then people released in the last 28 days, then those released longer ago, then "
        "people with no release date",
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--search", default="", help="name or identifier to filter by")
    listing.add_argument(
        "--sort",
        choices=[c.value for c in CaseloadColumn],
        default=CaseloadColumn.DAYS_TO_RELEASE.value,
        help="another order (default: days_to_release, as above)",
    )
    listing.add_argument(
        "--outcome-checks-due",
        action="store_true",
        help="only people with an outcome check after release due today or earlier "
        "(as the caseload's filter); adds the check and its due day to each line",
    )
    listing.add_argument(
        "--mine",
        action="store_true",
        help="only your own people (an officer: those you are responsible for)",
    )
    listing.set_defaults(handler=_list)
    show = actions.add_parser(
        "show", help="one person's profile (audited as a view of their record)"
    )
    show.add_argument("--person", required=True, metavar="PRISON_NUMBER")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_show)
    adding = actions.add_parser(
        "add",
        help="register people from a JSON file (one person or a list; all or none are saved)",
        description=(
            "Register the people in FILE: a JSON object or a list of them, keyed as "
            "'people list --json' prints people, plus date_of_birth, sex and establishment. "
            "Prints the new prison numbers. On any problem nothing is saved and the row and "
            "field are named."
        ),
    )
    adding.add_argument(
        "--json", required=True, metavar="FILE", help="the JSON file ('-' reads standard input)"
    )
    adding.add_argument(
        "--confirm-new",
        action="store_true",
        help="register people who may already be recorded (same PNC number, or same name and "
        "date of birth) as new; a prison number or CRN already recorded is still refused",
    )
    adding.set_defaults(handler=_add)


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    workspace = ctx.open_app()
    rows = []
    filters = CaseloadFilters(outcome_checks_due=args.outcome_checks_due, mine=args.mine)
    query = CaseloadQuery(
        search=args.search, sort=CaseloadColumn(args.sort), filters=filters, limit=PAGE
    )
    while True:
        page = workspace.run(list_caseload, query)
        rows.extend(page.rows)
        if page.next_cursor is None:
            break
        query = query.model_copy(update={"after": page.next_cursor})
    if args.json:
        payload = [
            {
                "prison_number": row.prison_number,
                "crn": row.crn,
                "name": row.name,
                "release_date": row.release_date.isoformat() if row.release_date else None,
                "officer": row.officer,
            }
            | (_check_fields(row) if args.outcome_checks_due else {})
            for row in rows
        ]
        json.dump(payload, ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
        return 0
    for line in _table(rows, args.outcome_checks_due):
        print(line, file=ctx.out)
    print(f"{len(rows):,} " + ("person" if len(rows) == 1 else "people"), file=ctx.err)
    return 0


#: The plain listing's column headings (user trial: the list had none).
HEADINGS = ("Prison number", "CRN", "Release date", "Name", "Officer")
#: With ``--outcome-checks-due``: the check due and its day.
CHECK_HEADINGS = ("Check due", "Due on")


def _check_fields(row: CaseloadRow) -> dict[str, str | None]:
    point = row.outcome_check_point
    due = row.outcome_check_due_on
    return {
        "outcome_check": point.value if point else None,
        "outcome_check_due_on": due.isoformat() if due else None,
    }


def _table(rows: list[CaseloadRow], with_checks: bool = False) -> list[str]:
    """The rows under their column headings, each column as wide as its widest cell (the last
    one not padded); ``with_checks``: the check due and its day first after the name."""
    headings = (*HEADINGS, *CHECK_HEADINGS) if with_checks else HEADINGS
    cells = []
    for row in rows:
        line = [
            row.prison_number,
            row.crn,
            row.release_date.isoformat() if row.release_date else "no release date",
            row.name,
            row.officer or "-",
        ]
        if with_checks:
            point = row.outcome_check_point
            due = row.outcome_check_due_on
            line += [point.label if point else "-", due.isoformat() if due else "-"]
        cells.append(tuple(line))
    table = [headings, *cells]
    widths = [max(len(line[column]) for line in table) for column in range(len(headings) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(line, widths, strict=False)), line[-1]]
        )
        for line in table
    ]


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.person_lines import profile_lines
    from resettle.services.people import find_person_id, get_person

    workspace = ctx.open_app()
    detail = workspace.run(get_person, workspace.run(find_person_id, args.person))
    shown = {
        **detail.profile.model_dump(mode="json"),
        "officer": detail.officer,
        "key_worker": detail.key_worker,
        "establishment": detail.establishment,
    }
    say_read_only(detail.read_only_because, ctx)
    if args.json:
        json.dump(shown, ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
        return 0
    for line in profile_lines(detail):
        print(line, file=ctx.out)
    return 0


#: ``people show`` on a database that cannot be written (``domain/read_only_opening.py``).
READ_ONLY_BANNER = {
    ReadOnlyBecause.DISK_FULL: (
        "READ ONLY: the disk that holds the database is full, so no change can be saved. "
        "This look at the record could not be written to the audit trail; it is noted in "
        "the log. Free some space (or tell your administrator)."
    ),
    ReadOnlyBecause.READ_ONLY: (
        "READ ONLY: the database can only be read, so no change can be saved. This look at "
        "the record could not be written to the audit trail; it is noted in the log. Ask "
        "your administrator to check the database's permissions."
    ),
}


def say_read_only(because: ReadOnlyBecause | None, ctx: CliContext) -> None:
    """The banner of a record shown read-only (nothing when it is not), on stderr so that
    ``--json`` output stays a JSON document."""
    if because is not None:
        print(f"resettle: {READ_ONLY_BANNER[because]}", file=ctx.err)


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.people_file import register_from_file

    return register_from_file(args.json, args.confirm_new, ctx)
