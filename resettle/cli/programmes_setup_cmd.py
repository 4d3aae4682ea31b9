"""``resettle programmes`` sub-commands that set up delivery and edit the catalogue:
``offer``, ``add-group`` (managers), ``sessions --generate``, ``reschedule`` (the programme team
and managers) and ``retire``, ``restore``, ``add``, ``change`` (managers and administrators).
Each help text names the roles from the permission table (:func:`who_may`), never by hand.
``programmes_cmd.py`` calls :func:`register` with its sub-command parsers."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from resettle.cli.arg_types import integer, record_id
from resettle.cli.commands import iso_day
from resettle.cli.context import CliContext
from resettle.domain.errors import ValidationFailed
from resettle.domain.input_files import InputRefused, read_json_file
from resettle.domain.permissions import ROLE_PERMISSIONS, Permission
from resettle.domain.plural import counted
from resettle.domain.programmes.offerings import GroupView, OfferingView
from resettle.domain.programmes.sessions import SESSION_ZONE, SessionState, SessionView
from resettle.domain.staff import ROLE_PRECEDENCE

if TYPE_CHECKING:
    from resettle.services.programme_offerings import ProgrammesListing

_SLOT = re.compile(r"^(?P<day>[a-z]+)@(?P<time>\d{1,2}:\d{2})/(?P<minutes>\d{1,3})$")


def weekly_slot(text: str) -> dict[str, Any]:
    """An argument type: ``monday@09:30/150`` (day, start time, length in minutes)."""
    found = _SLOT.fullmatch(text.strip().lower())
    if found is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a slot like monday@09:30/150")
    return {
        "weekday": found["day"],
        "starts_at": found["time"].zfill(5),
        "minutes": int(found["minutes"]),
    }


def local_time(text: str) -> dt.datetime:
    """An argument type: ``2027-01-05T10:00``, wall-clock time in England and Wales."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time like 2027-01-05T10:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=SESSION_ZONE)


def who_may(permission: Permission) -> str:
    """The roles holding ``permission`` in the permission table, for a help text:
    "(Programme team, Manager)"."""
    roles = [role for role in ROLE_PRECEDENCE if permission in ROLE_PERMISSIONS.get(role, ())]
    return "(" + ", ".join(role.label for role in roles) + ")"


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    offerings = who_may(Permission.MANAGE_PROGRAMME_OFFERINGS)
    sessions_run = who_may(Permission.RUN_PROGRAMME_SESSIONS)
    catalogue = who_may(Permission.MANAGE_PROGRAMME_CATALOGUE)
    offer = actions.add_parser("offer", help=f"offer a programme at a place {offerings}")
    offer.add_argument("--programme", required=True, metavar="CODE")
    place = offer.add_mutually_exclusive_group(required=True)
    place.add_argument("--establishment", metavar="CODE")
    place.add_argument("--team", metavar="CODE")
    offer.add_argument("--contact", default="")
    offer.set_defaults(handler=_offer)

    group = actions.add_parser("add-group", help=f"add a group to an offering {offerings}")
    group.add_argument("--offering", required=True, type=record_id, metavar="ID")
    group.add_argument("--code", required=True)
    group.add_argument("--capacity", required=True, type=integer)
    group.add_argument("--starts", required=True, type=iso_day, metavar="DATE")
    group.add_argument("--ends", required=True, type=iso_day, metavar="DATE")
    group.add_argument(
        "--slot",
        action="append",
        default=[],
        type=weekly_slot,
        metavar="DAY@HH:MM/MINUTES",
        help="a weekly slot, e.g. monday@09:30/150 (repeat for more days)",
    )
    group.set_defaults(handler=_add_group)

    sessions = actions.add_parser("sessions", help="a group's sessions")
    sessions.add_argument(
        "--group",
        required=True,
        metavar="ID|CODE",
        help="the group's id or its code, e.g. BC-HIGH-1 (see 'programmes list')",
    )
    sessions.add_argument(
        "--generate",
        action="store_true",
        help=f"generate them from the schedule first {sessions_run}",
    )
    sessions.add_argument("--json", action="store_true", help="print JSON")
    sessions.set_defaults(handler=_sessions)

    reschedule = actions.add_parser(
        "reschedule",
        help=f"move a session (the old one is kept) or add a catch-up {sessions_run}",
    )
    reschedule.add_argument(
        "--session",
        required=True,
        type=record_id,
        metavar="ID",
        help="the session's id (see 'sessions')",
    )
    reschedule.add_argument(
        "--to",
        required=True,
        type=local_time,
        metavar="YYYY-MM-DDTHH:MM",
        help="the new start, wall-clock time in England and Wales",
    )
    reschedule.add_argument("--catch-up", action="store_true", help="add a catch-up instead")
    reschedule.set_defaults(handler=_reschedule)

    for name, active in (("retire", False), ("restore", True)):
        command = actions.add_parser(
            name, help=f"{name} a programme (it is never deleted) {catalogue}"
        )
        command.add_argument("code")
        command.set_defaults(handler=_set_active, active=active)
    add = actions.add_parser("add", help=f"add a programme from a JSON file {catalogue}")
    add.add_argument("--file", required=True, type=Path)
    add.set_defaults(handler=_add)
    change = actions.add_parser("change", help=f"change a programme from a JSON file {catalogue}")
    change.add_argument("code")
    change.add_argument("--file", required=True, type=Path)
    change.set_defaults(handler=_change)


def _offer(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.case_access import managed_teams
    from resettle.services.known_codes import codes_listed
    from resettle.services.programme_offerings import create_offering
    from resettle.services.staff import list_establishments

    workspace = ctx.open_app()
    data: dict[str, Any] = {"programme_code": args.programme, "contact": args.contact}
    if args.establishment is not None:
        establishments = workspace.run(list_establishments)
        found = [e for e in establishments if e.code == args.establishment]
        if not found:
            raise ValidationFailed.single(
                "establishment",
                "unknown",
                f"Establishment: {args.establishment!r} is not a known establishment"
                + codes_listed(e.code for e in establishments),
            )
        data["establishment_id"] = found[0].id
    else:
        teams = [t for t in workspace.run(managed_teams) if t.code == args.team]
        if not teams:
            raise ValidationFailed.single(
                "team", "not_managed", f"Probation team: you manage no team {args.team!r}"
            )
        data["team_id"] = teams[0].id
    offering = workspace.run(create_offering, data)
    place = offering.establishment_code or offering.team_code
    print(f"Offering {offering.id}: {offering.programme_code} at {place}", file=ctx.out)
    return 0


def _add_group(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_offerings import create_group

    workspace = ctx.open_app()
    group = workspace.run(
        create_group,
        {
            "offering_id": args.offering,
            "code": args.code,
            "capacity": args.capacity,
            "starts_on": args.starts,
            "ends_on": args.ends,
            "schedule": args.slot,
        },
    )
    print(f"Group {group.id}: {group.code}, {group.starts_on} to {group.ends_on}", file=ctx.out)
    return 0


def _session_json(session: SessionView) -> dict[str, Any]:
    return {
        **session.model_dump(mode="json", exclude={"starts_at", "ends_at"}),
        "starts_at": session.starts_at.astimezone(SESSION_ZONE).isoformat(),
        "ends_at": session.ends_at.astimezone(SESSION_ZONE).isoformat(),
    }


def find_group(listing: ProgrammesListing, given: str) -> GroupView:
    """The group named by its id or its code among those the account sees (a code used at
    several establishments is refused, naming each of them)."""
    text = given.strip()
    if text.isdigit():
        found = [group for group in listing.groups if group.id == int(text)]
    else:
        found = [group for group in listing.groups if group.code.casefold() == text.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationFailed.single(
            "group",
            "unknown",
            f"--group: no group {text!r} that you see; 'programmes list' shows the groups",
        )
    places = {offering.id: _offering_place(offering) for offering in listing.offerings}
    which = ", ".join(f"{group.id} at {places.get(group.offering_id, '?')}" for group in found)
    raise ValidationFailed.single(
        "group",
        "ambiguous",
        f"--group: {text!r} is the code of several groups; give the id of one: {which}",
    )


def _offering_place(offering: OfferingView) -> str:
    return offering.establishment_code or offering.team_code or "?"


#: What became of a session (``SessionView.state``), as the Groups and sessions tab says it.
SESSION_STATE_WORDS = {
    SessionState.REPLACED: "Replaced (not run)",
    SessionState.HELD: "Held (register taken)",
    SessionState.CATCH_UP_HELD: "Catch-up held (register taken)",
    SessionState.CATCH_UP: "Catch-up",
    SessionState.RESCHEDULED: "Rescheduled",
    SessionState.PLANNED: "Planned",
    SessionState.REGISTER_NOT_TAKEN: "Over: register not taken",
}


def session_state(session: SessionView) -> str:
    words = SESSION_STATE_WORDS[session.state]
    if session.state is SessionState.RESCHEDULED:
        return f"{words} (replaces {session.replaces_session_id})"
    return words


#: The sessions listing's column headings.
SESSION_HEADINGS = ("Session", "Date", "Time", "Type", "Module and session", "Status")


def _sessions_table(sessions: Sequence[SessionView]) -> list[str]:
    cells = []
    for session in sessions:
        starts = session.starts_at.astimezone(SESSION_ZONE)
        ends = session.ends_at.astimezone(SESSION_ZONE)
        cells.append(
            (
                str(session.id),
                f"{starts:%a %Y-%m-%d}",
                f"{starts:%H:%M}-{ends:%H:%M}",
                "One-to-one" if session.session_type.value == "one_to_one" else "Group",
                f"Module {session.module_number}, session {session.session_number}: {session.name}",
                session_state(session),
            )
        )
    table = [SESSION_HEADINGS, *cells]
    widths = [max(len(line[c]) for line in table) for c in range(len(SESSION_HEADINGS) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(line, widths, strict=False)), line[-1]])
        for line in table
    ]


def _sessions(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_offerings import list_programme_offerings
    from resettle.services.programme_sessions import generate_group_sessions, list_group_sessions

    workspace = ctx.open_app()
    listing = workspace.run(list_programme_offerings, None)
    group = find_group(listing, args.group)
    if args.generate:
        generated = workspace.run(generate_group_sessions, group.id)
        if generated.skipped_days:
            days = ", ".join(day.isoformat() for day in generated.skipped_days)
            print(f"Left out (bank holidays): {days}", file=ctx.err)
    sessions = workspace.run(list_group_sessions, group.id)
    if args.json:
        json.dump([_session_json(s) for s in sessions], ctx.out, ensure_ascii=False, indent=2)
        print(file=ctx.out)
        return 0
    offering = next((o for o in listing.offerings if o.id == group.offering_id), None)
    programme_code = offering.programme_code if offering is not None else "?"
    programme = next((p for p in listing.catalogue.programmes if p.code == programme_code), None)
    place = _offering_place(offering) if offering is not None else "?"
    print(
        f"Group {group.code} (id {group.id}): "
        f"{programme.name if programme is not None else programme_code} at {place}, "
        f"{counted(len(sessions), 'session')}",
        file=ctx.out,
    )
    if not sessions:
        print("No sessions yet; --generate makes them from the schedule.", file=ctx.out)
        return 0
    for line in _sessions_table(sessions):
        print(line, file=ctx.out)
    return 0


def _reschedule(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_sessions import add_catch_up_session, reschedule_session

    workspace = ctx.open_app()
    use_case = add_catch_up_session if args.catch_up else reschedule_session
    session = workspace.run(use_case, args.session, args.to)
    starts = session.starts_at.astimezone(SESSION_ZONE)
    what = "Catch-up" if args.catch_up else "Rescheduled as"
    print(f"{what} session {session.id} at {starts:%Y-%m-%d %H:%M}", file=ctx.out)
    return 0


def _set_active(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_catalogue import set_programme_active

    workspace = ctx.open_app()
    programme = workspace.run(set_programme_active, args.code, args.active)
    print(f"{programme.code} is now {'offered' if programme.active else 'retired'}.", file=ctx.out)
    return 0


def _read_programme(path: Path) -> dict[str, Any]:
    try:
        raw = read_json_file(path, label=f"File: {path.name}")
    except InputRefused as refused:
        raise ValidationFailed.single("file", refused.kind, str(refused)) from None
    if not isinstance(raw, dict):
        raise ValidationFailed.single("file", "not_object", "File: must hold one JSON object")
    return raw


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_catalogue import add_programme

    workspace = ctx.open_app()
    programme = workspace.run(add_programme, _read_programme(args.file))
    print(f"Added {programme.code}: {programme.name}", file=ctx.out)
    return 0


def _change(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.programme_catalogue import change_programme

    workspace = ctx.open_app()
    programme = workspace.run(change_programme, args.code, _read_programme(args.file))
    print(f"{programme.code}: {programme.name}", file=ctx.out)
    return 0
