"""What the person's copy says, and in what order: one place for its words and choices, read
by the PDF (``person_plan.py``) and the HTML copy (``person_plan_html.py``).

Sentences are our own mark-up templates (``<b>`` only, valid in ReportLab's Paragraph mark-up
and in HTML) with user text as named values; each renderer escapes the values into them. No
ReportLab, no HTML here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from resettle.domain.plan import ActionOwner, ActionStatus, DuePhrase, PlanState
from resettle.domain.plan_document import (
    CHECKLIST_NOT_NEEDED,
    ActionLine,
    AppointmentLine,
    ChecklistItem,
    PlanDocument,
    is_empty_plan,
)
from resettle.domain.team_office import address_on_one_line
from resettle.reports import repeat_words
from resettle.reports.labels import (
    CLOSED_WORDS,
    STATUS_PERSON,
    due_person,
    owner_person,
)

# Said on every draft (the banner's words): the HTML copy's banner reads it from here.
from resettle.reports.labels import NOT_AGREED_YET as NOT_AGREED_YET
from resettle.reports.read_with_you import Offer, offer_for
from resettle.reports.text import long_date, short_date

TITLE = "Your plan for leaving prison"
#: The PDF's subject (its document properties).
SUBJECT = "The person's own copy of their plan for leaving prison"
FIRST_DAY = "Your first day"
WHERE_TO_GO = "Where to go"
THINGS_THAT_DAY = "Things to do that day"
WHAT_IS_READY = "What we are sorting out for you"  # trial: "ready" sat over "not yet arranged"
WHO_TO_CALL = "Who to call"
FIRST_WEEKS = "Your first weeks"
YOUR_APPOINTMENTS = "Your appointments"
WHO_CAN_HELP = "Who can help"
#: Said after ``NOT_AGREED_YET`` at the top of a draft's HTML copy.
NOT_AGREED_YET_DETAIL = "It may still change. Your probation officer will go through it with you."

ACTION_HEADERS = ("When", "What to do", "Who does it", "Progress")
HELP_HEADERS = ("Who", "Name", "Phone or email")
NO_DATE = "No date yet"
#: A help row's cells when we know no name or number: said, never an empty cell.
NO_NAME = "Not known"
NO_NUMBER = "No phone number known yet: ask your probation officer"


@dataclass(frozen=True)
class Sentence:
    """Our mark-up ``template`` with user text ``values`` to escape into it."""

    template: str
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionGroup:
    """A list of actions under an optional heading, with the sentence that leads into it."""

    title: str
    lead: Sentence
    actions: list[ActionLine]
    #: What the table is, for a table's caption (the HTML copy).
    caption: str


@dataclass(frozen=True)
class HelpRow:
    who: str
    name: str
    reach: str


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else name


def greeting(doc: PlanDocument) -> Sentence:
    return Sentence(
        "Hello {name}. This is your plan. It says what happens when you leave prison, "
        "and who will help you. Keep it with you.",
        {"name": first_name(doc.person.name)},
    )


def read_with_you(doc: PlanDocument) -> Offer:
    """The offer to read the plan with the person, said right after the greeting: in English,
    and in their language too where we have the words (``read_with_you``)."""
    return offer_for(doc.communication)


def is_draft(doc: PlanDocument) -> bool:
    return doc.state is PlanState.DRAFT


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


def shown(doc: PlanDocument) -> list[ActionLine]:
    """The actions the person sees: "not needed" ones are left out, and so are appointments
    listed under the appointments (said once, with their time and place)."""
    leaving = leaving_day(doc)
    return [
        counted_from(a, leaving)
        for a in doc.actions
        if a.status is not ActionStatus.NOT_NEEDED and not a.appointment
    ]


def counted_from(a: ActionLine, leaving: date | None) -> ActionLine:
    """``a`` with its "N days before/after you leave" counted from the day the person leaves
    to the day printed beside it, not from the offset the officer set: a date moved off a
    weekend, or a Sunday release that happens on the Friday, would otherwise say "1 week
    after you leave" beside a day 9 or 10 days after it (trial). Kept as set when the count
    would cross the leaving day (a release date the officer has still to correct)."""
    if leaving is None or a.due_on is None:
        return a
    days = (a.due_on - leaving).days
    if a.due_phrase is DuePhrase.DAYS_AFTER_RELEASE and days > 0:
        return a.model_copy(update={"due_days": days})
    if a.due_phrase is DuePhrase.DAYS_BEFORE_RELEASE and days < 0:
        return a.model_copy(update={"due_days": -days})
    return a


def by_date(actions: list[ActionLine]) -> list[ActionLine]:
    return sorted(actions, key=lambda a: (a.due_on is None, a.due_on or date.max))


def when(a: ActionLine) -> str:
    """The "When" cell: the date, then the phrase on a line of its own; for an action that
    repeats, the series in one cell ("Every Tuesday morning", "2 Jun to 30 Jun 2026")."""
    if a.repeat is not None:
        return "\n".join(repeat_words.person_when(a, a.repeat))
    phrase = due_person(a.due_phrase, a.due_days)
    if a.due_on is None:
        return phrase or NO_DATE
    return f"{short_date(a.due_on)}\n{phrase}" if phrase else short_date(a.due_on)


def block_when(a: ActionLine) -> tuple[str, str]:
    """Large print's heading for one action: what to print in bold (the date, or the series
    of a repeat) and a note after it in brackets ("" for none)."""
    if a.repeat is not None:
        heading = repeat_words.person_heading(a.repeat)
        span = repeat_words.person_span(a, a.repeat, long=True)
        return f"{heading}, {span}", repeat_words.closed_days(a.repeat, long=True)
    return (long_date(a.due_on) if a.due_on else NO_DATE), due_person(a.due_phrase, a.due_days)


def action_title(a: ActionLine) -> str:
    """What the action is called for the person: its plain title when it came from the
    evidence pack or the support-need catalogue in the app's words, else the officer's words
    (never the technical name: the officer's copy keeps that)."""
    return a.plain_title or a.what


def action_what_sentence(a: ActionLine) -> Sentence:
    """The "What to do" cell with mark-up: a plain title in bold above its sentence, so the
    reader sees what it is before what happens (the officer's own words stay plain)."""
    if a.plain_sentence:
        return Sentence(
            "<b>{title}</b><br/>{sentence}",
            {"title": action_title(a), "sentence": a.plain_sentence},
        )
    return Sentence("{title}", {"title": action_title(a)})


def action_cells(a: ActionLine) -> tuple[str, Sentence, str, str]:
    """One row of the actions table, as ``ACTION_HEADERS`` name its columns (the "What to do"
    cell with its mark-up, ``action_what_sentence``)."""
    return when(a), action_what_sentence(a), owner_person(a.owner), STATUS_PERSON[a.status]


# --- your first day ------------------------------------------------------------------------
def release_sentence(doc: PlanDocument) -> Sentence:
    """The day the person leaves: the previous working day when the release date falls on a
    weekend or bank holiday (user trial: "You leave on Friday 25 December" followed by "release
    normally happens on Thursday 24 December" read as two answers)."""
    release = doc.person.release_date
    if release and _is_released(doc):  # a copy printed afterwards: said in the past
        return Sentence("You left on <b>{day}</b>.", {"day": long_date(leaving_day(doc))})
    if release and doc.release_day is not None:
        day = long_date(doc.release_day.working_day)
        return Sentence("You are due to leave on <b>{day}</b>.", {"day": day})
    if release:
        return Sentence("You leave on <b>{day}</b>.", {"day": long_date(release)})
    return Sentence("Your release date is not set yet. We will tell you when it is.")


def release_day_sentence(doc: PlanDocument) -> Sentence | None:
    """Why the day the person leaves is not the release date (the officer's copy says it as
    ``labels.release_day_line``)."""
    if doc.person.release_date is None or doc.release_day is None or _is_released(doc):
        return None
    note = doc.release_day
    return Sentence(
        "Your release date, {release}, is {closed}. People are normally let out on the "
        "working day before. Your officer will tell you if this changes.",
        {"release": long_date(note.release_date), "closed": CLOSED_WORDS[note.reason]},
    )


def leaving_day(doc: PlanDocument) -> date | None:
    """The day the person leaves: the release date, or the working day before it when it
    falls on a weekend or bank holiday (the day ``release_sentence`` gives)."""
    if doc.release_day is not None:
        return doc.release_day.working_day
    return doc.person.release_date


def _release_day_appointments(doc: PlanDocument) -> list[AppointmentLine]:
    """The appointments on the day the person leaves (trial: an appointment on the Friday
    they leave was listed nowhere, its release date being the Saturday)."""
    leaving = leaving_day(doc)
    return sorted(
        (a for a in doc.appointments if leaving and a.on == leaving), key=lambda a: a.time
    )


def where_to_go(doc: PlanDocument) -> list[Sentence]:
    """The release day's appointments, then the probation office's address when known."""
    out = []
    for a in _release_day_appointments(doc):
        text = "<b>{time}</b>: {what}. Go to {place}." if a.time else "{what}. Go to {place}."
        if a.with_whom:
            text += " You will see: {who}."
        values = {
            "time": a.time,
            "what": a.what,
            "place": a.place or "the place your officer told you",
            "who": a.with_whom,
        }
        out.append(Sentence(text, values))
    office = office_sentence(doc)
    if office is not None:
        out.append(office)
    return out


def office_sentence(doc: PlanDocument) -> Sentence | None:
    p = doc.person
    if not p.office_address:
        return None
    named = " ({office})" if p.office_name else ""
    return Sentence(
        "Your probation office" + named + " is at <b>{address}</b>.",
        {"office": p.office_name, "address": address_on_one_line(p.office_address)},
    )


def things_that_day(doc: PlanDocument) -> list[Sentence]:
    release = doc.person.release_date
    out = []
    for a in shown(doc):
        if _is_release_day(a, release):
            doer = "" if a.owner is ActionOwner.PERSON else " ({who} will do this.)"
            said = "{what}. {sentence}" if a.plain_sentence else "{what}"
            values = {
                "what": action_title(a),
                "sentence": a.plain_sentence,
                "who": owner_person(a.owner),
            }
            out.append(Sentence(said + doer, values))
    return out


def applying(doc: PlanDocument) -> list[ChecklistItem]:
    """The release-day essentials that apply: "not needed" ones are left out (the officer's
    copy keeps them)."""
    return [c for c in doc.checklist if c.status != CHECKLIST_NOT_NEEDED]


def what_is_ready(doc: PlanDocument) -> list[Sentence]:
    out = []
    for c in applying(doc):
        template = "<b>{item}</b>: {status}." + (" {detail}." if c.detail else "")
        values = {
            "item": c.plain or c.essential,
            "status": c.status.lower(),
            "detail": c.detail.rstrip("."),
        }
        out.append(Sentence(template, values))
    return out


def who_to_call(doc: PlanDocument) -> list[Sentence]:
    """The officer and how to reach them. "If you are lost or late, call" is said with the
    number to call in the same sentence: the officer's own phone, else the office's; with
    no number known, the person is told to ask for one instead."""
    p = doc.person
    officer = p.responsible_officer or "your probation officer"
    out = [Sentence("Your probation officer is <b>{officer}</b>.", {"officer": officer})]
    if p.officer_phone:
        out.append(Sentence("Call or write to: <b>{contact}</b>", {"contact": p.officer_contact}))
        out.append(
            Sentence(
                "If you are lost or late, call them on <b>{phone}</b>. Do not just miss it.",
                {"phone": p.officer_phone},
            )
        )
        return out
    if p.officer_contact:
        out.append(Sentence("Contact them: <b>{contact}</b>", {"contact": p.officer_contact}))
    if p.office_phone:
        out.append(
            Sentence(
                "If you are lost or late, call your probation office on <b>{phone}</b>. "
                "Do not just miss it.",
                {"phone": p.office_phone},
            )
        )
    else:
        out.append(
            Sentence(
                "We do not have a phone number for your probation officer yet. Ask for one "
                "before you leave, so you can call if you are lost or late."
            )
        )
    return out


# --- your first weeks ----------------------------------------------------------------------
EMPTY_PLAN = Sentence(
    "There are no actions in your plan yet. Your probation officer will add them with you."
)
IN_DATE_ORDER = Sentence("These are the things to do, in date order.")
NOTHING_AFTER = Sentence("Nothing else is planned yet for after your first day.")


def after_release(doc: PlanDocument) -> list[ActionLine]:
    release = doc.person.release_date
    return [
        a
        for a in shown(doc)
        if not _is_release_day(a, release) and not _is_before_release(a, release)
    ]


def later_appointments(doc: PlanDocument) -> list[Sentence]:
    leaving = leaving_day(doc)
    later = sorted(
        (a for a in doc.appointments if not leaving or a.on > leaving), key=lambda a: (a.on, a.time)
    )
    return [
        Sentence(
            "<b>{day}{time}</b>: {what}, at {place}{who}.",
            {
                "day": long_date(a.on),
                "time": f", {a.time}" if a.time else "",
                "what": a.what,
                "place": a.place or "a place to be confirmed",
                "who": f", with {a.with_whom}" if a.with_whom else "",
            },
        )
        for a in later
    ]


def first_weeks_lead(doc: PlanDocument) -> Sentence | None:
    """The sentence that opens "Your first weeks" (None: the actions table needs none)."""
    if is_empty_plan(doc):
        return EMPTY_PLAN
    if after_release(doc):
        return IN_DATE_ORDER
    if not later_appointments(doc):
        return NOTHING_AFTER
    return None


def before_release(doc: PlanDocument) -> ActionGroup | None:
    """What was to be done before release: in progress while inside; after release, what
    is left of it, to finish (done actions are no longer listed)."""
    release = doc.person.release_date
    before = [a for a in shown(doc) if _is_before_release(a, release)]
    if _is_released(doc):
        before = [a for a in before if a.status is not ActionStatus.DONE]
        title = "Still to sort out"
        lead = "These were due before you left. Your probation officer will help you finish them."
        caption = "Things still to finish"
    else:
        title = "Before you leave"
        lead = "These are being sorted out while you are still inside."
        caption = "Things being done before you leave"
    if not before:
        return None
    return ActionGroup(title, Sentence(lead), before, caption)


# --- who can help, closing -----------------------------------------------------------------
ASK_WHO_CAN_HELP = Sentence("Ask your probation officer who can help you.")


def who_can_help(doc: PlanDocument) -> list[HelpRow]:
    p = doc.person
    rows: list[HelpRow] = []
    if p.responsible_officer:
        rows.append(
            HelpRow("Your probation officer", p.responsible_officer, p.officer_contact or NO_NUMBER)
        )
    if p.office_name and (p.office_phone or p.office_address):
        rows.append(HelpRow("Your probation office", p.office_name, p.office_phone or NO_NUMBER))
    if p.key_worker and not _is_released(doc):  # a prison's wing is no help once out (trial)
        rows.append(HelpRow("Your key worker", p.key_worker, "Ask at the wing office"))
    for c in doc.aftercare:
        what = f"{c.provider} ({c.service})" if c.service else c.provider
        rows.append(HelpRow(what, c.contact or NO_NAME, c.phone or NO_NUMBER))
    return rows


def closing(doc: PlanDocument) -> list[Sentence]:
    out = []
    # A draft is not agreed, whatever a copied document carries (a sample made a draft).
    if doc.agreed_by_person and doc.person_agreed_on and not is_draft(doc):
        out.append(
            Sentence("You agreed this plan on {day}.", {"day": long_date(doc.person_agreed_on)})
        )
    out.append(Sentence("If something in this plan is wrong, tell your probation officer."))
    return out
