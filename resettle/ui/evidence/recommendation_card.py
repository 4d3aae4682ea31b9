"""The card for one recommendation or exclusion: why, how it scored, delivery, evidence.

Built as HTML for a ``QTextBrowser`` from the recommender's frozen results, so it can be
tested as text without widgets.
"""

from __future__ import annotations

from resettle.evidence import (
    EvidenceSummary,
    Exclusion,
    LicenceCondition,
    PathwayEvidenceNote,
    Precedence,
    Recommendation,
    TermCode,
)
from resettle.evidence.codes import PathwayNoteKind, SourceType
from resettle.ui.evidence.html_parts import (
    HARM_BACKGROUND,
    HARM_COLOUR,
    WARN_BACKGROUND,
    WARN_COLOUR,
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
    code_word,
    exclusion_headline,
    pathways_text,
    quality_text,
    readable,
    score_text,
    tr,
    word,
)


def _summary_line(item: Recommendation) -> str:
    parts = [
        tr("Rank %1").replace("%1", str(item.rank)),
        word(item.tier),
        pathways_text(item.pathways),
        word(item.setting),
        tr("%1 intensity").replace("%1", word(item.intensity)),
    ]
    return muted("  ·  ".join(parts))


def _score_table(item: Recommendation) -> str:
    """The ranking keys after the tier, in the order they are compared."""
    order = (
        TermCode.NEED_PRIORITY,
        TermCode.RISK_INTENSITY_FIT,
        TermCode.EVIDENCE_STRENGTH,
        TermCode.CONTINUITY,
    )
    rows = [
        f"<tr><td valign='top' width='130'>{esc(tr('Tier'))}</td><td></td>"
        f"<td valign='top'>{esc(word(item.tier))}</td></tr>"
    ]
    for term in sorted(item.terms, key=lambda t: order.index(t.code)):
        rows.append(
            f"<tr><td valign='top' width='130'>{esc(word(term.code))}</td>"
            f"<td valign='top' align='right' width='44'><b>{esc(score_text(term.value))}</b></td>"
            f"<td valign='top'>{esc(readable(term.explanation))}</td></tr>"
        )
    return f"<table cellpadding='3' cellspacing='0' width='100%'>{''.join(rows)}</table>"


def evidence_summary_html(record: EvidenceSummary, used_for_score: bool = False) -> str:
    """One evidence record as the recommender summarises it."""
    title = linked(record.citation)
    rating = record.native_rating
    rows = [
        (tr("Source"), esc(code_word(SourceType, record.source_type))),
        (tr("Outcome"), esc(record.outcome)),
        (tr("Effect"), esc(record.effect)),
        (tr("Rating"), esc(rating) if rating != "none" else muted(tr("No published rating"))),
        (tr("Quality"), esc(quality_text(record.quality))),
        (tr("Verification"), verification_badge(record.verification)),
    ]
    if used_for_score:
        rows.append((tr("Score"), muted(tr("This record sets the evidence strength."))))
    return record_box(title, facts_table(rows, 100))


def _notes_for(item: Recommendation, notes: tuple[PathwayEvidenceNote, ...]) -> str:
    relevant = tuple(note for note in notes if note.pathway in item.pathways)
    return notes_html(relevant)


def recommendation_html(item: Recommendation, notes: tuple[PathwayEvidenceNote, ...] = ()) -> str:
    """Why (precedence and reasons), the score terms and delivery advice beside every
    evidence record; evidence notes for the intervention's pathways."""
    why = [heading(item.name, 2), f"<p>{_summary_line(item)}</p>"]
    explained = {term.explanation for term in item.terms}
    extra = [readable(r) for r in item.reasons if r not in explained]
    # Held-back items list reasons against: "Why it is recommended" read wrongly above them.
    why.append(heading(tr("Why it is on the list, and in this place")))
    if item.precedence is not Precedence.GENERAL:
        tier = tr("Placed by rule: %1.").replace("%1", word(item.precedence))
        why.append(f"<p>{esc(tier)}</p>")
    elif not extra:
        why.append(
            "<p>"
            + esc(
                tr(
                    "It meets a recorded need. Ranked by tier, then need, then the dose for "
                    "the risk level, evidence and continuity."
                )
            )
            + "</p>"
        )
    why.append(bullets(esc(text) for text in extra))
    why.append(heading(tr("How it was ranked"), 4))
    why.append(_score_table(item))
    why.append(heading(tr("Delivery advice (responsivity)")))
    if item.delivery_advice:
        why.append(bullets(esc(readable(text)) for text in item.delivery_advice))
    else:
        why.append(f"<p>{muted(tr('No particular advice for this person.'))}</p>")
    why.append(_notes_for(item, notes))
    scored = {
        record_id
        for term in item.terms
        if term.code is TermCode.EVIDENCE_STRENGTH and term.value > 0
        for record_id in term.record_ids
    }
    evidence = [heading(tr("Evidence records (%1)").replace("%1", str(len(item.evidence))))]
    evidence.extend(evidence_summary_html(r, r.record_id in scored) for r in item.evidence)
    return page(
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td width='50%' valign='top' style='padding-right:14px'>{''.join(why)}</td>"
        f"<td width='50%' valign='top' style='padding-left:14px'>{''.join(evidence)}</td>"
        "</tr></table>"
    )


def exclusion_html(item: Exclusion) -> str:
    parts = [heading(item.name, 2), f"<p>{muted(word(item.pathway))}</p>"]
    parts.append(heading(tr("Why it is not recommended")))
    for reason in item.reasons:
        body = f"<b>{esc(exclusion_headline(reason))}</b><br>{esc(readable(reason.text))}"
        if reason.code == "harmful":
            parts.append(callout(body, HARM_COLOUR, HARM_BACKGROUND))
        else:
            parts.append(f"<p style='margin-bottom:6px'>{body}</p>")
    return page("".join(parts))


def notes_html(notes: tuple[PathwayEvidenceNote, ...]) -> str:
    """Evidence gaps and context for the pathways where the person has a need."""
    items = []
    for note in notes:
        kind = code_word(PathwayNoteKind, note.kind)
        text = f"<b>{esc(word(note.pathway))}</b> — {esc(kind)}: {esc(readable(note.statement))}"
        if note.verification == "unverified":
            text += " " + verification_badge("unverified")
        items.append(text)
    if not items:
        return ""
    return callout("<br>".join(items), WARN_COLOUR, WARN_BACKGROUND)


def notes_summary(notes: tuple[PathwayEvidenceNote, ...]) -> str:
    """One line naming the pathways with an evidence gap or context note (plain text)."""
    if not notes:
        return ""
    parts = [
        tr("%1 (%2)")
        .replace("%1", word(n.pathway))
        .replace("%2", code_word(PathwayNoteKind, n.kind).lower())
        for n in notes
    ]
    return tr(
        "Evidence notes for this person's pathways: %1. Each is shown with the "
        "recommendations on that pathway."
    ).replace("%1", "; ".join(parts))


def licence_conditions_html(conditions: tuple[LicenceCondition, ...]) -> str:
    """Controls (licence conditions): never recommendations; their evidence and who sets them."""
    parts = [heading(tr("Licence conditions: controls, not recommendations"), 2)]
    if not conditions:
        parts.append(
            f"<p>{muted(tr('No licence condition in the pack applies to this person.'))}</p>"
        )
        return page("".join(parts))
    parts.append(
        callout(
            esc(
                tr(
                    "These are not interventions and are never part of the recommendations. "
                    "The releasing authority (the prison governor, or the Parole Board) sets "
                    "licence conditions; they are shown here with their evidence."
                )
            ),
            WARN_COLOUR,
            WARN_BACKGROUND,
        )
    )
    for condition in conditions:
        parts.append(heading(condition.name, 3))
        parts.append(f"<p>{esc(condition.description)}</p>")
        parts.append(f"<p>{esc(readable(condition.evidence_summary))}</p>")
        parts.append(f"<p><i>{esc(readable(condition.advice))}</i></p>")
        parts.extend(evidence_summary_html(r) for r in condition.evidence)
    return page("".join(parts))
