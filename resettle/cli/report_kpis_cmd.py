"""``resettle report kpis``: every measure's numerator, denominator and exclusions
(``domain/measures.py``), as a table or ``--json``; ``--with-people`` adds the prison
numbers behind each count (listing them is audited, ``measure.people_listed``).

The JSON is ``{"measures": [{"code", "name", "numerator", "denominator", "excluded",
"people": {"numerator": [...], "denominator": [...], "excluded": [...]}}]}``: ``people``
only with ``--with-people``; a process measure without a denominator has ``null`` for it
(and for its people). A grouped measure (readiness band, officer) gives one entry per group,
its code ``code:group``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from resettle.cli.commands import add_acting_user
from resettle.cli.context import CliContext
from resettle.cli.measure_options import add_measure_filter_options, measure_filters_from
from resettle.domain import clock
from resettle.domain.measure_figures import Figure, MeasureFilters, MeasurePerson, Part
from resettle.domain.measure_words import figure_words, national_words
from resettle.domain.measures import MEASURES_BY_CODE, MeasureKind


def register(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    kpis = actions.add_parser(
        "kpis",
        help="every measure: numerator, denominator, exclusions",
        description="Print every resettlement measure of the people you reach: 'n of d (x%), "
        "k excluded (u unknown, m not recorded)' beside the latest national figure. The "
        "period is of release dates (and of programme moves); it defaults to the 12 months "
        "to today.",
    )
    kpis.add_argument("--json", action="store_true", help="print JSON")
    kpis.add_argument(
        "--with-people",
        action="store_true",
        help="add the prison numbers behind each count (audited)",
    )
    add_acting_user(kpis)
    kpis.set_defaults(handler=_kpis)
    add_measure_filter_options(kpis)


def _kpis(args: argparse.Namespace, ctx: CliContext) -> int:
    from resettle.services.measures import measure_figures, measure_people_all

    today = clock.today()
    MeasureFilters.for_period(today, args.start, args.end)  # refused before opening anything
    workspace = ctx.open_app()
    filters = measure_filters_from(args, workspace, today)
    people: dict[str, dict[Part, tuple[MeasurePerson, ...]]] = {}
    if args.with_people:
        found = workspace.run(measure_people_all, filters, today)
        figures = tuple(figure for figure, _ in found)
        people = {figure.key: parts for figure, parts in found}
    else:
        figures = workspace.run(measure_figures, filters, today)
    if args.json:
        payload = {"measures": [_entry(f, people.get(f.key), args.with_people) for f in figures]}
        print(json.dumps(payload, indent=2, ensure_ascii=False), file=ctx.out)
        return 0
    narrowed = [
        f"{label} {value}"
        for label, value in (
            ("region", args.region),
            ("team", args.team),
            ("establishment", args.establishment),
            ("officer", args.officer),
            ("pathway", args.pathway),
        )
        if value is not None
    ]
    print(
        f"Resettlement measures: releases {filters.period_from:%d %b %Y} to "
        f"{filters.period_to:%d %b %Y} (today {today:%d %b %Y})"
        + (f"; {', '.join(narrowed)}" if narrowed else ""),
        file=ctx.out,
    )
    for kind, heading in ((MeasureKind.OUTCOME, "Outcomes after release"), (None, "Process")):
        print(f"\n{heading}", file=ctx.out)
        for figure in figures:
            if (figure.kind is MeasureKind.OUTCOME) != (kind is MeasureKind.OUTCOME):
                continue
            print(f"  {_line(figure)}", file=ctx.out)
            for part, numbers in _numbers(people.get(figure.key)).items():
                if numbers is not None:
                    print(f"      {part}: {', '.join(numbers) or '-'}", file=ctx.out)
    return 0


def _name(figure: Figure) -> str:
    return f"{figure.name}: {figure.group_label}" if figure.group else figure.name


def _line(figure: Figure) -> str:
    """The figure's key, name and words (``domain/measure_words.py``, as the dashboard and
    the report say it), and the national figure beside an outcome measure."""
    text = f"{figure.key:<40} {_name(figure)}: {figure_words(figure)}"
    if figure.kind is MeasureKind.OUTCOME:
        text += f"; England and Wales {national_words(MEASURES_BY_CODE[figure.code])}"
    return text


def _numbers(
    parts: dict[Part, tuple[MeasurePerson, ...]] | None,
) -> dict[str, list[str] | None]:
    """The prison numbers of each part the JSON names (None: the figure has no such part)."""
    if parts is None:
        return {}
    return {
        part.value: [person.prison_number for person in parts[part]] if part in parts else None
        for part in (Part.NUMERATOR, Part.DENOMINATOR, Part.EXCLUDED)
    }


def _entry(
    figure: Figure, parts: dict[Part, tuple[MeasurePerson, ...]] | None, with_people: bool
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": figure.key,
        "name": _name(figure),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "excluded": figure.excluded,
    }
    if with_people:
        numbers = _numbers(parts)
        if numbers.get("excluded") is None:  # a process measure excludes no one
            numbers["excluded"] = []
        entry["people"] = numbers
    return entry
