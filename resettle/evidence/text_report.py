"""Plain-text renderings of the pack and of recommendation results (CLI and logs)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from resettle.evidence.loader import LoadedPack
from resettle.evidence.schema import Intervention

if TYPE_CHECKING:  # the pack summary needs none of the recommender's modules
    from resettle.evidence.results import ExclusionReason, Recommendation, RecommendationResult


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

    held_back = result.held_back_count
    heading = f"RECOMMENDED ({len(result.recommendations) - held_back})"
    if held_back:  # listed last, not endorsed: counted apart, as on screen
        heading += f" + {held_back} HELD BACK"
    lines = [
        f"Evidence pack {result.pack_version}, rule {result.rule_version}",
        "",
        heading,
    ]
    previous: Recommendation | None = None
    for item in result.recommendations:
        lines.append(
            f"{item.rank:>3}. [{item.tier.label}] {item.name}  [{item.intervention_id}]"
            f"  {item.pathway.label} / {item.setting.value.replace('_', ' ')} / "
            f"{item.intensity.value} intensity"
        )
        if item.action is not Action.START:
            lines.append("       action: continue after release")
        keys = item.sort_keys
        if keys is not None:
            lines.append(f"       {_ranked_by(item, previous)}")
        previous = item
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
            lines.append(f"       {_headlined(cause)}")
    if result.notes:
        lines += ["", "EVIDENCE NOTES"]
        for note in result.notes:
            lines.append(f"  - {note.pathway.label} ({note.kind}): {note.statement}")
    return "\n".join(lines)


#: The top of each key's scale (scoring.py): need priority 0-7, dose fit 0-2, evidence 0-4,
#: continuity 0-1.
_NEED_MAX, _DOSE_MAX, _EVIDENCE_MAX, _CONTINUITY_MAX = 7, 2, 4, 1


def _ranked_by(item: Recommendation, previous: Recommendation | None) -> str:
    """The keys an item was ranked by, with their scales, in an officer's words. The dose
    fit is left out where the item's reasons leave the dose out (support items); when the
    keys tie with the item above, it says which tie-break decided."""
    from resettle.evidence.results import TermCode

    keys = item.sort_keys
    assert keys is not None
    parts = [f"need {keys.need_priority:g} of {_NEED_MAX}"]
    dose = next((t for t in item.terms if t.code is TermCode.RISK_INTENSITY_FIT), None)
    if dose is not None and dose.explanation in item.reasons:
        parts.append(f"dose fit {keys.risk_fit} of {_DOSE_MAX}")
    if keys.starts_after_release:
        parts.append("starts after release")
    parts.append(f"evidence {keys.evidence_strength:g} of {_EVIDENCE_MAX}")
    parts.append(f"continuity {keys.continuity:g} of {_CONTINUITY_MAX}")
    decided = _tie_break(previous, item)
    if decided:
        parts.append(f"level with the one above, then by {decided}")
    return "Ranked by: " + " · ".join(parts)


def _tie_break(previous: Recommendation | None, item: Recommendation) -> str:
    """What put ``item`` below ``previous`` when their ranking keys tie, in words; '' when
    they do not tie."""
    if previous is None or previous.sort_keys is None or item.sort_keys is None:
        return ""
    a, b = previous.sort_keys, item.sort_keys
    main = (
        "tier",
        "safety_order",
        "need_priority",
        "risk_fit",
        "starts_after_release",
        "evidence_strength",
        "continuity",
    )
    if any(getattr(a, name) != getattr(b, name) for name in main):
        return ""
    if a.evidence_verified != b.evidence_verified:
        return "evidence checked against the source"
    if a.best_quality != b.best_quality:
        return "the best quality of any evidence"
    if a.release_day_order != b.release_day_order:
        return "the order release-day essentials are arranged in"
    return "name"


def _headlined(reason: ExclusionReason) -> str:
    """A reason after its headline (as the GUI shows it), instead of its code; a text that
    starts with the headline, or says no more than it, is not said twice."""
    from resettle.evidence.exclusions import exclusion_headline
    from resettle.evidence.results import ExclusionCode

    headline = exclusion_headline(reason)
    text = reason.text
    if reason.code is ExclusionCode.EXCLUDED_BY_FLAG and text.startswith(_NOT_FOR_THIS_PERSON):
        return "Ruled out: " + text[len(_NOT_FOR_THIS_PERSON) :]
    lead = headline.split(":", 1)[0] + ": "
    if text.startswith(lead):
        text = text[len(lead) :]
    if text.rstrip(".").lower() == headline.lower():
        return f"{headline}."
    return f"{headline} — {text}"


_NOT_FOR_THIS_PERSON = "Not for this person: "
