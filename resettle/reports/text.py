"""Turning user text into Platypus flowables safely, and dates into words.

Every piece of user text goes through `esc()` (or `para()`, which calls it) before it reaches a
`Paragraph`: ReportLab parses Paragraph text as mark-up, so `<b>&` would otherwise break it, and
ReportLab draws right-to-left text in the order it is given, so `esc()` reorders it too.
"""

from __future__ import annotations

from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from resettle.reports.bidi_text import has_rtl, visual_lines

NOT_RECORDED = "Not recorded"
#: The same words inside a sentence ("release date not recorded"), never with a capital.
NOT_RECORDED_IN_TEXT = "not recorded"


def esc(text: object) -> str:
    """Escape user text for Paragraph mark-up; keep line breaks as <br/>. Right-to-left
    words are put in display order first (`bidi_text`)."""
    text = str(text)
    if not has_rtl(text):  # nearly always: one search, no per-line work
        return "<br/>".join(escape(text).splitlines())
    return "<br/>".join(escape(line) for line in visual_lines(text))


def para(text: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph holding user text, escaped."""
    return Paragraph(esc(text), style)


def markup(template: str, style: ParagraphStyle, **values: object) -> Paragraph:
    """A Paragraph from our own mark-up `template` with user `values` escaped into it."""
    return Paragraph(template.format(**{k: esc(v) for k, v in values.items()}), style)


def or_not_recorded(text: str | None) -> str:
    return text if text and text.strip() else NOT_RECORDED


def short_date(value: date | None) -> str:
    """'7 Mar 2025' (no locale, no leading zero)."""
    if value is None:
        return NOT_RECORDED
    return f"{value.day} {value:%b %Y}"


def long_date(value: date | None) -> str:
    """'Friday 7 March 2025', for the person's copy."""
    if value is None:
        return "date not set yet"
    return f"{value:%A} {value.day} {value:%B %Y}"


def in_sentence(value: str) -> str:
    """A value (from `short_date`, `date_time`, `or_not_recorded`) spliced into a sentence:
    "Not recorded" loses its capital there."""
    return NOT_RECORDED_IN_TEXT if value == NOT_RECORDED else value


def date_time(value: datetime | None) -> str:
    if value is None:
        return NOT_RECORDED
    return f"{short_date(value.date())} {value:%H:%M}"
