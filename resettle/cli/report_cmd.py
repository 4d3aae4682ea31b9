"""``resettle report ...``: managers' reports from a terminal.

Each report lives in a module of its own that adds its subcommand (``register(actions)``),
listed in :data:`ACTION_MODULES`: ``report kpis`` and ``report caseload``.
"""

from __future__ import annotations

import argparse
import importlib

from resettle.cli.commands import add_command

#: Modules under ``resettle.cli`` adding the actions of ``resettle report``, in help order.
ACTION_MODULES: tuple[str, ...] = ("report_kpis_cmd", "report_caseload_cmd")


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    report = add_command(subparsers, "report")
    actions = report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    for module in ACTION_MODULES:
        importlib.import_module(f"resettle.cli.{module}").register(actions)
