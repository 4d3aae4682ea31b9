"""``resettle outcomes list|record``: outcome checks after release from a terminal.

    resettle outcomes list --person A1234BC [--json]
    resettle outcomes record --person A1234BC --point first_night --checked-on 2026-10-15
                             [--accommodation C] [--employment C] [--treatment C]
                             [--treatment-started-on D] [--note T] [--corrects ID]

``list`` prints each point asked of the person (the treatment start only with a drugs or
alcohol treatment need) with its due date, status and current answers in words, then every
check of the point (corrected ones and earlier releases' included); ``--json`` keeps the codes.
``record`` adds a check; ``--corrects ID`` puts the point's current check right with a new
one (the earlier stays on record). A refusal names the option to fix, one line each.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from resettle.cli.arg_types import record_id
from resettle.cli.commands import add_command, iso_day
from resettle.cli.context import CliContext
from resettle.domain.outcome_checks import Accommodation, CheckPoint, Employment, TreatmentStart
from resettle.domain.seen_by import ViewPlace

if TYPE_CHECKING:
    from resettle.domain.outcome_check_views import OutcomeChecksView

FIELD_OPTIONS = {
    "point": "--point",
    "checked_on": "--checked-on",
    "accommodation": "--accommodation",
    "employment": "--employment",
    "treatment": "--treatment",
    "treatment_started_on": "--treatment-started-on",
    "note": "--note",
    "supersedes_id": "--corrects",
}


def _codes(enum: Any) -> str:
    return ", ".join(member.value for member in enum)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    outcomes = add_command(subparsers, "outcomes")
    actions = outcomes.add_subparsers(dest="outcomes_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="a person's outcome checks, due and recorded")
    listing.add_argument(
        "--person", required=True, metavar="PRISON_NUMBER", help="the person's prison number"
    )
    listing.add_argument("--json", action="store_true", help="print JSON (codes, not words)")
    listing.set_defaults(handler=_list)

    record = actions.add_parser(
        "record", help="record an outcome check, or correct the current one (--corrects)"
    )
    record.add_argument(
        "--person", required=True, metavar="PRISON_NUMBER", help="the person's prison number"
    )
    record.add_argument("--point", required=True, metavar="POINT", help=_codes(CheckPoint))
    record.add_argument(
        "--checked-on", required=True, type=iso_day, metavar="DATE", help="when you found out"
    )
    record.add_argument("--accommodation", metavar="CODE", help=_codes(Accommodation))
    record.add_argument("--employment", metavar="CODE", help=_codes(Employment))
    record.add_argument("--treatment", metavar="CODE", help=_codes(TreatmentStart))
    record.add_argument("--treatment-started-on", type=iso_day, metavar="DATE")
    record.add_argument("--note", default="")
    record.add_argument(
        "--corrects", type=record_id, metavar="ID", help="the id of the current check this corrects"
    )
    record.set_defaults(handler=_record, field_options=FIELD_OPTIONS)


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.people_cmd import say_read_only
    from resettle.services.outcome_checks import outcome_checks
    from resettle.services.people import find_person_id

    workspace = ctx.open_app()
    person_id = workspace.run(find_person_id, args.person)
    view = workspace.run(outcome_checks, person_id, opened_from=ViewPlace.COMMAND_LINE)
    say_read_only(workspace.read_only_because, ctx)
    if args.json:
        json.dump(view.model_dump(mode="json"), ctx.out, ensure_ascii=False, indent=2)
        print(file=ctx.out)
        return 0
    _print_view(args.person, view, ctx)
    return 0


def _print_view(prison_number: str, view: OutcomeChecksView, ctx: CliContext) -> None:
    from resettle.domain.outcome_check_views import answers_in_words

    if view.release_date is None:
        print(f"No release date for {prison_number}: no outcome checks yet.", file=ctx.out)
        return
    when = "released" if view.released else "to be released"
    print(f"Outcome checks for {prison_number}, {when} {view.release_date}", file=ctx.out)
    if not view.released:
        print(
            f"Checks start after release: the first is due {view.points[0].due_on}.", file=ctx.out
        )
    print("Check\tDue\tStatus\tAnswers\tChecked on\tRecorded by\tId", file=ctx.out)
    for point in view.points:
        check = point.current
        cells = [point.point.label, str(point.due_on), point.status.label]
        if check is None:
            cells += ["-", "-", "-", "-"]
        else:
            cells += [
                answers_in_words(check),
                str(check.checked_on),
                check.recorded_by,
                str(check.id),
            ]
        print("\t".join(cells), file=ctx.out)
        for entry in point.history:
            if check is not None and entry.check.id == check.id:
                continue
            why = (
                f"corrected by {entry.superseded_by}"
                if entry.superseded
                else f"for the release on {entry.check.release_date}"
            )
            print(
                f"  earlier\t{answers_in_words(entry.check)}\t{entry.check.checked_on}\t"
                f"{entry.check.recorded_by}\t{entry.check.id}\t({why})",
                file=ctx.out,
            )


def _record(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.domain.outcome_check_views import answers_in_words
    from resettle.services.outcome_checks import record_outcome_check
    from resettle.services.people import find_person_id

    data: dict[str, Any] = {"point": args.point, "checked_on": args.checked_on, "note": args.note}
    for field in ("accommodation", "employment", "treatment", "treatment_started_on"):
        value = getattr(args, field)
        if value is not None:
            data[field] = value
    workspace = ctx.open_app()
    person_id = workspace.run(find_person_id, args.person)
    check = workspace.run(record_outcome_check, person_id, data, args.corrects)
    done = "Corrected" if args.corrects is not None else "Recorded"
    print(
        f"{done} check {check.id}: {check.point.label} for {args.person}, "
        f"{answers_in_words(check)}",
        file=ctx.out,
    )
    return 0
