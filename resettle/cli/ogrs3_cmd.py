"""``resettle ogrs3``: score OGRS3 from the command line, every term shown; no database needed.

    resettle ogrs3 --sex male --dob 1990-05-17 --conviction-date 2024-03-01 \\
        --first-sanction-date 2006-08-01 --previous-sanctions 7 \\
        --offence-category burglary_domestic --start-date 2025-09-01 [--json]
    resettle ogrs3 --list-categories

Bad input prints one line on stderr naming the option, and exits 2.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from pydantic import ValidationError

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.ogrs3 import Ogrs3Input, Ogrs3Result, compute_ogrs3
from resettle.domain.risk import OffenceCategory
from resettle.domain.validation import problems_from_error

#: Input field -> the option a user typed.
OPTIONS: dict[str, str] = {
    "sex": "--sex",
    "date_of_birth": "--dob",
    "conviction_date": "--conviction-date",
    "first_sanction_date": "--first-sanction-date",
    "previous_sanctions": "--previous-sanctions",
    "offence_category": "--offence-category",
    "start_date": "--start-date",
}
_DATES = ("date_of_birth", "conviction_date", "first_sanction_date", "start_date")
EXIT_BAD_INPUT = 2


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_command(
        subparsers,
        "ogrs3",
        description="Compute an indicative OGRS3 score (Howard et al. 2009, MoJ Research "
        "Summary 7/09). Dates are YYYY-MM-DD; the start date is the release date.",
    )
    parser.add_argument("--sex", dest="sex", metavar="male|female")
    parser.add_argument("--dob", dest="date_of_birth", metavar="DATE", help="date of birth")
    parser.add_argument("--conviction-date", dest="conviction_date", metavar="DATE")
    parser.add_argument("--first-sanction-date", dest="first_sanction_date", metavar="DATE")
    parser.add_argument("--previous-sanctions", dest="previous_sanctions", metavar="N")
    parser.add_argument(
        "--offence-category",
        dest="offence_category",
        metavar="CODE",
        help="see --list-categories",
    )
    parser.add_argument(
        "--start-date", dest="start_date", metavar="DATE", help="start of follow-up (release)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--list-categories", action="store_true", help="print the offence category codes"
    )
    parser.set_defaults(handler=run_ogrs3)


def run_ogrs3(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.list_categories:
        for category in OffenceCategory:
            print(f"{category.value}\t{category.label}", file=ctx.out)
        return 0
    try:
        result = compute_ogrs3(_read_input(args))
    except ValidationFailed as failed:
        print(f"ogrs3: {_one_line(failed.problems)}", file=ctx.err)
        return EXIT_BAD_INPUT
    if args.json:
        json.dump(result_as_json(result), ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
    else:
        _print_breakdown(result, ctx)
    return 0


def _read_input(args: argparse.Namespace) -> Ogrs3Input:
    missing = [option for field, option in OPTIONS.items() if getattr(args, field) is None]
    if missing:
        raise ValidationFailed(
            [FieldProblem(option, "missing", "is required") for option in missing]
        )
    raw: dict[str, Any] = {field: getattr(args, field) for field in OPTIONS}
    problems: list[FieldProblem] = []
    for field in _DATES:
        try:
            raw[field] = date.fromisoformat(raw[field])
        except ValueError:
            problems.append(
                FieldProblem(field, "date_parsing", f"{raw[field]!r} is not a date (YYYY-MM-DD)")
            )
    if raw["offence_category"] not in {c.value for c in OffenceCategory}:
        problems.append(
            FieldProblem(
                "offence_category",
                "unknown_category",
                f"unknown category {raw['offence_category']!r} (see ogrs3 --list-categories)",
            )
        )
    if problems:
        raise ValidationFailed(problems)
    try:
        return Ogrs3Input.model_validate(raw)
    except ValidationError as error:
        raise ValidationFailed(problems_from_error(Ogrs3Input, error)) from None


def _one_line(problems: list[FieldProblem]) -> str:
    return "; ".join(f"{OPTIONS.get(p.field, p.field)}: {p.message}" for p in problems)


def result_as_json(result: Ogrs3Result) -> dict[str, Any]:
    inputs = result.inputs
    return {
        "indicative": result.indicative,
        "one_year": result.one_year_percent,
        "two_year": result.two_year_percent,
        "one_year_probability": result.one_year_probability,
        "two_year_probability": result.two_year_probability,
        "band": result.band.value,
        "total": result.total,
        "terms": [
            {"name": term.name.value, "value": term.value, "detail": term.detail}
            for term in result.terms
        ],
        "copas_rate": result.copas_rate,
        "ages": {
            "at_start": result.age_at_start,
            "at_conviction": result.age_at_conviction,
            "at_first_sanction": result.age_at_first_sanction,
            "band": result.age_band,
        },
        "inputs": inputs.model_dump(mode="json"),
        "notes": [note.value for note in result.notes],
        "provenance": result.provenance,
    }


def _print_breakdown(result: Ogrs3Result, ctx: CliContext) -> None:
    inputs = result.inputs
    lines = [
        "OGRS3 (indicative: an official OASys score takes precedence)",
        f"  Age at start of follow-up  {result.age_at_start} ({inputs.sex.value}, "
        f"band {result.age_band})",
        f"  Age at current conviction  {result.age_at_conviction}",
        f"  Age at first sanction      {result.age_at_first_sanction}",
        f"  Previous sanctions         {inputs.previous_sanctions}",
        f"  Offence category           {inputs.offence_category.label}",
        "",
        f"  Age/sex term               {result.age_sex_term:+.5f}",
        f"  Conviction status term     {result.conviction_status_term:+.5f} "
        f"({result.conviction_status.label.lower()})",
        f"  Copas rate                 {result.copas_rate:+.5f}",
        f"  1.25112 x Copas rate       {result.copas_term:+.5f}",
        f"  Offence term               {result.offence_term:+.5f}",
        f"  T (sum of terms)           {result.total:+.5f}",
        "",
        f"  1-year reconviction        {result.one_year_percent}% "
        f"({result.one_year_probability:.5f})",
        f"  2-year reconviction        {result.two_year_percent}% "
        f"({result.two_year_probability:.5f})",
        f"  Band (2-year)              {result.band.value.replace('_', ' ')}",
        *(f"  Note: {note.value}" for note in result.notes),
        "",
        f"Source: {result.provenance}",
    ]
    print("\n".join(lines), file=ctx.out)
