"""``resettle teams ...`` and ``resettle establishments ...`` (administrators): two top-level
commands, since each names its own kind of place by code."""

from __future__ import annotations

import argparse
import json
from typing import Any

from resettle.cli.commands import add_acting_user, add_command
from resettle.cli.context import CliContext
from resettle.cli.regions_cmd import add_set_region
from resettle.domain.errors import DomainError


class UnknownCode(DomainError):
    code = "place.unknown_code"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    teams = add_command(subparsers, "teams")
    actions = teams.add_subparsers(dest="teams_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="teams with their officer and people counts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list_teams)
    create = actions.add_parser("create", help="a new team")
    create.add_argument("code", help="2 to 16 capital letters, digits or hyphens")
    create.add_argument("name")
    create.set_defaults(handler=_create_team)
    rename = actions.add_parser("rename", help="a team's name (its code stays)")
    rename.add_argument("code")
    rename.add_argument("name")
    rename.set_defaults(handler=_rename_team)
    office = actions.add_parser(
        "office",
        help="a team's office phone and postal address (printed on the person's copy of a plan)",
    )
    office.add_argument("code")
    office.add_argument(
        "--phone", help="a UK number, e.g. '0113 496 0000' ('' clears it; left out: kept)"
    )
    office.add_argument(
        "--address", help="the postal address, its lines separated by '\\n' (left out: kept)"
    )
    office.set_defaults(handler=_set_team_office)
    for name, active in (("deactivate", False), ("activate", True)):
        command = actions.add_parser(
            name,
            help="no new officers join it (refused while people are allocated to it)"
            if not active
            else "make a deactivated team active again",
        )
        command.add_argument("code")
        command.set_defaults(handler=_set_team_active, active=active)
    add_set_region(actions, "team", "teams")
    for parser in actions.choices.values():
        add_acting_user(parser)

    establishments = add_command(subparsers, "establishments")
    actions = establishments.add_subparsers(
        dest="establishments_command", metavar="ACTION", required=True
    )
    listing = actions.add_parser("list", help="establishments with their prison staff counts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list_establishments)
    create = actions.add_parser("create", help="a new establishment")
    create.add_argument("code", help="2 to 16 capital letters, digits or hyphens, e.g. LEI")
    create.add_argument("name")
    create.set_defaults(handler=_create_establishment)
    rename = actions.add_parser("rename", help="an establishment's name (its code stays)")
    rename.add_argument("code")
    rename.add_argument("name")
    rename.set_defaults(handler=_rename_establishment)
    add_set_region(actions, "establishment", "establishments")
    for parser in actions.choices.values():
        add_acting_user(parser)


def _list_teams(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import list_teams

    rows = ctx.open_app().run(list_teams)
    if args.json:
        _json([row.model_dump() for row in rows], ctx)
        return 0
    for row in rows:
        state = "" if row.active else "\t(inactive)"
        print(
            f"{row.code}\t{row.name}\t{row.officers} officers\t{row.people} people{state}",
            file=ctx.out,
        )
    return 0


def _create_team(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import create_team

    team = ctx.open_app().run(create_team, args.code, args.name)
    print(f"Created team {team.code}: {team.name}", file=ctx.out)
    return 0


def _rename_team(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import rename_team

    workspace = ctx.open_app()
    team = workspace.run(rename_team, _team_id(workspace, args.code), args.name)
    print(f"{team.code}: {team.name}", file=ctx.out)
    return 0


def _set_team_office(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import set_team_office

    workspace = ctx.open_app()
    team = _team(workspace, args.code)
    office = {
        "office_phone": team.office_phone if args.phone is None else args.phone,
        "office_address": team.office_address
        if args.address is None
        else args.address.replace("\\n", "\n"),
    }
    team = workspace.run(set_team_office, team.id, office)
    address = ", ".join(team.office_address.splitlines()) or "no address"
    print(f"{team.code}: {team.office_phone or 'no phone'}; {address}", file=ctx.out)
    return 0


def _set_team_active(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import set_team_active

    workspace = ctx.open_app()
    team = workspace.run(set_team_active, _team_id(workspace, args.code), args.active)
    print(f"{team.code} is now {'active' if team.active else 'inactive'}.", file=ctx.out)
    return 0


def _list_establishments(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import list_establishments_admin

    rows = ctx.open_app().run(list_establishments_admin)
    if args.json:
        _json([row.model_dump() for row in rows], ctx)
        return 0
    for row in rows:
        print(f"{row.code}\t{row.name}\t{row.prison_staff} prison staff", file=ctx.out)
    return 0


def _create_establishment(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import create_establishment

    made = ctx.open_app().run(create_establishment, args.code, args.name)
    print(f"Created establishment {made.code}: {made.name}", file=ctx.out)
    return 0


def _rename_establishment(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.teams import list_establishments_admin, rename_establishment

    workspace = ctx.open_app()
    wanted = args.code.strip().upper()
    establishments = workspace.run(list_establishments_admin)
    found = [e.id for e in establishments if e.code == wanted]
    if not found:
        from resettle.services.known_codes import codes_listed

        raise UnknownCode(
            "Code: no such establishment" + codes_listed(e.code for e in establishments)
        )
    made = workspace.run(rename_establishment, found[0], args.name)
    print(f"{made.code}: {made.name}", file=ctx.out)
    return 0


def _team_id(workspace: Any, code: str) -> int:
    return int(_team(workspace, code).id)


def _team(workspace: Any, code: str) -> Any:
    """The team (``TeamSummary``) with the code, or UnknownCode listing the codes there are."""
    from resettle.services.known_codes import codes_listed
    from resettle.services.teams import list_teams

    wanted = code.strip().upper()
    teams = workspace.run(list_teams)
    for team in teams:
        if team.code == wanted:
            return team
    raise UnknownCode("Code: no such team" + codes_listed(t.code for t in teams))


def _json(payload: Any, ctx: CliContext) -> None:
    json.dump(payload, ctx.out, ensure_ascii=False, indent=2)
    ctx.out.write("\n")
