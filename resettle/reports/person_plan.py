"""The person's own copy of the plan: plain words, no risk scores, no officer-only notes.

It opens with the first day (where to go, when, who to call), then the first weeks, then who can
help. `large_print=True` sets the body at 16pt with bigger headings. What it says, and in what
order, is ``person_plan_words.py`` (the HTML copy says the same).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from resettle.domain.plan_document import ActionLine, PlanDocument
from resettle.reports import person_plan_words as words
from resettle.reports.keep_heading import keep_headings
from resettle.reports.labels import STATUS_PERSON, owner_person
from resettle.reports.officer_plan import furniture_for
from resettle.reports.page_templates import PERSONAL_COPY, build_balanced_pdf, content_width
from resettle.reports.styles import LARGE_PRINT_MIN, PERSON, RULE, Styles, person_styles
from resettle.reports.tables import PagedTable, Plain, data_table
from resettle.reports.text import markup, para

TITLE = words.TITLE
SUBJECT = words.SUBJECT
#: The last page of a document longer than a page holds at least this many lines of body text
#: (the large print of a 20-action plan ended with one line on a page of its own).
LAST_PAGE_LINES = 6


def _heading(title: str, s: Styles) -> list[Flowable]:
    return [CondPageBreak(s.body_size * 8), Paragraph(title, s.h1)]


def _subheading(title: str, s: Styles) -> list[Flowable]:
    return [CondPageBreak(s.body_size * 6), Paragraph(title, s.h2)]


def _say(sentence: words.Sentence, style: ParagraphStyle, bullet: bool = False) -> Paragraph:
    template = ("• " if bullet else "") + sentence.template
    return markup(template, style, **sentence.values)


def _said(sentences: list[words.Sentence], s: Styles, bullet: bool = False) -> list[Flowable]:
    return [_say(x, s.body, bullet) for x in sentences]


def _actions_table(actions: list[ActionLine], s: Styles, w: float) -> Flowable:
    rows: list[list[Flowable | str]] = []
    for a in words.by_date(actions):
        when, what, who, progress = words.action_cells(a)
        rows.append([when, _say(what, s.cell), who, Plain(progress)])
    # A page of rows at a time: 200 actions in one table were re-measured at every page break.
    return PagedTable(
        words.ACTION_HEADERS, rows, (0.28, 0.41, 0.17, 0.14), s, total_width=w, split_rows=False
    )


def _actions_blocks(actions: list[ActionLine], s: Styles) -> list[Flowable]:
    """Large print: one short block per action instead of a cramped table."""
    out: list[Flowable] = []
    for a in words.by_date(actions):
        when, phrase = words.block_when(a)
        out.append(
            KeepTogether(
                [
                    markup(
                        "<b>{when}</b>" + (" ({phrase})" if phrase else ""),
                        s.body,
                        when=when,
                        phrase=phrase,
                    ),
                    _say(words.action_what_sentence(a), s.body),
                    markup(
                        "Who does it: {who}. Progress: {status}.",
                        s.muted,
                        who=owner_person(a.owner),
                        status=STATUS_PERSON[a.status].lower(),
                    ),
                    HRFlowable(
                        width="100%",
                        thickness=0.5,
                        color=RULE,
                        spaceBefore=s.body_size * 0.4,
                        spaceAfter=s.body_size * 0.6,
                    ),
                ]
            )
        )
    return out


def _actions(actions: list[ActionLine], s: Styles, w: float, large: bool) -> list[Flowable]:
    return _actions_blocks(actions, s) if large else [_actions_table(actions, s, w)]


def _first_day(doc: PlanDocument, s: Styles) -> list[Flowable]:
    out = _heading(words.FIRST_DAY, s)
    out.append(_say(words.release_sentence(doc), s.body))
    release_day = words.release_day_sentence(doc)
    if release_day is not None:
        out.append(_say(release_day, s.body))
    for title, sentences, bullet in (
        (words.WHERE_TO_GO, words.where_to_go(doc), False),
        (words.THINGS_THAT_DAY, words.things_that_day(doc), True),
        (words.WHAT_IS_READY, words.what_is_ready(doc), True),
    ):
        if sentences:
            out += _subheading(title, s)
            out += _said(sentences, s, bullet)
    out += _subheading(words.WHO_TO_CALL, s)
    out += _said(words.who_to_call(doc), s)
    return out


def _first_weeks(doc: PlanDocument, s: Styles, w: float, large: bool) -> list[Flowable]:
    out = _heading(words.FIRST_WEEKS, s)
    lead = words.first_weeks_lead(doc)
    if lead is words.EMPTY_PLAN:
        out.append(_say(lead, s.callout))
    elif lead is not None:
        out.append(_say(lead, s.lead))
    after = words.after_release(doc)
    if after and lead is not words.EMPTY_PLAN:
        out += _actions(after, s, w, large)
    later = words.later_appointments(doc)
    if later:
        out += _subheading(words.YOUR_APPOINTMENTS, s)
        out += _said(later, s, bullet=True)
    return out


def _before_leaving(doc: PlanDocument, s: Styles, w: float, large: bool) -> list[Flowable]:
    """What is done inside before release: a section of its own, after the first weeks (a
    trial read it nested under "Your first weeks", which it is not part of)."""
    before = words.before_release(doc)
    if before is None:
        return []
    return [
        *_heading(before.title, s),
        _say(before.lead, s.lead),
        *_actions(before.actions, s, w, large),
    ]


def _who_can_help(doc: PlanDocument, s: Styles, w: float, large: bool) -> list[Flowable]:
    out = _heading(words.WHO_CAN_HELP, s)
    rows = words.who_can_help(doc)
    if not rows:
        return [*out, _say(words.ASK_WHO_CAN_HELP, s.body)]
    if large:
        # Each name close to its details, the entries further apart.
        named = ParagraphStyle("help_who", parent=s.body, spaceAfter=s.body_size * 0.15)
        for row in rows:
            who = markup("<b>{who}</b>", named, who=row.who)
            reach = para(" · ".join(x for x in (row.name, row.reach) if x) or "-", s.body)
            out.append(KeepTogether([who, reach]))
        return out
    table_rows = [[row.who, row.name or "-", row.reach or "-"] for row in rows]
    return [
        *out,
        data_table(
            words.HELP_HEADERS, table_rows, (0.3, 0.22, 0.48), s, total_width=w, split_rows=False
        ),
    ]


def _read_with_you(doc: PlanDocument, s: Styles) -> Paragraph:
    offer = words.read_with_you(doc)
    template = "<b>{english}</b>"
    values = {"english": offer.english}
    if offer.translation is not None:
        template += "<br/>{translated}"
        values["translated"] = offer.translation.text  # right to left: display order by esc()
    if offer.interpreter is not None:
        template += "<br/>{interpreter}"
        values["interpreter"] = offer.interpreter
    return markup(template, s.callout, **values)


def _closing(doc: PlanDocument, s: Styles) -> list[Flowable]:
    return [Spacer(1, s.gap), *_said(words.closing(doc), s)]


def person_story(doc: PlanDocument, s: Styles, w: float, large: bool = False) -> list[Flowable]:
    story = [
        Paragraph(TITLE, s.title),
        _say(words.greeting(doc), s.body),
        _read_with_you(doc, s),
        *_first_day(doc, s),
        *_first_weeks(doc, s, w, large),
        *_before_leaving(doc, s, w, large),
        *_who_can_help(doc, s, w, large),
        *_closing(doc, s),
    ]
    return keep_headings(story, (s.h1.name, s.h2.name, s.lead.name))


def furniture_size(large_print: bool) -> float:
    """The header's and footer's type: as large as the tables' (at least 11pt), and in large
    print as large as everything else (16pt)."""
    return LARGE_PRINT_MIN if large_print else PERSON.cell


def render_person_plan(doc: PlanDocument, large_print: bool = False) -> bytes:
    """The person's copy as PDF bytes; `large_print` sets every character at 16pt or more."""
    styles = person_styles(large_print)
    furniture = furniture_for(
        doc, marking=PERSONAL_COPY, title=TITLE, size=furniture_size(large_print)
    )
    width = content_width(furniture)
    return build_balanced_pdf(
        lambda: person_story(doc, styles, width, large_print),
        furniture,
        title=TITLE,
        subject=SUBJECT,
        last_page_least=(styles.body.leading + styles.body.spaceAfter) * LAST_PAGE_LINES,
    )
