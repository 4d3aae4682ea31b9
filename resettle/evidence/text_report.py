"""Plain-text renderings of the pack and of recommendation results (CLI and logs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from resettle.evidence.loader import LoadedPack
from resettle.evidence.schema import Intervention

if TYPE_CHECKING:  # the pack summary needs none of the recommender's modules
    from resettle.evidence.results import RecommendationResult


def format_pack_summary(loaded: LoadedPack) -> str:
    meta = loaded.metadata
    return (
        f"valid: {meta.title} version {meta.pack_version} (schema {meta.schema_version}, "
        f"released {meta.release_date}), {meta.intervention_count} interventions, "
        f"{meta.evidence_record_count} evidence records ({meta.unverified_record_count} "
        f"unverified), sha256 {meta.sha256}"
    )


def format_intervention_table(interventions: Iterable[Intervention]) -> str:
    """One row per intervention; EVIDENCE is the best record's quality x effect weight."""
    from resettle.evidence.scoring import record_strength

    rows = [("ID", "PATHWAY", "SETTING", "INTENSITY", "EVIDENCE", "FLAGS", "NAME")]
    for item in interventions:
        strength = max(record_strength(r) for r in item.evidence)
        flags = []
        if item.harm.flagged:
            flags.append("HARM")
        flags += [tag.value for tag in item.tags]
        rows.append(
            (
                item.id,
                item.primary_pathway.value,
                item.setting.value,
                item.intensity.value,
                f"{strength:g}",
                ",".join(flags) or "-",
                item.name,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def format_result(result: RecommendationResult) -> str:
    from resettle.evidence.results import Action

    lines = [
        f"Evidence pack {result.pack_version}, rule {result.rule_version}",
        "",
        f"RECOMMENDED ({len(result.recommendations)})",
    ]
    for item in result.recommendations:
        lines.append(
            f"{item.rank:>3}. [{item.tier.label}] {item.name}  [{item.intervention_id}]"
            f"  {item.pathway.label} / {item.setting.value} / {item.intensity.value} intensity"
        )
        if item.action is not Action.START:
            lines.append("       action: continue after release")
        keys = item.sort_keys
        if keys is not None:
            timing = ", starts after release" if keys.starts_after_release else ""
            lines.append(
                f"       keys: need {keys.need_priority:g}, risk fit {keys.risk_fit}{timing}, "
                f"evidence {keys.evidence_strength:g}, continuity {keys.continuity:g}"
            )
        for reason in item.reasons:
            lines.append(f"       - {reason}")
        for evidence in item.evidence:
            lines.append(
                f"       evidence q{evidence.quality} [{evidence.verification}] {evidence.citation}"
            )
            lines.append(f"         {evidence.outcome}: {evidence.effect}")
            if evidence.native_rating != "none":
                lines.append(f"         rating: {evidence.native_rating}")
        for advice in item.delivery_advice:
            lines.append(f"       advice: {advice}")
    if result.licence_conditions:
        lines += [
            "",
            f"LICENCE CONDITIONS: CONTROLS, NOT RECOMMENDATIONS ({len(result.licence_conditions)})",
        ]
        for control in result.licence_conditions:
            lines.append(f"  - {control.name}  [{control.intervention_id}]")
            lines.append(f"       {control.evidence_summary}")
            lines.append(f"       {control.advice}")
    lines += ["", f"NOT RECOMMENDED ({len(result.exclusions)})"]
    for exclusion in result.exclusions:
        lines.append(f"  - {exclusion.name}  [{exclusion.intervention_id}]")
        for cause in exclusion.reasons:
            lines.append(f"       {cause.code.value}: {cause.text}")
    if result.notes:
        lines += ["", "EVIDENCE NOTES"]
        for note in result.notes:
            lines.append(f"  - {note.pathway.label} ({note.kind}): {note.statement}")
    return "\n".join(lines)
