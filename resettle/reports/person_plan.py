"""The person's own copy of the plan: plain words, no risk scores, no officer-only notes.

It opens with the first day (where to go, when, who to call), then the first weeks, then who can
help. `large_print=True` sets the body at 16pt with bigger headings.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, KeepTogether, Paragraph, Spacer

from resettle.domain.plan import ActionOwner, ActionStatus, DuePhrase
from resettle.domain.plan_document import ActionLine, PlanDocument, is_empty_plan
from resettle.reports.labels import STATUS_PERSON, due_person, owner_person, release_day_line
from resettle.reports.officer_plan import furniture_for
from resettle.reports.page_templates import PERSONAL_COPY, build_pdf, content_width
from resettle.reports.styles import RULE, Styles, make_styles
from resettle.reports.tables import Plain, data_table
from resettle.reports.text import long_date, markup, para, short_date

TITLE = "Your plan for leaving prison"
SUBJECT = "The person's own copy of their plan for leaving prison"


def _first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def _heading(title: str, s: Styles) -> list[Flowable]:
    return [CondPageBreak(s.body_size * 8), Paragraph(title, s.h1)]


def _subheading(title: str, s: Styles) -> list[Flowable]:
    return [CondPageBreak(s.body_size * 6), Paragraph(title, s.h2)]


def _is_release_day(a: ActionLine, release: date | None) -> bool:
    if a.due_phrase is DuePhrase.RELEASE_DAY:
        return True
    return release is not None and a.due_on == release


def _is_before_release(a: ActionLine, release: date | None) -> bool:
    if a.due_phrase is DuePhrase.DAYS_BEFORE_RELEASE:
        return True
    return release is not None and a.due_on is not None and a.due_on < release


def _is_released(doc: PlanDocument) -> bool:
    """Printed after the release day: the document's today is the day it was printed."""
    release = doc.person.release_date
    return release is not None and doc.printed_at.date() > release


def _shown(doc: PlanDocument) -> list[ActionLine]:
    return [a for a in doc.actions if a.status is not ActionStatus.NOT_NEEDED]


def _by_date(actions: list[ActionLine]) -> list[ActionLine]:
    return sorted(actions, key=lambda a: (a.due_on is None, a.due_on or date.max))


def _when(a: ActionLine) -> str:
    phrase = due_person(a.due_phrase, a.due_days)
    if a.due_on is None:
        return phrase or "No date yet"
    return f"{short_date(a.due_on)}\n{phrase}" if phrase else short_date(a.due_on)


def _actions_table(actions: list[ActionLine], s: Styles, w: float) -> Flowable:
    headers = ("When", "What to do", "Who does it", "Progress")
    rows: list[list[Flowable | str]] = [
        [_when(a), a.what, owner_person(a.owner), Plain(STATUS_PERSON[a.status])]
        for a in _by_date(actions)
    ]
    return data_table(headers, rows, (0.2, 0.46, 0.19, 0.15), s, total_width=w)


def _actions_blocks(actions: list[ActionLine], s: Styles) -> list[Flowable]:
    """Large print: one short block per action instead of a cramped table."""
    out: list[Flowable] = []
    for a in _by_date(actions):
        when = long_date(a.due_on) if a.due_on else "No date yet"
        phrase = due_person(a.due_phrase, a.due_days)
        out.append(
            KeepTogether(
                [
                    markup(
                        "<b>{when}</b>" + (" ({phrase})" if phrase else ""),
                        s.body,
                        when=when,
                        phrase=phrase,
                    ),
                    para(a.what, s.body),
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
    p = doc.person
    release = p.release_date
    out = _heading("Your first day", s)
    if release:
        out.append(markup("You leave on <b>{day}</b>.", s.body, day=long_date(release)))
        if doc.release_day is not None:
            out.append(para(release_day_line(doc.release_day), s.body))
    else:
        out.append(para("Your release date is not set yet. We will tell you when it is.", s.body))
    today = sorted(
        (a for a in doc.appointments if release and a.on == release), key=lambda a: a.time
    )
    if today:
        out += _subheading("Where to go", s)
        for a in today:
            text = "<b>{time}</b>: {what}. Go to {place}." if a.time else "{what}. Go to {place}."
            if a.with_whom:
                text += " You will see: {who}."
            out.append(
                markup(
                    text,
                    s.body,
                    time=a.time,
                    what=a.what,
                    place=a.place or "the place your officer told you",
                    who=a.with_whom,
                )
            )
    todo = [a for a in _shown(doc) if _is_release_day(a, release)]
    if todo:
        out += _subheading("Things to do that day", s)
        for a in todo:
            doer = "" if a.owner is ActionOwner.PERSON else " ({who} will do this.)"
            out.append(markup("• {what}" + doer, s.body, what=a.what, who=owner_person(a.owner)))
    if doc.checklist:
        out += _subheading("What is ready for you", s)
        for c in doc.checklist:
            template = "• <b>{item}</b>: {status}." + (" {detail}." if c.detail else "")
            out.append(
                markup(
                    template,
                    s.body,
                    item=c.essential,
                    status=c.status.lower(),
                    detail=c.detail.rstrip("."),
                )
            )
    out += _subheading("Who to call", s)
    officer = p.responsible_officer or "your probation officer"
    out.append(markup("Your probation officer is <b>{officer}</b>.", s.body, officer=officer))
    if p.officer_contact:
        out.append(markup("Call or write to: <b>{contact}</b>", s.body, contact=p.officer_contact))
    out.append(para("If you are lost or late, call them. Do not just miss it.", s.body))
    return out


def _first_weeks(doc: PlanDocument, s: Styles, w: float, large: bool) -> list[Flowable]:
    release = doc.person.release_date
    out = _heading("Your first weeks", s)
    shown = _shown(doc)
    after = [
        a for a in shown if not _is_release_day(a, release) and not _is_before_release(a, release)
    ]
    before = [a for a in shown if _is_before_release(a, release)]
    later = sorted(
        (a for a in doc.appointments if not release or a.on > release), key=lambda a: (a.on, a.time)
    )
    if is_empty_plan(doc):
        out.append(
            para(
                "There are no actions in your plan yet. Your probation officer "
                "will add them with you.",
                s.callout,
            )
        )
    elif after:
        out.append(para("These are the things to do, in date order.", s.body))
        out += _actions(after, s, w, large)
    elif not later:
        out.append(para("Nothing else is planned yet for after your first day.", s.body))
    if later:
        out += _subheading("Your appointments", s)
        for a in later:
            out.append(
                markup(
                    "• <b>{day}{time}</b>: {what}, at {place}{who}.",
                    s.body,
                    day=long_date(a.on),
                    time=f", {a.time}" if a.time else "",
                    what=a.what,
                    place=a.place or "a place to be confirmed",
                    who=f", with {a.with_whom}" if a.with_whom else "",
                )
            )
    out += _before_release(before, _is_released(doc), s, w, large)
    return out


def _before_release(
    before: list[ActionLine], released: bool, s: Styles, w: float, large: bool
) -> list[Flowable]:
    """What was to be done before release: in progress while inside; after release, what
    is left of it, to finish (done actions are no longer listed)."""
    if released:
        before = [a for a in before if a.status is not ActionStatus.DONE]
        title = "Still to sort out"
        lead = "These were due before you left. Your probation officer will help you finish them."
    else:
        title = "Before you leave"
        lead = "These are being sorted out while you are still inside."
    if not before:
        return []
    return [*_subheading(title, s), para(lead, s.body), *_actions(before, s, w, large)]


def _who_can_help(doc: PlanDocument, s: Styles, w: float, large: bool) -> list[Flowable]:
    p = doc.person
    out = _heading("Who can help", s)
    rows: list[tuple[str, str, str]] = []
    if p.responsible_officer:
        rows.append(("Your probation officer", p.responsible_officer, p.officer_contact))
    if p.key_worker:
        rows.append(("Your key worker", p.key_worker, "Ask at the wing office"))
    for c in doc.aftercare:
        what = f"{c.provider} ({c.service})" if c.service else c.provider
        rows.append((what, c.contact, c.phone))
    if not rows:
        return [*out, para("Ask your probation officer who can help you.", s.body)]
    if large:
        for who, name, reach in rows:
            out.append(markup("<b>{who}</b>", s.body, who=who))
            out.append(para(" · ".join(x for x in (name, reach) if x) or "-", s.body))
        return out
    headers = ("Who", "Name", "Phone or email")
    table_rows = [[who, name or "-", reach or "-"] for who, name, reach in rows]
    return [*out, data_table(headers, table_rows, (0.34, 0.24, 0.42), s, total_width=w)]


def _closing(doc: PlanDocument, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, s.gap)]
    if doc.agreed_by_person and doc.person_agreed_on:
        out.append(
            markup("You agreed this plan on {day}.", s.body, day=long_date(doc.person_agreed_on))
        )
    out.append(para("If something in this plan is wrong, tell your probation officer.", s.body))
    return out


def person_story(doc: PlanDocument, s: Styles, w: float, large: bool = False) -> list[Flowable]:
    name = _first_name(doc.person.name)
    return [
        Paragraph(TITLE, s.title),
        markup(
            "Hello {name}. This is your plan. It says what happens when you leave prison, "
            "and who will help you. Keep it with you.",
            s.body,
            name=name,
        ),
        *_first_day(doc, s),
        *_first_weeks(doc, s, w, large),
        *_who_can_help(doc, s, w, large),
        *_closing(doc, s),
    ]


def render_person_plan(doc: PlanDocument, large_print: bool = False) -> bytes:
    """The person's copy as PDF bytes; `large_print` uses a 16pt body."""
    styles = make_styles(large_print)
    furniture = furniture_for(
        doc, marking=PERSONAL_COPY, title=TITLE, size=11.0 if large_print else 8.0
    )
    story = person_story(doc, styles, content_width(furniture), large_print)
    return build_pdf(story, furniture, title=TITLE, subject=SUBJECT)
