"""The EMMIE-style card for one intervention of the pack: what it is, who it is for, harm,
responsivity, and every evidence record in full (citation, effect, native rating word for
word, quality, EMMIE notes, verification).
"""

from __future__ import annotations

from resettle.evidence import EvidencePack, EvidenceRecord, Intervention
from resettle.evidence.codes import (
    EffectDirection,
    InterventionTag,
    RatingScheme,
    SexualOffenceRule,
)
from resettle.evidence.schema import NOT_REPORTED, Citation, Eligibility, NativeRating
from resettle.ui.evidence.html_parts import (
    HARM_BACKGROUND,
    HARM_COLOUR,
    bullets,
    callout,
    esc,
    facts_table,
    heading,
    linked,
    muted,
    page,
    record_box,
    verification_badge,
)
from resettle.ui.evidence.words import (
    NONE_TEXT,
    pathways_text,
    quality_text,
    tr,
    word,
)


def _join(values: list[str]) -> str:
    return ", ".join(values)


def eligibility_rows(rules: Eligibility) -> list[tuple[str, str]]:
    rows = [
        (tr("Risk levels"), esc(_join([word(r) for r in rules.risk_levels]))),
        (tr("Sex"), esc(_join([word(s) for s in rules.sexes]))),
    ]
    if rules.age_min is not None or rules.age_max is not None:
        low = str(rules.age_min) if rules.age_min is not None else ""
        high = str(rules.age_max) if rules.age_max is not None else ""
        if low and high:
            text = tr("%1 to %2").replace("%1", low).replace("%2", high)
        elif low:
            text = tr("%1 or older").replace("%1", low)
        else:
            text = tr("%1 or younger").replace("%1", high)
        rows.append((tr("Age"), esc(text)))
    sexual = {
        SexualOffenceRule.ANY: "",
        SexualOffenceRule.REQUIRED: tr("Only for people with a sexual conviction"),
        SexualOffenceRule.EXCLUDED: tr("Not for people with a sexual conviction"),
    }[rules.sexual_offence]
    rows.append((tr("Sexual conviction"), esc(sexual)))
    rows.append((tr("Offences"), esc(_join([word(c) for c in rules.offence_categories_required]))))
    rows.append(
        (
            tr("Not for offences"),
            esc(_join([word(c) for c in rules.offence_categories_excluded])),
        )
    )
    if rules.min_days_before_release is not None:
        days = tr("At least %1 days before release").replace(
            "%1", str(rules.min_days_before_release)
        )
        rows.append((tr("Time to release"), esc(days)))
    flags = [word(f) for f in rules.requires_any_flag]
    if flags:
        rows.append((tr("Only with"), esc(tr(" or ").join(flags))))
    rows.append((tr("Note"), esc(rules.note or "")))
    return rows


def _effect_html(record: EvidenceRecord) -> str:
    effect = record.effect
    direction = word(effect.direction)
    if effect.direction is EffectDirection.HARMFUL:
        direction_html = f"<b style='color:{HARM_COLOUR}'>{esc(direction)}</b>"
    else:
        direction_html = f"<b>{esc(direction)}</b>"
    figures = []
    if effect.metric != NOT_REPORTED or effect.value != NOT_REPORTED:
        figures.append(f"{effect.metric}: {effect.value}")
    if effect.confidence_interval != NOT_REPORTED:
        figures.append(tr("95% CI %1").replace("%1", effect.confidence_interval))
    else:
        figures.append(tr("confidence interval not reported"))
    text = direction_html + " — " + esc("; ".join(figures))
    return text + f"<br><i>“{esc(effect.statement)}”</i>"


def native_rating_html(rating: NativeRating) -> str:
    """The rating exactly as the scheme words it, each word quoted, and the scheme named."""
    if rating.scheme is RatingScheme.NONE:
        return muted(tr("No published rating"))
    lines = [f"<b>{esc(word(rating.scheme))}</b>"]
    if rating.effect_label:
        lines.append(esc(tr("Effect: “%1”").replace("%1", rating.effect_label)))
    if rating.quality_label:
        lines.append(esc(tr("Quality: “%1”").replace("%1", rating.quality_label)))
    if rating.statement:
        lines.append(esc(tr("Statement: “%1”").replace("%1", rating.statement)))
    return "<br>".join(lines)


def _emmie_rows(record: EvidenceRecord) -> list[tuple[str, str]]:
    notes = record.emmie
    known = notes is not None and any(
        (notes.effect, notes.mechanism, notes.moderators, notes.implementation, notes.economic_cost)
    )
    if notes is None or not known:
        return [(tr("EMMIE"), muted(tr("No EMMIE notes in the pack for this record.")))]
    return [
        (tr("EMMIE: Effect"), esc(notes.effect or "")),
        (tr("EMMIE: Mechanism"), esc(notes.mechanism or "")),
        (tr("EMMIE: Moderators"), esc(notes.moderators or "")),
        (tr("EMMIE: Implementation"), esc(notes.implementation or "")),
        (tr("EMMIE: Economic cost"), esc(notes.economic_cost or "")),
    ]


def _citation_html(citation: Citation | None, citation_id: str) -> str:
    if citation is None:
        return esc(citation_id)
    text = f"<b>{linked(citation.formatted())}</b>"
    if citation.url and citation.doi:
        text += f"<br>{linked(citation.url)}"
    if citation.note:
        text += f"<br>{muted(citation.note)}"
    return text


def _verification_html(record: EvidenceRecord) -> str:
    check = record.verification
    text = verification_badge(check.status.value)
    if check.note:
        text += f" {esc(check.note)}"
    if check.checked_sources:
        text += (
            "<br>"
            + muted(tr("Checked against: "))
            + "; ".join(linked(source) for source in check.checked_sources)
        )
    return text


def evidence_record_html(record: EvidenceRecord, citation: Citation | None) -> str:
    population = esc(record.population)
    if record.indirect_population:
        population += "<br>" + muted(
            tr("A population other than adult prison leavers: given half weight in the ranking.")
        )
    rows = [
        (tr("Source type"), esc(word(record.source_type))),
        (tr("Population"), population),
        (tr("Outcome"), esc(record.outcome)),
        (tr("Effect"), _effect_html(record)),
        (tr("Native rating"), native_rating_html(record.native_rating)),
        (
            tr("Quality"),
            f"{esc(quality_text(record.quality))}<br>{muted(record.quality_basis)}",
        ),
        *_emmie_rows(record),
        (tr("Verification"), _verification_html(record)),
    ]
    return record_box(_citation_html(citation, record.citation_id), facts_table(rows, 130))


def _citation_of(pack: EvidencePack, citation_id: str) -> Citation | None:
    try:
        return pack.citation(citation_id)
    except KeyError:
        return None


def intervention_html(pack: EvidencePack, item: Intervention) -> str:
    facts = [
        pathways_text(item.pathways),
        word(item.setting),
        tr("%1 intensity").replace("%1", word(item.intensity)),
    ]
    if item.community_aftercare:
        facts.append(tr("community aftercare booked"))
    parts = [heading(item.name, 2), f"<p>{muted('  ·  '.join(facts))}</p>"]
    if item.harm.flagged:
        parts.append(
            callout(
                f"<b>⚠ {esc(tr('Possible harm: never recommended.'))}</b><br>"
                f"{esc(item.harm.reason or NONE_TEXT)}",
                HARM_COLOUR,
                HARM_BACKGROUND,
            )
        )
    if InterventionTag.DIVERSION_NOT_RESETTLEMENT in item.tags:
        parts.append(
            f"<p>{muted(tr('A diversion from prosecution or custody: never put in a plan.'))}</p>"
        )
    parts.append(f"<p>{esc(item.description)}</p>")
    parts.append(heading(tr("Eligibility")))
    parts.append(facts_table(eligibility_rows(item.eligibility), 130))
    parts.append(heading(tr("Responsivity notes")))
    if item.responsivity:
        parts.append(
            bullets(
                f"<b>{esc(word(note.factor))}:</b> {esc(note.advice)}" for note in item.responsivity
            )
        )
    else:
        parts.append(f"<p>{muted(tr('No notes of its own; general delivery advice applies.'))}</p>")
    evidence = [heading(tr("Evidence records (%1)").replace("%1", str(len(item.evidence))))]
    evidence.extend(
        evidence_record_html(record, _citation_of(pack, record.citation_id))
        for record in sorted(item.evidence, key=lambda r: (-r.quality, r.id))
    )
    return page(
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='40%' valign='top' style='padding-right:14px'>{''.join(parts)}</td>"
        f"<td width='60%' valign='top' style='padding-left:14px'>{''.join(evidence)}</td>"
        "</tr></table>"
    )
