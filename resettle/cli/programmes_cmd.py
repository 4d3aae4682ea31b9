"""``resettle programmes ...``: programme delivery from a terminal.

Each action lives in a module of its own that adds its subcommand (``register(actions)``),
listed in :data:`ACTION_MODULES`: a new action (list, refer, move, register, history,
export) is a new module and one line here.
"""

from __future__ import annotations

import argparse
import importlib

from resettle.cli.commands import add_command

#: Modules under ``resettle.cli`` adding the actions of ``resettle programmes``, in help order.
ACTION_MODULES: tuple[str, ...] = (
    "programmes_catalogue_cmd",
    "programmes_setup_cmd",
    "programmes_statuses",
    "programmes_referrals_cmd",
    "programmes_register_cmd",
    "programmes_export_cmd",
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    programmes = add_command(subparsers, "programmes")
    actions = programmes.add_subparsers(dest="programmes_command", metavar="ACTION", required=True)
    for module in ACTION_MODULES:
        importlib.import_module(f"resettle.cli.{module}").register(actions)
