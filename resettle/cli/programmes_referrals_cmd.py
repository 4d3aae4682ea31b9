"""``resettle programmes refer|move|correct|place|history|referrals``: programme referrals.

    resettle programmes refer --person A1234BC --programme BC-MOD [--offering ID] [--notes ..]
                              [--draft]
    resettle programmes move --referral ID --to STATUS [--category C --reason R]
                             [--override-reason R] [--notes ..] [--revision N]
    resettle programmes correct --referral ID --notes ..  [--revision N]
    resettle programmes place --referral ID (--group ID|CODE | --withdraw) [--revision N]
    resettle programmes history --person A1234BC [--json]
    resettle programmes referrals [--establishment CODE] [--status S|open|all] [--json]

A move the signed-in account's roles may not make is refused (exit 2) naming the move and
the role; the roles come from the account, never from the command line. Without
``--revision`` a change acts on the referral as it stands when the command reads it.
Statuses, categories and reasons are printed in the workflow's words, as the screens show
them (``--json`` keeps the codes, for scripts); ``--status`` and ``--to`` take the codes
(``programmes statuses`` lists them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from resettle.cli.arg_types import integer, record_id
from resettle.cli.context import CliContext
from resettle.cli.programmes_setup_cmd import who_may
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.permissions import Permission
from resettle.domain.programme_group_places import PlaceEventKind, PlaceEventView

if TYPE_CHECKING:
    from resettle.domain.programme_referral_statuses import StatusDefinition
    from resettle.domain.programme_referrals import EstablishmentReferral


_REVISION_HELP = (
    "the referral's revision you read (see 'history'): a change made since is refused, not "
    "overwritten (default: the current one)"
)


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    refer = actions.add_parser("refer", help="refer a person to a programme")
    refer.add_argument(
        "--person", required=True, metavar="PRISON_NUMBER", help="the person's prison number"
    )
    refer.add_argument("--programme", required=True, metavar="CODE")
    refer.add_argument("--offering", type=record_id, metavar="ID")
    refer.add_argument("--notes", default="")
    refer.add_argument("--draft", action="store_true", help="keep it as a draft, not submitted")
    refer.set_defaults(handler=_refer, field_options=_REFER_OPTIONS)

    move = actions.add_parser("move", help="move a referral to another status")
    move.add_argument("--referral", required=True, type=record_id, metavar="ID")
    move.add_argument(
        "--to",
        required=True,
        metavar="STATUS",
        help="the status code to move to (the moves open to you: see 'history')",
    )
    move.add_argument("--category", help="the reason's category code (withdrawing, deselecting)")
    move.add_argument("--reason", help="the reason's code, of the category")
    move.add_argument(
        "--override-reason",
        metavar="REASON",
        help="why the programme's intensity differs from the person's pathway (a code)",
    )
    move.add_argument("--notes", default="")
    move.add_argument("--revision", type=integer, metavar="N", help=_REVISION_HELP)
    move.set_defaults(handler=_move, field_options=_MOVE_OPTIONS)

    correct = actions.add_parser(
        "correct",
        help="correct a referral's last move made by mistake (a withdrawal too: do not "
        "withdraw or refer again)",
    )
    correct.add_argument("--referral", required=True, type=record_id, metavar="ID")
    correct.add_argument("--notes", required=True)
    correct.add_argument("--revision", type=integer, metavar="N", help=_REVISION_HELP)
    correct.set_defaults(handler=_correct, field_options={"notes": "--notes"})

    place = actions.add_parser(
        "place",
        help="give or withdraw a referral's group place "
        + who_may(Permission.MANAGE_PROGRAMME_REFERRALS),
    )
    place.add_argument("--referral", required=True, type=record_id, metavar="ID")
    which = place.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--group",
        metavar="ID|CODE",
        help="the group's id or its code, e.g. BC-MOD-1 (see 'programmes list')",
    )
    which.add_argument("--withdraw", action="store_true")
    place.add_argument("--revision", type=integer, metavar="N", help=_REVISION_HELP)
    place.set_defaults(handler=_place, field_options={"group_id": "--group"})

    history = actions.add_parser(
        "history", help="a person's referrals, their history and the moves open to you"
    )
    history.add_argument(
        "--person", required=True, metavar="PRISON_NUMBER", help="the person's prison number"
    )
    history.add_argument("--json", action="store_true", help="print JSON")
    history.set_defaults(handler=_history)

    referrals = actions.add_parser("referrals", help="an establishment's referrals by status")
    referrals.add_argument(
        "--establishment",
        metavar="CODE",
        help="the establishment (default: the account's only one; an account with several "
        "must choose)",
    )
    referrals.add_argument(
        "--status",
        default=OPEN,
        metavar="STATUS",
        help="a status code (see 'programmes statuses'), 'open' (the default: neither draft "
        "nor closed) or 'all' (every referral)",
    )
    referrals.add_argument("--json", action="store_true", help="print JSON")
    referrals.set_defaults(handler=_referrals)


#: ``--status`` words besides a status code.
OPEN = "open"
ALL = "all"

_REFER_OPTIONS = {
    "programme_code": "--programme",
    "offering_id": "--offering",
    "notes": "--notes",
}
_MOVE_OPTIONS = {
    "to_status": "--to",
    "category": "--category",
    "reason": "--reason",
    "override_reason": "--override-reason",
    "notes": "--notes",
}


def _revision(workspace: Any, referral_id: int, given: int | None) -> int:
    from resettle.services.programme_referral_lists import read_referral

    return given if given is not None else workspace.run(read_referral, referral_id).revision


def _refer(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.people import find_person_id
    from resettle.services.programme_referral_lists import read_referral, referral_release_time
    from resettle.services.programme_referrals import refer_to_programme

    workspace = ctx.open_app()
    person_id = workspace.run(find_person_id, args.person)
    referral_id = workspace.run(
        refer_to_programme,
        person_id,
        {
            "programme_code": args.programme,
            "offering_id": args.offering,
            "notes": args.notes,
            "submit": not args.draft,
        },
    )
    view = workspace.run(read_referral, referral_id)
    print(
        f"Referral {view.id}: {view.programme_code} for {args.person}, {view.status_label}",
        file=ctx.out,
    )
    time_left = workspace.run(referral_release_time, referral_id)
    if time_left is not None and time_left.short:
        release = (
            f"release is {time_left.days_to_release} days after its group starts "
            f"({time_left.starts_on.isoformat()})"
            if time_left.from_group_start
            else f"release is in {time_left.days_to_release} days"
        )
        print(
            f"Warning: {view.programme_name} needs about {time_left.days_needed} days; "
            f"{release}. Referred all the same (for example to continue after release).",
            file=ctx.err,
        )
    return 0


def _move(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_referral_lists import read_referral
    from resettle.services.programme_referrals import move_referral

    workspace = ctx.open_app()
    words = _workflow_words(workspace)
    before = workspace.run(read_referral, args.referral)
    expected = args.revision if args.revision is not None else before.revision
    try:
        revision = workspace.run(
            move_referral,
            args.referral,
            expected,
            {
                "to_status": args.to,
                "category": args.category,
                "reason": args.reason,
                "override_reason": args.override_reason,
                "notes": args.notes,
            },
        )
    except ValidationFailed as refused:
        raise _with_override_codes(workspace, refused) from None
    print(
        f"Referral {args.referral}: {words(before.status)} -> {words(args.to)} "
        f"(revision {revision})",
        file=ctx.out,
    )
    return 0


def _with_override_codes(workspace: Any, refused: ValidationFailed) -> ValidationFailed:
    """The refusal, where it asks for a pathway override reason: a short list, one line per
    reason (the code ``--override-reason`` takes, then its words) under its category, in
    place of the service's one paragraph of labels."""
    from resettle.domain.programme_referral_statuses import ReasonGroup
    from resettle.domain.programme_referral_workflow import override_choices
    from resettle.services.programme_workflow import read_workflow

    if not any(p.code == "programme_referral.override_required" for p in refused.problems):
        return refused
    workflow = workspace.run(read_workflow)
    categories = workflow.categories_of(ReasonGroup.PATHWAY_OVERRIDE)
    width = max((len(r.code) for c in categories for r in c.reasons), default=0)
    lines = []
    for category in categories:
        lines.append(f"  {category.label}")
        lines.extend(f"    {r.code.ljust(width)}  {r.label}" for r in category.reasons)
    listed = "\n".join(lines)

    def short(message: str) -> str:
        said = message.removesuffix(f" ({override_choices(categories)})")
        return f"{said}; give its code:\n{listed}"

    return ValidationFailed(
        [
            FieldProblem(p.field, p.code, short(p.message))
            if p.code == "programme_referral.override_required"
            else p
            for p in refused.problems
        ]
    )


def _correct(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_referral_lists import read_referral
    from resettle.services.programme_referrals import correct_last_move

    workspace = ctx.open_app()
    expected = _revision(workspace, args.referral, args.revision)
    revision = workspace.run(correct_last_move, args.referral, expected, {"notes": args.notes})
    view = workspace.run(read_referral, args.referral)
    print(
        f"Referral {args.referral}: corrected, back to {view.status_label} (revision {revision})",
        file=ctx.out,
    )
    return 0


def _place(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.programmes_setup_cmd import find_group
    from resettle.services.programme_offerings import list_programme_offerings
    from resettle.services.programme_referral_places import (
        give_group_place,
        sessions_before_joining,
        withdraw_group_place,
    )

    workspace = ctx.open_app()
    if args.withdraw:
        expected = _revision(workspace, args.referral, args.revision)
        revision = workspace.run(withdraw_group_place, args.referral, expected)
        print(f"Referral {args.referral}: place withdrawn (revision {revision})", file=ctx.out)
        return 0
    # The group by its id or its code, as 'programmes sessions --group' finds it.
    group = find_group(workspace.run(list_programme_offerings, None), args.group)
    expected = _revision(workspace, args.referral, args.revision)
    revision = workspace.run(give_group_place, args.referral, expected, group.id)
    print(
        f"Referral {args.referral}: place in group {group.code} (revision {revision})",
        file=ctx.out,
    )
    held = workspace.run(sessions_before_joining, group.id, referral_id=args.referral)
    if held.sessions:
        print(f"Late joiner: {held.words()}.", file=ctx.out)
    if held.released_on is not None:
        print(f"Release: {held.release_words()}.", file=ctx.out)
    return 0


def _history(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.people_cmd import say_read_only
    from resettle.domain.seen_by import ViewPlace
    from resettle.services.people import find_person_id
    from resettle.services.programme_referral_lists import list_person_referrals

    workspace = ctx.open_app()
    person_id = workspace.run(find_person_id, args.person)
    views = workspace.run(list_person_referrals, person_id, opened_from=ViewPlace.COMMAND_LINE)
    say_read_only(workspace.read_only_because, ctx)
    words = _workflow_words(workspace)
    if args.json:
        json.dump([v.model_dump(mode="json") for v in views], ctx.out, ensure_ascii=False, indent=2)
        print(file=ctx.out)
        return 0
    if not views:
        print(f"No programme referrals for {args.person}.", file=ctx.out)
    for view in views:
        print(
            f"Referral {view.id}\t{view.programme_code}\t{view.status_label}\t"
            f"since {view.status_since:%Y-%m-%d %H:%M}\trevision {view.revision}",
            file=ctx.out,
        )
        for entry in view.timeline():
            if isinstance(entry, PlaceEventView):
                print(
                    f"  {entry.at:%Y-%m-%d %H:%M}\t{place_event_words(entry)}\t-\t"
                    f"{entry.by or '-'}\t",
                    file=ctx.out,
                )
                continue
            why = " / ".join(
                words(part)
                for part in (entry.category, entry.reason, entry.override_reason)
                if part is not None
            )
            corrects = f" (corrects {entry.corrects_id})" if entry.corrects_id else ""
            before = words(entry.from_status) if entry.from_status else "-"
            print(
                f"  {entry.moved_at:%Y-%m-%d %H:%M}\t{before} -> "
                f"{words(entry.to_status)}{corrects}\t{why or '-'}\t{entry.moved_by}\t"
                f"{entry.notes}",
                file=ctx.out,
            )
        if view.catch_ups_needed:
            modules = ", ".join(str(n) for n in sorted(set(view.catch_ups_needed)))
            print(
                f"  catch-ups needed: {len(view.catch_ups_needed)} (module"
                f"{'s' if ',' in modules else ''} {modules}), for the group sessions held "
                "before they joined",
                file=ctx.out,
            )
        moves = ", ".join(m.to_label for m in view.moves_open) or "none"
        print(f"  moves open to you: {moves}", file=ctx.out)
    return 0


#: How the history names each place change (``{group}``: the group's code).
PLACE_EVENT_WORDS = {
    PlaceEventKind.GIVEN: "Place given in group {group}",
    PlaceEventKind.WITHDRAWN: "Place withdrawn (group {group})",
    PlaceEventKind.ENDED_DESELECTED: "Place ended: deselected (group {group})",
    PlaceEventKind.ENDED_RELEASED: "Place ended: released (group {group})",
    PlaceEventKind.ENDED_COMPLETED: "Place ended: programme complete (group {group})",
    PlaceEventKind.ENDED_REFERRAL_CLOSED: "Place ended: referral closed (group {group})",
    PlaceEventKind.ENDED: "Place ended (group {group})",
    PlaceEventKind.HELD_AGAIN: "Place held again: move corrected (group {group})",
}


def place_event_words(event: PlaceEventView) -> str:
    return PLACE_EVENT_WORDS[event.kind].format(group=event.group_code)


def _workflow_words(workspace: Any) -> Callable[[str], str]:
    """The workflow's words for a status, category or reason code, as the screens show them
    (a code the workflow does not hold is printed as it is)."""
    from resettle.services.programme_workflow import read_workflow

    workflow = workspace.run(read_workflow)
    found = {status.code: status.label for status in workflow.statuses}
    for category in workflow.categories:
        found[category.code] = category.label
        found |= {reason.code: reason.label for reason in category.reasons}
    return lambda code: found.get(code, code)


def _establishment(workspace: Any, given: str | None) -> str:
    """The establishment asked for, or the account's only one (an account with several, or
    none, is told which codes it may use)."""
    from resettle.services.programme_delivery import delivery_places

    if given is not None:
        return given
    places = workspace.run(delivery_places)
    if len(places) == 1:
        return str(places[0].code)
    if not places:
        raise ValidationFailed.single(
            "establishment",
            "required",
            "--establishment: this account works in no establishment; give one's code",
        )
    codes = ", ".join(place.code for place in places)
    raise ValidationFailed.single(
        "establishment",
        "choose",
        f"--establishment: this account has several establishments; choose one of {codes}",
    )


def _referrals(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.domain import clock
    from resettle.services.programme_referral_lists import list_establishment_referrals
    from resettle.services.programme_workflow import read_workflow

    workspace = ctx.open_app()
    code = _establishment(workspace, args.establishment)
    wanted = None if args.status in (OPEN, ALL) else args.status
    listed = workspace.run(list_establishment_referrals, code, wanted)
    workflow = workspace.run(read_workflow)
    statuses = {status.code: status for status in workflow.statuses}
    rows = [
        row
        for row in listed.rows
        if args.status != OPEN or (statuses[row.status].open if row.status in statuses else True)
    ]
    today = clock.today()
    if args.json:
        json.dump(
            {
                "establishment": listed.establishment_code,
                "status": listed.status,
                "shown": args.status,
                "counts": listed.counts,
                "referrals": [
                    {
                        **row.model_dump(mode="json"),
                        "status_label": _label(statuses, row.status),
                        "days_waiting": days_waiting(row, statuses, today),
                    }
                    for row in rows
                ],
            },
            ctx.out,
            ensure_ascii=False,
            indent=2,
        )
        print(file=ctx.out)
        return 0
    order = {code: status.display_order for code, status in statuses.items()}
    counted_codes = sorted(listed.counts, key=lambda c: (order.get(c, len(order)), c))
    counts = ", ".join(f"{_label(statuses, c)} {listed.counts[c]}" for c in counted_codes) or "none"
    print(f"{listed.establishment_code}: {counts}", file=ctx.out)
    if not rows:
        print("No programme referrals match.", file=ctx.out)
        return 0
    for line in _referrals_table(rows, statuses, today):
        print(line, file=ctx.out)
    return 0


def _label(statuses: Mapping[str, StatusDefinition], code: str) -> str:
    found = statuses.get(code)
    return found.label if found is not None else code


def days_waiting(
    row: EstablishmentReferral, statuses: Mapping[str, StatusDefinition], today: dt.date
) -> int | None:
    """Whole days since the referral was made, while it is open without a group place (as
    the Referrals tab counts them)."""
    found = statuses.get(row.status)
    return row.days_waiting(found is None or found.open, today)


#: The referrals listing's column headings (user trial: the rows had none, and no names).
REFERRAL_HEADINGS = (
    "Referral",
    "Prison number",
    "Name",
    "Programme",
    "Status",
    "Since",
    "Days waiting",
    "Group",
)


def _referrals_table(
    rows: Sequence[EstablishmentReferral],
    statuses: Mapping[str, StatusDefinition],
    today: dt.date,
) -> list[str]:
    """The referrals under their column headings, each column as wide as its widest cell
    (the last one not padded), as ``resettle people list`` prints its table."""
    cells = [
        (
            str(row.id),
            row.prison_number or "-",
            row.name,
            row.programme_name or row.programme_code,
            _label(statuses, row.status),
            f"{row.status_since:%Y-%m-%d}",
            _days_text(days_waiting(row, statuses, today)),
            row.group_code or "-",
        )
        for row in rows
    ]
    table = [REFERRAL_HEADINGS, *cells]
    widths = [max(len(line[c]) for line in table) for c in range(len(REFERRAL_HEADINGS) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(line, widths, strict=False)), line[-1]])
        for line in table
    ]


def _days_text(days: int | None) -> str:
    return "-" if days is None else str(days)
