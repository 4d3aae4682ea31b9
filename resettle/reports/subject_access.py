"""The readable copy of a subject access export (OFFICIAL-SENSITIVE).

Drawn from the same ``content`` object as the JSON file, section by section, so the two
cannot disagree: each item's fields as label and value, nested lists (history, plan actions)
as tables, and every field a data-protection officer must review before release marked so.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
from resettle.reports.tables import Cell, data_table, key_value_table
from resettle.reports.text import date_time, esc, markup, para, short_date

TITLE = "Subject access request"
REVIEW_KEY = "review_before_release"
REVIEW_MARK = "Review before release"
#: Sections in the order printed, with their headings (a section not named here is printed
#: after these under a heading made from its name).
SECTION_TITLES = {
    "profile": "Profile",
    "pathway_needs": "Needs by pathway",
    "support_needs": "Support needs and their history",
    "essentials": "Release-day essentials",
    "referrals": "Referrals to community services",
    "notes": "Case notes (corrections included)",
    "risk_profile": "Risk: reconviction inputs and confirmed level",
    "recorded_scores": "Risk: recorded scores",
    "rosh_assessments": "Risk: risk of serious harm",
    "risk_flags": "Risk: flags",
    "plans": "Plans, every version",
    "recommendations_accepted": "Recommendations accepted",
    "programmes": "Programme records",
    "allocations": "Allocations",
    "case_closures": "Case closures",
    "access_list": "Access list",
    "audit": "Who viewed, printed, exported or changed this record",
}
#: A stored code ("support_not_required"), shown as words.
CODE = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
WORDS = {"crn": "CRN", "pnc": "PNC", "id": "ID", "sha256": "SHA-256", "gp": "GP"}


def render_subject_access(content: Mapping[str, Any], printed_at: dt.datetime) -> bytes:
    s = make_styles()
    width = content_width(PageFurniture("", "", "", ""))
    profile = content["profile"]
    subject = f"{profile['given_name']} {profile['family_name']} · {profile['prison_number']}"
    furniture = PageFurniture(
        marking=OFFICIAL_SENSITIVE,
        title=TITLE,
        subject=subject,
        footer_note=f"Exported {date_time(printed_at)} UTC",
    )
    story: list[Flowable] = [Paragraph(TITLE, s.title), *_request(content["request"], s, width)]
    named = [name for name in SECTION_TITLES if name in content]
    others = [name for name in content if name not in SECTION_TITLES and name != "request"]
    for name in [*named, *others]:
        story += _section(name, content[name], s, width)
    return build_pdf(story, furniture, title=f"{TITLE}: {profile['prison_number']}")


def label(key: str) -> str:
    """ "referral_date" -> "Referral date"; "crn" -> "CRN"."""
    words = [WORDS.get(word, word) for word in key.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _request(request: Mapping[str, Any], s: Styles, width: float) -> list[Flowable]:
    period = (
        f"{_day(request['from'])} to {_day(request['to'])}"
        if request["from"] or request["to"]
        else "Everything held (no dates given)"
    )
    pairs: list[tuple[str, Cell]] = [
        ("Period", period),
        ("Dates", request["dates"]),
        ("Exported by", request["exported_by"]),
    ]
    return [
        key_value_table(pairs, s, total_width=width, columns=1, label_fraction=0.22),
        Spacer(1, s.gap),
        markup("<b>{mark}.</b> {note}", s.callout, mark=REVIEW_MARK, note=REVIEW_NOTE),
    ]


def _day(value: str | None) -> str:
    return short_date(dt.date.fromisoformat(value)) if value else "open"


def _section(name: str, value: Any, s: Styles, width: float) -> list[Flowable]:
    heading = Paragraph(SECTION_TITLES.get(name, label(name)), s.h1)
    if isinstance(value, Mapping) and "records" in value:  # a section held empty on purpose
        return _kept(heading, [para(value.get("note", ""), s.body)])
    if isinstance(value, Mapping):
        return _kept(heading, _item(value, s, width))
    if name == "audit":
        return _kept(heading, _audit(value, s, width))
    if not value:
        return _kept(heading, [para("Nothing held for these dates.", s.muted)])
    story: list[Flowable] = []
    for number, item in enumerate(value, start=1):
        title = Paragraph(f"{esc(label(name))}: {number} of {len(value)}", s.h2)
        first, *rest = _item(item, s, width)
        kept = [heading, title, first] if number == 1 else [title, first]
        story += [KeepTogether(kept), *rest]
    return story


def _kept(heading: Flowable, body: list[Flowable]) -> list[Flowable]:
    """A heading kept on the page with the first block under it (never left at a page's
    foot); the rest flows on."""
    first, *rest = body
    return [KeepTogether([heading, first]), *rest]


def _item(item: Mapping[str, Any], s: Styles, width: float) -> list[Flowable]:
    """One item's fields as label and value, then its nested lists as tables."""
    review = set(item.get(REVIEW_KEY, ()))
    pairs: list[tuple[str, Cell]] = []
    nested: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in item.items():
        if key == REVIEW_KEY:
            continue
        if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            nested.append((key, value))
            continue
        pairs.append((label(key), _cell(key, value, key in review, s)))
    story: list[Flowable] = [key_value_table(pairs, s, total_width=width, label_fraction=0.36)]
    for key, rows in nested:
        story += _nested(label(key), rows, s, width)
    return story


def _cell(key: str, value: Any, review: bool, s: Styles) -> Cell:
    if key == "issued_document" and value is not None:
        text = "The plan as issued: its full contents are in the JSON file."
    else:
        text = _text(value)
    if not review:
        return text
    return markup(
        '{text}<br/><font color="#942514"><b>{mark}</b></font>', s.cell, text=text, mark=REVIEW_MARK
    )


def _text(value: Any) -> str:
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Mapping):
        shown = [f"{label(k)}: {_text(v)}" for k, v in value.items() if v not in (None, "")]
        return "; ".join(shown) or "Not recorded"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value) or "None"
    if isinstance(value, str) and CODE.fullmatch(value):
        return value.replace("_", " ").capitalize()
    if isinstance(value, str):
        return _when(value)
    return str(value)


def _when(value: str) -> str:
    """ISO dates and times read as dates and times; other text as it is."""
    try:
        if len(value) == 10:
            return short_date(dt.date.fromisoformat(value))
        if len(value) > 18 and value[10] == "T":
            return f"{date_time(dt.datetime.fromisoformat(value))} UTC"
    except ValueError:
        pass
    return value


def _nested(
    title: str, rows: Sequence[Mapping[str, Any]], s: Styles, width: float
) -> list[Flowable]:
    """A nested list (history rows, plan actions): one row each, its fields in one cell."""
    if not rows:
        return [para(f"{title}: none.", s.muted)]
    body: list[list[Cell]] = [
        [str(number), _fields(row, s)] for number, row in enumerate(rows, start=1)
    ]
    return [
        CondPageBreak(s.body_size * 6),
        Paragraph(esc(title), s.h2),
        data_table(("#", title), body, (0.06, 0.94), s, total_width=width),
    ]


def _fields(row: Mapping[str, Any], s: Styles) -> Paragraph:
    review = set(row.get(REVIEW_KEY, ()))
    parts = []
    for key, value in row.items():
        if key == REVIEW_KEY:
            continue
        mark = f' <font color="#942514"><b>[{REVIEW_MARK}]</b></font>' if key in review else ""
        parts.append(f"<b>{esc(label(key))}:</b> {esc(_text(value))}{mark}")
    return Paragraph(" · ".join(parts), s.cell)


def _details(row: Mapping[str, Any]) -> str:
    """An audit row's details, marked when they hold text staff typed (reviewed first)."""
    shown = json.dumps(row["details"], ensure_ascii=False, sort_keys=True) if row["details"] else ""
    return f"{shown} [{REVIEW_MARK}]" if REVIEW_KEY in row else shown


def _audit(rows: Sequence[Mapping[str, Any]], s: Styles, width: float) -> list[Flowable]:
    if not rows:
        return [para("Nothing recorded for these dates.", s.muted)]
    headers = ("When", "What", "Who (role and team)", "Details")
    body = [
        [
            _when(str(row["at"])),
            f"{row['action']} ({row['kind']})",
            row["by"],
            _details(row),
        ]
        for row in rows
    ]
    return [data_table(headers, body, (0.18, 0.27, 0.3, 0.25), s, total_width=width)]
