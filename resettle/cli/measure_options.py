"""The options that narrow the measures, shared by ``report kpis`` and ``report caseload``:
the period of release dates and a team, prison, region, officer or pathway, each refused by
its own name when it names nothing (``services/measures.measure_filters``)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from resettle.cli.commands import iso_day
from resettle.cli.field_options import name_options

if TYPE_CHECKING:
    from resettle.domain.measure_figures import MeasureFilters
    from resettle.services.workspace import Workspace

#: Each filter's field and the option that sets it, for messages that name the option.
FILTER_OPTIONS = {
    "period_from": "--from",
    "period_to": "--to",
    "team_id": "--team",
    "establishment_id": "--establishment",
    "region_id": "--region",
    "officer_id": "--officer",
    "pathway": "--pathway",
}


def add_measure_filter_options(parser: argparse.ArgumentParser, **more: str) -> None:
    """``--from``, ``--to``, ``--team``, ``--establishment``, ``--region``, ``--officer``,
    ``--pathway``;
    ``more`` names further fields' options for the messages."""
    parser.add_argument("--from", dest="start", type=iso_day, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=iso_day, metavar="YYYY-MM-DD")
    parser.add_argument("--team", metavar="CODE", help="only this team's people")
    parser.add_argument("--establishment", metavar="CODE", help="only this prison's people")
    parser.add_argument("--region", metavar="CODE", help="only the people of its teams and prisons")
    parser.add_argument("--officer", metavar="USERNAME", help="only this officer's people")
    parser.add_argument(
        "--pathway", metavar="PATHWAY", help="only people with a need on it, e.g. drugs_alcohol"
    )
    name_options(parser, **FILTER_OPTIONS, **more)


def measure_filters_from(
    args: argparse.Namespace, workspace: Workspace, today: dt.date
) -> MeasureFilters:
    """The filters the options name, read in the database (codes and user names to ids)."""
    from resettle.services.measures import measure_filters

    return workspace.run(
        measure_filters,
        today,
        args.start,
        args.end,
        team=args.team,
        establishment=args.establishment,
        officer=args.officer,
        pathway=args.pathway,
        region=args.region,
    )
