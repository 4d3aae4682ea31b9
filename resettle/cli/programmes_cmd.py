"""``resettle programmes``: programme delivery. (Stand-in on the catalogue branch: the
referral, attendance and export sub-commands come from their own branch; this file only wires
the catalogue's ``list``.)"""

from __future__ import annotations

import argparse

from resettle.cli.commands import add_command
from resettle.cli.programmes_catalogue_cmd import register_list


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    programmes = add_command(subparsers, "programmes")
    actions = programmes.add_subparsers(dest="programmes_command", metavar="ACTION", required=True)
    register_list(actions)
