"""The table of top-level commands: which module implements each, and its one-line help.

Kept free of the commands' own imports so that the top-level parser can name every
command without loading them. ``build_parser`` registers the full arguments only for the
commands on the command line; the others get a bare entry (name and help), which is all
``resettle --help`` and an unknown-command error show. A command module adds its parser
with ``add_command`` so that its help is written once, here.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Command:
    #: Module under ``resettle.cli`` whose ``register(subparsers)`` adds this command.
    module: str
    help: str


#: In the order ``resettle --help`` lists them.
COMMANDS: dict[str, Command] = {
    "db": Command("db_cmd", "database upgrade and health check"),
    "people": Command("people_cmd", "people on the caseload"),
    "demo": Command("demo_cmd", "load a realistic, fictional demo caseload"),
    "ogrs3": Command("ogrs3_cmd", "indicative OGRS3 reconviction score with every term shown"),
    "pni": Command("pni_cmd", "programme pathway (programme needs identifier) from a JSON file"),
    "evidence": Command("evidence_cmd", "Inspect and validate evidence packs."),
    "recommend": Command("evidence_cmd", "Recommend interventions for a profile."),
    "plan": Command("plan_cmd", "through-the-gate plans"),
    "catalogue": Command("catalogue_cmd", "the support-need catalogue"),
    "programmes": Command(
        "programmes_cmd", "programme delivery: catalogue, offerings, groups, referral workflow"
    ),
    "outcomes": Command("outcomes_cmd", "outcome checks after release: list and record"),
    "accounts": Command("accounts_cmd", "staff accounts (administrators)"),
    "teams": Command("teams_cmd", "teams, probation delivery units (administrators)"),
    "establishments": Command("teams_cmd", "establishments, prisons (administrators)"),
    "regions": Command("regions_cmd", "regions holding teams and prisons (administrators)"),
    "retention": Command("retention_cmd", "retention rules and the review queue"),
    "erase": Command("retention_cmd", "erase one person's data (managers)"),
    "sar": Command("sar_cmd", "subject access export of one person (managers)"),
    "report": Command("report_cmd", "managers' reports: the resettlement measures (kpis)"),
    "audit": Command("audit_cmd", "check the audit trail's hash chain; checkpoints of its head"),
    "backup": Command("backup_cmd", "back up the whole database (administrators)"),
    "restore": Command("backup_cmd", "restore the database from a backup (administrators)"),
    "import": Command("import_cmd", "import people from a CSV file (officers, into their team)"),
}


def add_command(subparsers: Any, name: str, **options: Any) -> argparse.ArgumentParser:
    """Add the top-level command ``name`` with its help from the table."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name, help=COMMANDS[name].help, **options
    )
    return parser


def add_acting_user(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` after the command too (``resettle accounts list --user NAME``): the
    same setting as the global option, which it overrides when given."""
    parser.add_argument(
        "--user",
        dest="user",
        metavar="USERNAME",
        default=argparse.SUPPRESS,
        help="staff account to act as (or RESETTLE_USER)",
    )


def modules_for(words: Iterable[str]) -> set[str]:
    """The command modules named by any of ``words`` (the command line after global options)."""
    return {COMMANDS[word].module for word in words if word in COMMANDS}


def iso_day(text: str) -> dt.date:
    """An argument type: a day written as 2026-03-25."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-03-25") from None
