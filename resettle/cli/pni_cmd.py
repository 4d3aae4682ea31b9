"""``resettle pni``: the programme pathway from a JSON file of need items and risk scores.

    resettle pni --input FILE.json [--json]

No database and no signed-in user are needed (like ``resettle ogrs3``). The file's shape is in
``resettle.domain.programme_needs_input``; the rule in ``resettle.domain.programme_needs``.
A file that cannot be read or is malformed prints one line on stderr naming each wrong field,
and exits 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.domain.errors import ValidationFailed
from resettle.domain.input_files import InputRefused, read_json_file
from resettle.domain.programme_needs import (
    DomainScoreReason,
    NeedDomain,
    PniResult,
    RiskTermStatus,
    compute_pni,
)
from resettle.domain.programme_needs_input import read_pni_input

EXIT_BAD_INPUT = 2

DOMAIN_WORDS = {
    NeedDomain.SEX: "Sex",
    NeedDomain.THINKING: "Thinking",
    NeedDomain.RELATIONSHIPS: "Relationships",
    NeedDomain.SELF_MANAGEMENT: "Self-management",
}
STATUS_WORDS = {
    RiskTermStatus.COUNTED: "counted",
    RiskTermStatus.NOT_GIVEN: "not given",
    RiskTermStatus.NOT_APPLICABLE: "not applicable",
    RiskTermStatus.IGNORED_FOR_WOMEN: "ignored (OSP does not count for women)",
    RiskTermStatus.IGNORED_OSP_PRESENT: "ignored (a man with an OSP score)",
}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = add_command(
        subparsers,
        "pni",
        description="Compute the programme pathway (programme needs identifier) from a JSON "
        "file of need items (0, 1, 2 or null) and risk scores, with every term shown.",
    )
    parser.add_argument("--input", dest="input", metavar="FILE.json", required=True)
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=run_pni)


def run_pni(args: argparse.Namespace, ctx: CliContext) -> int:
    path = Path(args.input)
    try:
        raw = read_json_file(path, option="--input")
    except InputRefused as refused:
        print(f"pni: {refused}", file=ctx.err)
        return EXIT_BAD_INPUT
    try:
        result = compute_pni(read_pni_input(raw))
    except ValidationFailed as failed:
        print("pni: " + "; ".join(p.message for p in failed.problems), file=ctx.err)
        return EXIT_BAD_INPUT
    if args.json:
        json.dump(result_as_json(result), ctx.out, ensure_ascii=False, indent=2)
        ctx.out.write("\n")
    else:
        print(breakdown(result), file=ctx.out)
    return 0


def result_as_json(result: PniResult) -> dict[str, Any]:
    return {
        "pathway": result.pathway.value,
        "rule": result.rule.value,
        "need_band": result.need_band.value,
        "need_score": result.need_score,
        "domain_scores": {domain.value: score for domain, score in result.domain_scores.items()},
        "risk_band": result.risk_band.value if result.risk_band is not None else None,
        "risk_set_by": [name.value for name in result.risk_set_by],
        "missing": list(result.missing),
        "domains": [
            {
                "domain": domain.domain.value,
                "items": {item.name: item.value for item in domain.items},
                "total": domain.total,
                "score": domain.score,
                "reason": domain.reason.value,
            }
            for domain in result.domains
        ],
        "risk_terms": [
            term.model_dump(mode="json", exclude_none=False) for term in result.risk_terms
        ],
        "inputs": result.inputs.model_dump(mode="json"),
    }


def _value(value: object) -> str:
    return "not answered" if value is None else str(value)


def breakdown(result: PniResult) -> str:
    """Every term as a readable table."""
    lines = [f"Programme pathway (sex: {result.inputs.sex.value})", "", "Need"]
    for domain in result.domains:
        how = "key item at 2" if domain.reason is DomainScoreReason.KEY_ITEM else "from the total"
        lines.append(
            f"  {DOMAIN_WORDS[domain.domain]:<30} total {domain.total}  "
            f"score {domain.score} ({how})"
        )
        lines.extend(f"    {item.name:<36} {_value(item.value)}" for item in domain.items)
    lines += [
        f"  {'Need score (sum of domains)':<30} {result.need_score}",
        f"  {'Need band':<30} {result.need_band.value}",
        "",
        "Risk",
    ]
    for term in result.risk_terms:
        given = (
            f"{term.percent:g}%"
            if term.percent is not None
            else (term.level or "not given").replace("_", " ")
        )
        band = term.band.value if term.band is not None else "-"
        lines.append(
            f"  {term.name.value:<14} {given:<16} band {band:<8} {STATUS_WORDS[term.status]}"
        )
    risk_band = result.risk_band.value if result.risk_band is not None else "none scored"
    set_by = ", ".join(name.value for name in result.risk_set_by) or "-"
    lines += [
        f"  {'Risk band':<30} {risk_band}",
        f"  {'Set by':<30} {set_by}",
        "",
        f"Pathway   {result.pathway.label} ({result.pathway.value})",
        f"Rule      {result.rule.value}",
    ]
    if result.missing:
        lines.append("Missing   " + ", ".join(result.missing))
    return "\n".join(lines)
