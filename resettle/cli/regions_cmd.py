"""``resettle regions ...`` (administrators): the regions (probation regions, prison groups)
that hold teams and establishments; a manager given a region (``resettle accounts places
USER --managed-regions CODE``) reaches the people of every team and prison in it. Also
``resettle teams set-region`` and ``resettle establishments set-region``, which put a team or
an establishment in a region, or in none (``--none``)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from resettle.cli.commands import add_acting_user, add_command
from resettle.cli.context import CliContext
from resettle.domain.errors import DomainError, ValidationFailed


class UnknownCode(DomainError):
    code = "place.unknown_code"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    regions = add_command(
        subparsers,
        "regions",
        epilog=(
            "Put a team or a prison in a region with 'resettle teams set-region CODE REGION' "
            "and 'resettle establishments set-region CODE REGION' (--none: in no region); "
            "give a manager regions with 'resettle accounts set-teams USERNAME "
            "--managed-regions CODES', "
            "or in Administration > Accounts > Roles and places. A manager of a region reaches "
            "the people of every team and prison in it while it is active."
        ),
    )
    actions = regions.add_subparsers(dest="regions_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="regions with their teams, prisons and managers")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)
    add = actions.add_parser("add", help="a new region")
    add.add_argument("code", help="2 to 16 capital letters, digits or hyphens, e.g. NW")
    add.add_argument("name", help='e.g. "North West"')
    add.set_defaults(handler=_add)
    rename = actions.add_parser("rename", help="a region's name (its code stays)")
    rename.add_argument("code")
    rename.add_argument("name")
    rename.set_defaults(handler=_rename)
    for name, active in (("deactivate", False), ("activate", True)):
        command = actions.add_parser(
            name,
            help="no team or prison is put in it (refused while it holds any)"
            if not active
            else "make a deactivated region active again",
        )
        command.add_argument("code")
        command.set_defaults(handler=_set_active, active=active)
    for parser in actions.choices.values():
        add_acting_user(parser)


def add_set_region(actions: Any, what: str, plural: str) -> None:
    """``set-region CODE (REGION | --none)`` under ``resettle teams`` or ``establishments``."""
    command = actions.add_parser(
        "set-region", help=f"put a {what} in a region, or in none (its managers reach it)"
    )
    command.add_argument("code", help=f"the {what}'s code")
    command.add_argument("region", nargs="?", help="the region's code")
    command.add_argument("--none", action="store_true", help="in no region")
    command.set_defaults(handler=_set_region, place=what, places=plural)


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.regions import list_regions

    rows = ctx.open_app().run(list_regions)
    if args.json:
        json.dump([row.model_dump() for row in rows], ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
        return 0
    if not rows:
        print("No regions yet: add one with resettle regions add CODE NAME.", file=ctx.out)
    for row in rows:
        state = "" if row.active else "\t(inactive)"
        print(
            f"{row.code}\t{row.name}\tteams {','.join(row.team_codes) or '-'}"
            f"\testablishments {','.join(row.establishment_codes) or '-'}"
            f"\t{row.managers} manager{'' if row.managers == 1 else 's'}{state}",
            file=ctx.out,
        )
    return 0


def _add(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.regions import create_region

    made = ctx.open_app().run(create_region, args.code, args.name)
    print(f"Created region {made.code}: {made.name}", file=ctx.out)
    return 0


def _rename(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.regions import rename_region

    workspace = ctx.open_app()
    made = workspace.run(rename_region, _region_id(workspace, args.code), args.name)
    print(f"{made.code}: {made.name}", file=ctx.out)
    return 0


def _set_active(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.regions import set_region_active

    workspace = ctx.open_app()
    made = workspace.run(set_region_active, _region_id(workspace, args.code), args.active)
    print(f"{made.code} is now {'active' if made.active else 'inactive'}.", file=ctx.out)
    return 0


def _set_region(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services import regions as service
    from resettle.services import teams

    if args.none == (args.region is not None):
        raise ValidationFailed.single(
            "region", "region.choose_one", "Region: give a region's code or --none (not both)"
        )
    workspace = ctx.open_app()
    region_id = None if args.none else _region_id(workspace, args.region)
    wanted = args.code.strip().upper()
    if args.place == "team":
        listed = workspace.run(teams.list_teams)
        use_case: Any = service.set_team_region
    else:
        listed = workspace.run(teams.list_establishments_admin)
        use_case = service.set_establishment_region
    found = [row.id for row in listed if row.code == wanted]
    if not found:
        from resettle.services.known_codes import codes_listed

        raise UnknownCode(
            f"Code: no such {args.place} {wanted}" + codes_listed(row.code for row in listed)
        )
    region = workspace.run(use_case, found[0], region_id)
    where = f"region {region.code} ({region.name})" if region is not None else "no region"
    print(f"{wanted} is in {where}.", file=ctx.out)
    return 0


def _region_id(workspace: Any, code: str) -> int:
    from resettle.domain.accounts import checked_code
    from resettle.services.known_codes import codes_listed
    from resettle.services.regions import list_regions

    wanted = checked_code(code, "region")
    regions = workspace.run(list_regions)
    for region in regions:
        if region.code == wanted:
            return int(region.id)
    raise UnknownCode(
        f"Region: no region has the code {wanted}" + codes_listed(r.code for r in regions)
    )
