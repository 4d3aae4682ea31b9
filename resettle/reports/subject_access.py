"""The readable copy of a subject access export (OFFICIAL-SENSITIVE).

Drawn from the same ``content`` object as the JSON file, section by section, so the two
cannot disagree; but written for the person it is about and the officer who checks it:
fields under the labels the screens use, codes as words, dates as the app prints them, the
audit trail as sentences, and only the fields that may name other people marked for review.
Internal ids and bookkeeping the JSON keeps (positions, hashes, row ids) are left out here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from resettle.domain.subject_access import REVIEW_NOTE
from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.styles import Styles, make_styles
from resettle.reports.subject_access_audit import what_happened, why
from resettle.reports.subject_access_fields import NONE_HELD, Lookups, when_text
from resettle.reports.subject_access_items import Shown, item_title, readable_item, readable_rows
from resettle.reports.tables import Cell, data_table, key_value_table, widths_fitting_words
from resettle.reports.text import date_time, esc, markup, para

TITLE = "Subject access request"
SUBJECT = "The personal data Resettle holds about a person"
REVIEW_KEY = "review_before_release"
REVIEW_MARK = "Review before release"
#: Taller than any page: how high a flowable is when nothing limits it.
PAGE_HEIGHT = 10_000.0
#: Sections in the order printed, with their headings (a section not named here is printed
#: after these, before the audit, under a heading made from its name).
SECTION_TITLES = {
    "profile": "About you: profile",
    "pathway_needs": "Needs by pathway",
    "support_needs": "Support needs and their history",
    "essentials": "Release-day essentials",
    "referrals": "Referrals to community services",
    "notes": "Case notes (corrections included)",
    "risk_profile": "Risk: details used to estimate reconviction risk",
    "recorded_scores": "Risk: recorded scores",
    "rosh_assessments": "Risk: risk of serious harm",
    "programme_need_items": "Risk: programme need items",
    "risk_flags": "Risk: flags",
    "plans": "Plans, every version",
    "recommendations_accepted": "Recommendations accepted",
    "programme_history": "Programme history (corrections included)",
    "outcome_checks": "Outcome checks after release (corrections included)",
    "programmes": "Programme referrals and their history",
    "programme_attendance": "Programme sessions attended or missed (corrections included)",
    "one_to_one_sessions": "One-to-one programme sessions arranged",
    "allocations": "Officers who held the case",
    "case_closures": "Case closures",
    "access_list": "Who may or may not see the record",
    "retention_reviews": "Reviews of how long the record is kept",
    "imports": "Imports from caseload files (each line that made or changed the record)",
    "audit": "Who viewed, printed, exported or changed this record",
}


def render_subject_access(
    content: Mapping[str, Any], printed_at: dt.datetime, lookups: Lookups | None = None
) -> bytes:
    s = make_styles()
    width = content_width(PageFurniture("", "", "", ""))
    profile = content["profile"]
    name = f"{profile['given_name']} {profile['family_name']}"
    furniture = PageFurniture(
        marking=OFFICIAL_SENSITIVE,
        title=TITLE,
        subject=f"{name} · {profile['prison_number']}",
        footer_note=f"Exported {date_time(printed_at.astimezone())}",
    )
    shown = Shown(content, lookups or Lookups())
    story: list[Flowable] = [
        Paragraph(TITLE, s.title),
        *_introduction(content["request"], name, profile["prison_number"], printed_at, s, width),
    ]
    named = [key for key in SECTION_TITLES if key in content and key != "audit"]
    others = [key for key in content if key not in SECTION_TITLES and key != "request"]
    for key in [*named, *others]:
        story += _section(key, content[key], shown, s, width)
    if "audit" in content:
        story += _audit(content["audit"], shown.lookups, s, width)
    return build_pdf(
        story, furniture, title=f"{TITLE}: {profile['prison_number']}", subject=SUBJECT
    )


def _introduction(
    request: Mapping[str, Any],
    name: str,
    prison_number: str,
    printed_at: dt.datetime,
    s: Styles,
    width: float,
) -> list[Flowable]:
    start, end = request.get("from"), request.get("to")
    covers = (
        f"what was recorded {_period(start, end)} (both days included), and the record as it "
        "stands today"
        if start or end
        else "everything held"
    )
    pairs: list[tuple[str, Cell]] = [
        ("Person", f"{name}, prison number {prison_number}"),
        ("Covers", covers[:1].upper() + covers[1:]),
        ("Exported", date_time(printed_at.astimezone())),
        ("Exported by", str(request["exported_by"])),
    ]
    return [
        markup(
            "This document is a copy of the personal information Resettle, a resettlement case "
            "management system, holds about {name}, made in answer to a subject access request "
            "(Data Protection Act 2018). It covers {covers}. Members of staff are named by "
            "their role and team. Dates and times are UK local time.",
            s.body,
            name=name,
            covers=covers,
        ),
        Spacer(1, s.gap),
        key_value_table(pairs, s, total_width=width, columns=1, label_fraction=0.22),
        Spacer(1, s.gap),
        markup("<b>{mark}.</b> {note}", s.callout, mark=REVIEW_MARK, note=REVIEW_NOTE),
    ]


def _period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"from {when_text(start)} to {when_text(end)}"
    return f"from {when_text(start)}" if start else f"up to {when_text(str(end))}"


def _section(key: str, value: Any, shown: Shown, s: Styles, width: float) -> list[Flowable]:
    heading = Paragraph(esc(SECTION_TITLES.get(key, key.replace("_", " ").capitalize())), s.h1)
    if isinstance(value, Mapping) and "records" in value:  # a section held empty on purpose
        return _kept(heading, [para(value.get("note", ""), s.body)])
    items = [value] if isinstance(value, Mapping) else list(value)
    if not items:
        return _kept(heading, [para(f"{NONE_HELD}.", s.muted)])
    story: list[Flowable] = []
    for number, item in enumerate(items, start=1):
        blocks = _item(key, item, shown, s, width)
        title = item_title(key, item, shown)
        if len(items) > 1 or title:
            blocks.insert(0, Paragraph(esc(title or f"{number} of {len(items)}"), s.h2))
        first = [heading, *blocks[:2]] if number == 1 else blocks[:2]
        story += [KeepTogether(first), *blocks[2:]]
    return story


def _kept(heading: Flowable, body: list[Flowable]) -> list[Flowable]:
    """A heading kept on the page with the first block under it; the rest flows on."""
    first, *rest = body
    return [KeepTogether([heading, first]), *rest]


def _item(
    key: str, item: Mapping[str, Any], shown: Shown, s: Styles, width: float
) -> list[Flowable]:
    """One item's fields as label and value, then its nested lists as tables."""
    fields, nested = readable_item(key, item, shown)
    review = set(item.get(REVIEW_KEY, ()))
    pairs = [(label, _marked(text, field in review, s)) for field, label, text in fields]
    story: list[Flowable] = []
    if pairs:
        story.append(key_value_table(pairs, s, total_width=width, label_fraction=0.36))
    for child, rows in nested:
        story += _nested(f"{key}.{child}", rows, shown, s, width)
    return story


def _marked(text: str, review: bool, s: Styles) -> Cell:
    if not review:
        return text
    return markup(
        '{text}<br/><font color="#942514"><b>{mark}</b></font>', s.cell, text=text, mark=REVIEW_MARK
    )


def _nested(
    section: str, rows: Sequence[Mapping[str, Any]], shown: Shown, s: Styles, width: float
) -> list[Flowable]:
    """A nested list (history rows, plan actions) as a table with the screens' column names."""
    title, headers, fractions, body = readable_rows(section, rows, shown)
    if not body:
        return [para(f"{title}: {NONE_HELD.lower()}.", s.muted)]
    cells = [[_marked(text, review, s) for text, review in row] for row in body]
    texts = [[text for text, _ in row] for row in body]
    fitted = widths_fitting_words(headers, texts, fractions, s, total_width=width)
    heading = Paragraph(esc(title), s.h2)
    # The heading starts a page only with room under it for the column headings and the
    # first row (a heading alone at the foot of a page reads as a list with nothing in it).
    first = data_table(headers, cells[:1], fitted, s, total_width=width)
    room = heading.wrap(width, PAGE_HEIGHT)[1] + first.wrap(width, PAGE_HEIGHT)[1] + s.gap
    return [
        CondPageBreak(room),
        heading,
        data_table(headers, cells, fitted, s, total_width=width),
    ]


def _audit(
    rows: Sequence[Mapping[str, Any]], lookups: Lookups, s: Styles, width: float
) -> list[Flowable]:
    heading = Paragraph(esc(SECTION_TITLES["audit"]), s.h1)
    if not rows:
        return _kept(heading, [para(f"{NONE_HELD}.", s.muted)])
    body: list[list[Cell]] = []
    for row in rows:
        sentence = what_happened(row, lookups)
        reason = why(row)
        text = f"{sentence}. Why: {reason}." if reason else f"{sentence}."
        body.append(
            [when_text(str(row["at"])), str(row["by"]), _marked(text, REVIEW_KEY in row, s)]
        )
    headers = ("When", "Who (role and team)", "What was done, and why")
    return _kept(heading, [data_table(headers, body, (0.17, 0.3, 0.53), s, total_width=width)])
