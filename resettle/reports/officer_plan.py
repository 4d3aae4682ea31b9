"""The officer's copy of the through-the-gate plan (OFFICIAL-SENSITIVE)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from resettle.domain.plan import PlanState
from resettle.domain.plan_document import (
    ActionLine,
    CommunicationNeeds,
    EvidenceBasis,
    PlanDocument,
    ProgrammeLine,
    by_pathway_then_due,
    is_empty_plan,
)
from resettle.reports.draft_marks import WATERMARK
from resettle.reports.fonts import REGULAR
from resettle.reports.keep_heading import keep_headings
from resettle.reports.labels import (
    NOT_AGREED_YET,
    STATE_LABELS,
    STATUS_OFFICER,
    due_officer,
    owner_officer,
    release_day_line,
)
from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.repeat_words import officer_when
from resettle.reports.styles import RULE, Styles, make_styles
from resettle.reports.tables import (
    MeasuredOnceGrid,
    Plain,
    data_table,
    key_value_table,
    widths_fitting_words,
)
from resettle.reports.text import (
    NOT_RECORDED,
    NOT_RECORDED_IN_TEXT,
    date_time,
    esc,
    in_sentence,
    markup,
    or_not_recorded,
    para,
    short_date,
)

TITLE = "Through-the-gate resettlement plan"
SUBJECT = "The officer's copy of a plan for a person leaving prison"
ACTIONS_HEADERS = ("#", "Pathway", "Action", "Owner", "Due", "Status")
ACTIONS_WIDTHS = (0.045, 0.17, 0.41, 0.1, 0.165, 0.11)


def furniture_for(doc: PlanDocument, *, marking: str, title: str, size: float) -> PageFurniture:
    p = doc.person
    subject = p.name + (f" · {p.prison_number}" if p.prison_number else "")
    note = (
        f"Plan version {doc.plan_version} ({STATE_LABELS[doc.state].lower()}) · "
        f"printed {in_sentence(date_time(doc.printed_at))}"
    )
    draft = doc.state is PlanState.DRAFT
    return PageFurniture(
        marking=marking,
        title=title,
        subject=subject,
        footer_note=note,
        font_size=size,
        banner=NOT_AGREED_YET if draft else "",
        watermark=WATERMARK if draft else "",
    )


def _section(title: str, s: Styles) -> list[Flowable]:
    # Keep a heading with at least a little of what follows it.
    return [CondPageBreak(s.body_size * 7), Paragraph(title, s.h1)]


def _kept(title: str, table: Table, s: Styles) -> list[Flowable]:
    """A short section that should not split across pages."""
    return [KeepTogether([Paragraph(title, s.h1), table])]


def _none(text: str, s: Styles) -> Paragraph:
    return para(text, s.muted)


def _person(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    p = doc.person
    pairs = [
        ("Name", p.name),
        ("Date of birth", short_date(p.date_of_birth)),
        ("Prison number", or_not_recorded(p.prison_number)),
        ("CRN", or_not_recorded(p.crn)),
        ("PNC", or_not_recorded(p.pnc)),
        ("Establishment", or_not_recorded(p.establishment)),
        ("Release date", short_date(p.release_date)),
        ("Release type", or_not_recorded(p.release_type)),
        ("Responsible officer", or_not_recorded(p.responsible_officer)),
        ("Officer contact", or_not_recorded(p.officer_contact)),
        ("Key worker", or_not_recorded(p.key_worker)),
    ]
    out = _kept("Person", key_value_table(pairs, s, total_width=w), s)
    if doc.release_day is not None:
        out.append(para(release_day_line(doc.release_day), s.body))
    return out


def _communication(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    """Interpreter, language and learning needs, right after the person's details: the
    first thing an officer needs before meeting or writing to the person."""
    if doc.communication is None:  # issued before these were printed
        return []
    pairs = communication_pairs(doc.communication)
    return _kept("Communication needs", key_value_table(pairs, s, total_width=w), s)


def communication_pairs(c: CommunicationNeeds) -> list[tuple[str, str]]:
    language = c.preferred_language.strip()
    interpreter = "Not needed"
    if c.interpreter_needed:
        interpreter = f"Needed: {language}" if language else "Needed: language not recorded"
    pairs = [
        ("Interpreter", interpreter),
        ("Preferred language", language or NOT_RECORDED),
        (
            "Learning disability or difficulty",
            "Yes: check how to explain the plan" if c.learning_disability else "None recorded",
        ),
    ]
    if c.learning_notes.strip():
        pairs.append(("Learning needs notes", c.learning_notes.strip()))
    return pairs


def _risk(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    r = doc.risk
    pairs = [
        ("Score used", or_not_recorded(r.score_used)),
        ("Source", or_not_recorded(r.score_source)),
        ("OGRS3 1 year", or_not_recorded(r.ogrs3_one_year)),
        ("OGRS3 2 years", or_not_recorded(r.ogrs3_two_year)),
        ("Band", or_not_recorded(r.band)),
        ("Confirmed risk level", or_not_recorded(r.confirmed_level)),
        ("RoSH", or_not_recorded(r.rosh)),
    ]
    return _kept("Risk summary", key_value_table(pairs, s, total_width=w), s)


def _needs(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    out = _section("Needs by pathway", s)
    if not doc.needs:
        return [*out, _none("No needs have been recorded.", s)]
    rows = [
        [
            n.pathway.label,
            n.status,
            n.severity or "-",
            "Yes" if n.linked_to_offending else "No",
            "; ".join(n.support_needs) or "None recorded",
        ]
        for n in doc.needs
    ]
    headers = ("Pathway", "Status", "Severity", "Linked to offending", "Support needs")
    return [
        *out,
        data_table(
            headers, rows, (0.22, 0.15, 0.11, 0.12, 0.40), s, total_width=w, split_rows=False
        ),
    ]


def _due_cell(a: ActionLine, s: Styles) -> Flowable | str:
    """The date over how it was set; a repeat's series over its dates (``repeat_words``)."""
    if a.repeat is not None:
        return Paragraph("<br/>".join(esc(x) for x in officer_when(a, a.repeat)), s.cell)
    due = due_officer(a.due_phrase, a.due_days)
    if a.due_on is None:
        return due
    return markup("{when}<br/>{due}", s.cell, when=short_date(a.due_on), due=due)


def actions_table(doc: PlanDocument, s: Styles, w: float) -> Table:
    rows = []
    for i, a in enumerate(by_pathway_then_due(doc.actions), start=1):
        rows.append(
            [
                Plain(str(i)),
                a.pathway.label,
                a.what,
                Plain(owner_officer(a.owner)),
                _due_cell(a, s),
                Plain(STATUS_OFFICER[a.status]),
            ]
        )
    # No row split across pages (a draft's row 2 was, under a second header row).
    return data_table(
        ACTIONS_HEADERS,
        rows,
        (0.045, 0.17, 0.41, 0.1, 0.165, 0.11),
        s,
        total_width=w,
        split_rows=False,
    )


def _actions(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    out = _section("Actions", s)
    if is_empty_plan(doc):
        return [
            *out,
            para("This plan has no actions yet. Add actions before it is agreed.", s.callout),
        ]
    return [*out, actions_table(doc, s, w)]


def _checklist(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    out = _section("Release-day checklist", s)
    if not doc.checklist:
        return [*out, _none("No release-day essentials have been recorded.", s)]
    rows = [
        [("☑ " if c.done else "☐ ") + c.essential, c.status, c.detail or "-"] for c in doc.checklist
    ]
    headers = ("Essential", "Status", "Detail")
    return [*out, data_table(headers, rows, (0.34, 0.18, 0.48), s, total_width=w, split_rows=False)]


def _appointments(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    out = _section("Appointments", s)
    if not doc.appointments:
        return [*out, _none("No appointments have been booked.", s)]
    rows = [
        [a.what, short_date(a.on), a.time or "-", a.place or "-", a.with_whom or "-"]
        for a in sorted(doc.appointments, key=lambda a: (a.on, a.time))
    ]
    headers = ("What", "Date", "Time", "Where", "With")
    return [
        *out,
        data_table(
            headers, rows, (0.26, 0.12, 0.08, 0.34, 0.20), s, total_width=w, split_rows=False
        ),
    ]


def _aftercare(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    out = _section("Aftercare contacts", s)
    if not doc.aftercare:
        return [*out, _none("No aftercare referrals have been made.", s)]
    rows = [[c.provider, c.service or "-", c.contact or "-", c.phone or "-"] for c in doc.aftercare]
    headers = ("Provider", "Service", "Contact", "Phone")
    return [
        *out,
        data_table(headers, rows, (0.28, 0.28, 0.26, 0.18), s, total_width=w, split_rows=False),
    ]


def _programmes(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    """The programme history: completions, and those not completed with the reason."""
    out = _section("Programmes", s)
    if not doc.programmes:
        return [*out, _none("No programmes have been recorded.", s)]
    rows = [
        [
            p.programme,
            markup("{setting}<br/>{where}", s.cell, setting=p.setting, where=p.where)
            if p.where
            else p.setting,
            _dates(p),
            p.outcome,
            p.reason or "-",
        ]
        for p in doc.programmes
    ]
    headers = ("Programme", "Setting and where", "Dates", "Outcome", "Reason")
    return [
        *out,
        data_table(
            headers, rows, (0.25, 0.2, 0.21, 0.15, 0.19), s, total_width=w, split_rows=False
        ),
    ]


def _dates(p: ProgrammeLine) -> str:
    start = short_date(p.started_on) if p.started_on else "start not recorded"
    if p.ended_on:
        return f"{start} to {short_date(p.ended_on)}"
    if p.expected_end_on:
        return f"{start}, expected to end {short_date(p.expected_end_on)}"
    return f"from {start}" if p.started_on else start


def _evidence(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    out = _section("Evidence basis for recommended interventions", s)
    if not doc.evidence:
        return [
            *out,
            _none("No action in this plan came from a recommendation, so no evidence is cited.", s),
        ]
    rows = [
        [e.intervention, e.finding or "-", _rating(e, s), f"{e.quality} of 4", e.citation]
        for e in doc.evidence
    ]
    headers = ("Intervention", "Finding", "Rating (the scheme's words)", "Quality", "Citation")
    # No word split across lines ("cogniti ve-behavioural", second officers' trial).
    texts = [
        [e.intervention, e.finding or "-", e.rating or "", f"{e.quality} of 4", e.citation]
        for e in doc.evidence
    ]
    widths = widths_fitting_words(headers, texts, (0.17, 0.19, 0.2, 0.1, 0.34), s, total_width=w)
    return [*out, data_table(headers, rows, widths, s, total_width=w, split_rows=False)]


#: What a record with no rating scheme prints in the rating column.
NOT_RATED = "Not rated"


def _rating(e: EvidenceBasis, s: Styles) -> Paragraph | str:
    # The scheme's words, a line each, then the scheme's name. A plan issued before the
    # words were printed this way holds "none" (or '"none"') for no scheme: not rated.
    if e.rating.strip('"').lower() in ("", "none") or e.scheme.lower() in ("", "none"):
        return NOT_RATED
    return markup("{r}<br/>{scheme}", s.cell, r=e.rating, scheme=e.scheme)


def _versions(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    if doc.agreed_by_person:
        person = f"Yes, on {short_date(doc.person_agreed_on)}" if doc.person_agreed_on else "Yes"
        if doc.person_agreed_how:
            person += f" ({doc.person_agreed_how})"
    else:
        person = "Not recorded" if doc.agreed_at is None else "No"
    pairs = [
        ("Plan version", str(doc.plan_version)),
        ("State", STATE_LABELS[doc.state]),
        ("Agreed by", or_not_recorded(doc.agreed_by)),
        ("Agreed at", date_time(doc.agreed_at) if doc.agreed_at else NOT_RECORDED),
        ("Person agreed", person),
        ("Evidence pack", or_not_recorded(doc.evidence_pack_version)),
        ("Rule version", or_not_recorded(doc.rule_version)),
        ("Printed", date_time(doc.printed_at)),
    ]
    return _kept("Agreement and versions", key_value_table(pairs, s, total_width=w), s)


def _notes(doc: PlanDocument, s: Styles) -> list[Flowable]:
    if not doc.officer_notes:
        return []
    return [
        *_section("Officer-only notes", s),
        para("Not for the person's copy.", s.muted),
        *(para(n, s.body) for n in doc.officer_notes),
    ]


#: The most the notes and signatures may take together to be kept on one page.
CLOSING_KEPT_MAX = 0.5 * A4[1]


def _closing(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    """The officer's notes and the signatures, on one page when together they are short: the
    notes' page break asks for room for both, so the signature lines never end the copy alone
    on its last page (a trial found them so). Measured here, once: laying the whole copy out
    twice to balance its last page, as the person's copy does, doubled its time."""
    notes, signatures = _notes(doc, s), _signatures(s, w)
    if not notes:
        return signatures
    needed = _stacked_height(notes[1:], w) + _stacked_height(signatures, w)
    if needed > CLOSING_KEPT_MAX:
        return [*notes, *signatures]
    return [CondPageBreak(needed), *notes[1:], *signatures]


def _stacked_height(flowables: Sequence[Flowable], w: float) -> float:
    """The height of ``flowables`` one under another, with their spaces (a KeepTogether's by
    what it holds)."""
    total = 0.0
    for f in flowables:
        if isinstance(f, KeepTogether):
            total += _stacked_height(f._content, w)
            continue
        total += f.wrap(w, A4[1])[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _signatures(s: Styles, w: float) -> list[Flowable]:
    line = "_" * 34
    rows = [
        [
            para("Officer", s.cell_bold),
            para("Signature " + line, s.cell),
            para("Date ______________", s.cell),
        ],
        [
            para("Person", s.cell_bold),
            para("Signature " + line, s.cell),
            para("Date ______________", s.cell),
        ],
    ]
    table = MeasuredOnceGrid(
        rows,
        colWidths=[0.16 * w, 0.56 * w, 0.28 * w],
        hAlign="LEFT",
        rowHeights=[s.body_size * 3.6] * 2,
    )
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ]
    )
    return [KeepTogether([*_section("Signatures", s), table])]


def officer_story(doc: PlanDocument, s: Styles, w: float) -> list[Flowable]:
    release = doc.person.release_date
    subtitle = f"Version {doc.plan_version} · {STATE_LABELS[doc.state]} · " + (
        f"release {short_date(release)}" if release else f"release date {NOT_RECORDED_IN_TEXT}"
    )
    story = [
        Paragraph(TITLE, s.title),
        markup("<b>{name}</b> · {sub}", s.body, name=doc.person.name, sub=subtitle),
        Spacer(1, s.gap * 0.3),
        *_person(doc, s, w),
        *_communication(doc, s, w),
        *_risk(doc, s, w),
        *_needs(doc, s, w),
        *_actions(doc, s, w),
        *_checklist(doc, s, w),
        *_appointments(doc, s, w),
        *_aftercare(doc, s, w),
        *_programmes(doc, s, w),
        *_evidence(doc, s, w),
        *_versions(doc, s, w),
        *_closing(doc, s, w),
    ]
    return keep_headings(story, (s.h1.name, s.h2.name))


def render_officer_plan(doc: PlanDocument) -> bytes:
    """The officer's copy as PDF bytes: everything, including risk and officer-only notes."""
    styles = make_styles()
    furniture = furniture_for(doc, marking=OFFICIAL_SENSITIVE, title=TITLE, size=8.0)
    story = officer_story(doc, styles, content_width(furniture))
    return build_pdf(story, furniture, title=f"{TITLE} (officer's copy)", subject=SUBJECT)
