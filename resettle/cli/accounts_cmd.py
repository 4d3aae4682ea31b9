"""``resettle accounts ...``: staff accounts from a terminal.

``create-admin`` makes the first administrator of a new database (nobody signs in: there is
nobody yet). Every other action acts as ``--user`` (or ``RESETTLE_USER``), whose password is
asked for or read from ``RESETTLE_PASSWORD``; a password being set (a new account's
temporary one, a reset, a change) is typed twice or read from ``RESETTLE_NEW_PASSWORD``.
Accounts are named by user name, teams, establishments and regions by code.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from resettle.cli.commands import add_acting_user, add_command
from resettle.cli.context import CliContext
from resettle.cli.field_options import name_options
from resettle.cli.workspace_opener import PASSWORD_ENV, read_new_password
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.staff import Role

ROLES = tuple(role.value for role in Role)
#: CLI option -> the place kind ``set_places`` takes.
PLACE_OPTIONS = {
    "teams": "team_ids",
    "establishments": "establishment_ids",
    "managed_teams": "managed_team_ids",
    "managed_establishments": "managed_establishment_ids",
    "managed_regions": "managed_region_ids",
}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    accounts = add_command(subparsers, "accounts")
    actions = accounts.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    first = actions.add_parser(
        "create-admin",
        help="the first administrator of a new database (the password is typed twice, or "
        f"read from {PASSWORD_ENV})",
    )
    add_acting_user(first)
    first.add_argument("--name", default="", help="full name (default: the user name)")
    first.set_defaults(handler=_create_admin)

    listing = actions.add_parser("list", help="every account: roles, places, state")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help="one account")
    show.add_argument("username")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=_show)

    create = actions.add_parser(
        "create",
        help="a new account with a temporary password (typed twice, or read from "
        "RESETTLE_NEW_PASSWORD) that it must change at its first sign-in",
    )
    create.add_argument("username", help="e.g. jo.bloggs")
    create.add_argument("--name", required=True, help="full name")
    create.add_argument("--role", action="append", choices=ROLES, required=True, dest="roles")
    create.add_argument("--email", default="")
    create.add_argument("--phone", default="")
    _place_options(create)
    create.set_defaults(handler=_create)
    name_options(
        create, username="USERNAME", display_name="--name", email="--email", phone="--phone"
    )

    roles = actions.add_parser("set-roles", help="replace an account's roles (one or more)")
    roles.add_argument("username")
    roles.add_argument("roles", nargs="+", choices=ROLES, metavar="ROLE")
    roles.set_defaults(handler=_set_roles)

    places = actions.add_parser(
        "set-teams",
        help="set where an account works: each option given replaces that list (an empty "
        "value empties it); the others stay as they are",
    )
    places.add_argument("username")
    _place_options(places)
    places.set_defaults(handler=_set_places)

    for name, use_case, help_text in (
        ("disable", "disable_account", "the account can no longer sign in or act"),
        ("enable", "enable_account", "a disabled account can sign in again"),
        ("unlock", "unlock_account", "lift a lock after wrong passwords"),
    ):
        command = actions.add_parser(name, help=help_text)
        command.add_argument("username")
        command.set_defaults(handler=_state, use_case=use_case)

    reset = actions.add_parser(
        "reset-password",
        help="a temporary password (typed twice, or RESETTLE_NEW_PASSWORD) the account must "
        "change at its next sign-in",
    )
    reset.add_argument("username")
    reset.set_defaults(handler=_reset_password)

    change = actions.add_parser(
        "change-password",
        help="change your own password (the new one typed twice, or RESETTLE_NEW_PASSWORD)",
    )
    change.set_defaults(handler=_change_password)
    for parser in actions.choices.values():
        if parser is not first:
            add_acting_user(parser)


def _place_options(parser: argparse.ArgumentParser) -> None:
    for option, what in (
        ("teams", "team codes an officer works in"),
        ("establishments", "establishment codes prison staff work in"),
        ("managed-teams", "team codes a manager manages"),
        ("managed-establishments", "establishment codes a manager manages"),
        ("managed-regions", "region codes a manager manages (every team and prison in them)"),
    ):
        parser.add_argument(f"--{option}", metavar="CODE,CODE", help=f"comma-separated {what}")
    name_options(parser, **{option: f"--{option.replace('_', '-')}" for option in PLACE_OPTIONS})


def _create_admin(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.workspace_opener import NoAccountNamed
    from resettle.services.authentication import create_first_admin
    from resettle.services.before_sign_in import run_before_sign_in

    if not ctx.username:
        raise NoAccountNamed()
    database = ctx.open_database()
    password = read_new_password("Password", PASSWORD_ENV)
    actor = run_before_sign_in(
        database, create_first_admin, ctx.username, args.name or ctx.username, password
    )
    print(
        f"Created the administrator {actor.username}. Sign in with --user {actor.username}.",
        file=ctx.out,
    )
    return 0


def _list(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.accounts import list_accounts

    rows = ctx.open_app().run(list_accounts)
    if args.json:
        _json([_account_json(row) for row in rows], ctx)
        return 0
    for row in rows:
        print(
            "\t".join(
                [
                    row.username,
                    row.display_name,
                    ",".join(sorted(row.roles)),
                    _places_text(row),
                    _state_text(row),
                ]
            ),
            file=ctx.out,
        )
    print(f"{len(rows):,} account" + ("" if len(rows) == 1 else "s"), file=ctx.err)
    return 0


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.accounts import account_detail

    workspace = ctx.open_app()
    detail = workspace.run(account_detail, _account_id(workspace, args.username))
    if args.json:
        _json(_account_json(detail), ctx)
        return 0
    for label, value in (
        ("User name", detail.username),
        ("Full name", detail.display_name),
        ("Email", detail.email or "-"),
        ("Phone", detail.phone or "-"),
        ("Roles", ", ".join(sorted(detail.roles))),
        ("Places", _places_text(detail) or "-"),
        ("State", _state_text(detail)),
    ):
        print(f"{label}: {value}", file=ctx.out)
    return 0


def _create(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.accounts import create_account

    workspace = ctx.open_app()
    data: dict[str, Any] = {
        "username": args.username,
        "display_name": args.name,
        "email": args.email,
        "phone": args.phone,
        "roles": sorted(set(args.roles)),
        **_given_places(workspace, args),
        "temporary_password": read_new_password("Temporary password"),
    }
    made = workspace.run(create_account, data)
    print(
        f"Created {made.username} ({', '.join(sorted(made.roles))}); the password must be "
        "changed at the first sign-in.",
        file=ctx.out,
    )
    return 0


def _set_roles(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.accounts import set_roles

    workspace = ctx.open_app()
    detail = workspace.run(set_roles, _account_id(workspace, args.username), args.roles)
    print(f"{detail.username}: {', '.join(sorted(detail.roles))}", file=ctx.out)
    return 0


def _set_places(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.accounts import account_detail, set_places

    workspace = ctx.open_app()
    given = _given_places(workspace, args)
    if not given:
        raise ValidationFailed.single(
            "teams", "required", "Teams: give at least one of the options (see --help)"
        )
    staff_id = _account_id(workspace, args.username)
    before = workspace.run(account_detail, staff_id).places
    after = {**before.by_kind(), **given}
    detail = workspace.run(set_places, staff_id, after, was=before)
    print(f"{detail.username}: {_places_text(detail) or 'no places'}", file=ctx.out)
    return 0


def _state(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services import accounts

    workspace = ctx.open_app()
    use_case = getattr(accounts, args.use_case)
    detail = workspace.run(use_case, _account_id(workspace, args.username))
    print(f"{detail.username}: {_state_text(detail)}", file=ctx.out)
    return 0


def _reset_password(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.authentication import reset_password

    workspace = ctx.open_app()
    staff_id = _account_id(workspace, args.username)
    workspace.run(reset_password, staff_id, read_new_password("Temporary password"))
    print(
        f"{args.username}: password reset; it must be changed at the next sign-in.",
        file=ctx.out,
    )
    return 0


def _change_password(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.cli.workspace_opener import read_password
    from resettle.services.authentication import change_password

    workspace = ctx.open_app()
    current = read_password()  # RESETTLE_PASSWORD, or typed again to confirm it is you
    workspace.run(change_password, current, read_new_password("New password"))
    print("Your password is changed.", file=ctx.out)
    return 0


class UnknownName(DomainError):
    code = "account.unknown_name"


def _account_id(workspace: Any, username: str) -> int:
    from resettle.services.accounts import list_accounts

    wanted = username.strip().lower()
    for row in workspace.run(list_accounts):
        if row.username == wanted:
            return int(row.id)
    raise UnknownName("User name: no such account.")


def _given_places(workspace: Any, args: argparse.Namespace) -> dict[str, frozenset[int]]:
    """The place options given, as ids by kind (codes looked up; unknown codes named)."""
    from resettle.services.known_codes import codes_listed
    from resettle.services.regions import list_regions
    from resettle.services.teams import list_establishments_admin, list_teams

    given = {
        kind: getattr(args, option)
        for option, kind in PLACE_OPTIONS.items()
        if getattr(args, option) is not None
    }
    if not given:
        return {}
    teams = {t.code: t.id for t in workspace.run(list_teams)}
    establishments = {e.code: e.id for e in workspace.run(list_establishments_admin)}
    regions = (
        {r.code: r.id for r in workspace.run(list_regions)} if "managed_region_ids" in given else {}
    )
    found: dict[str, frozenset[int]] = {}
    for kind, text in given.items():
        known = teams if "team" in kind else regions if "region" in kind else establishments
        codes = [code.strip().upper() for code in text.split(",") if code.strip()]
        unknown = [code for code in codes if code not in known]
        if unknown:
            option = next(o for o, k in PLACE_OPTIONS.items() if k == kind)
            raise ValidationFailed.single(
                option,
                "unknown_code",
                f"{option}: no such code {', '.join(unknown)}" + codes_listed(known),
            )
        found[kind] = frozenset(known[code] for code in codes)
    return found


def _places_text(row: Any) -> str:
    parts = [
        (label, refs)
        for label, refs in (
            ("teams", row.teams),
            ("establishments", row.establishments),
            ("manages teams", row.managed_teams),
            ("manages establishments", row.managed_establishments),
            ("manages regions", row.managed_regions),
        )
        if refs
    ]
    return "; ".join(f"{label} {','.join(p.code for p in refs)}" for label, refs in parts)


def _state_text(row: Any) -> str:
    words = ["active" if row.active else "disabled"]
    if row.locked_until is not None:
        words.append(f"locked until {row.locked_until:%Y-%m-%d %H:%M} UTC")
    if row.must_change_password:
        words.append("must change password")
    return ", ".join(words)


def _account_json(row: Any) -> dict[str, Any]:
    data: dict[str, Any] = row.model_dump(mode="json")
    data["roles"] = sorted(data["roles"])
    for key in (
        "teams",
        "establishments",
        "managed_teams",
        "managed_establishments",
        "managed_regions",
    ):
        data[key] = [place["code"] for place in data[key]]
    return data


def _json(payload: Any, ctx: CliContext) -> None:
    json.dump(payload, ctx.out, ensure_ascii=False, indent=2)
    ctx.out.write("\n")
