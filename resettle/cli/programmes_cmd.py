"""``resettle programmes``: programme delivery. (Stand-in on the catalogue branch: the
referral, attendance and export sub-commands come from their own branch; this file only wires
the catalogue's ``list`` and the set-up and catalogue edits.)"""

from __future__ import annotations

import argparse

from resettle.cli.commands import add_command
from resettle.cli.programmes_catalogue_cmd import register_list
from resettle.cli.programmes_setup_cmd import register_setup


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    programmes = add_command(subparsers, "programmes")
    actions = programmes.add_subparsers(dest="programmes_command", metavar="ACTION", required=True)
    register_list(actions)
    register_setup(actions)
