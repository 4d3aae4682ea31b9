"""Small HTML pieces the evidence cards share (Qt's rich-text subset).

Every piece of pack or engine text is escaped before it is put into markup: a pack file is
imported from outside and is never read as HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from resettle.ui.evidence.words import tr

HARM_COLOUR = "#a4262c"
HARM_BACKGROUND = "#fde7e9"
WARN_COLOUR = "#5c4400"
WARN_BACKGROUND = "#fff4ce"
GOOD_COLOUR = "#107c10"
MUTED_COLOUR = "#605e5c"
BOX_BACKGROUND = "#f3f2f1"

_LINK = re.compile(
    r"(?P<doi>doi:(?P<id>10\.[^\s<]+[^\s<.,;)]))|(?P<url>https?://[^\s<]+[^\s<.,;)])"
)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def linked(text: str) -> str:
    """Escape ``text`` and turn ``doi:10.x/y`` and ``http(s)://`` addresses into links."""
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(esc(text[position : match.start()]))
        if match.group("doi"):
            target = "https://doi.org/" + match.group("id")
        else:
            target = match.group("url")
        out.append(f'<a href="{esc(target)}">{esc(match.group(0))}</a>')
        position = match.end()
    out.append(esc(text[position:]))
    return "".join(out)


def heading(text: str, level: int = 3) -> str:
    return f"<h{level} style='margin-top:14px; margin-bottom:4px'>{esc(text)}</h{level}>"


def muted(text: str) -> str:
    return f"<span style='color:{MUTED_COLOUR}'>{esc(text)}</span>"


def bullets(items: Iterable[str]) -> str:
    """A list of already-escaped HTML items."""
    rows = "".join(f"<li style='margin-bottom:3px'>{item}</li>" for item in items)
    return f"<ul style='margin-top:2px; margin-left:-18px'>{rows}</ul>" if rows else ""


def callout(body_html: str, colour: str, background: str) -> str:
    """A tinted box (a one-cell table: Qt's rich text has no padded divs)."""
    return (
        f"<table width='100%' cellpadding='8' cellspacing='0' "
        f"style='background:{background}; margin-top:6px; margin-bottom:6px'>"
        f"<tr><td style='color:{colour}'>{body_html}</td></tr></table>"
    )


def badge(text: str, colour: str, background: str) -> str:
    return (
        f"<span style='color:{colour}; background:{background}; font-weight:600'>"
        f"&nbsp;{esc(text)}&nbsp;</span>"
    )


def verification_badge(status: str) -> str:
    if status == "unverified":
        return badge(tr("Unverified"), WARN_COLOUR, WARN_BACKGROUND)
    # "Verified" beside "no evidence of effect" read as an endorsement (officers' trial): it
    # says only that the record was checked against its source.
    return f"<span style='color:{GOOD_COLOUR}'>{esc(tr('Checked against the source'))}</span>"


def facts_table(rows: Sequence[tuple[str, str]], label_width: int = 150) -> str:
    """Label / value rows; values are already-escaped HTML."""
    body = "".join(
        f"<tr><td width='{label_width}' valign='top' style='color:{MUTED_COLOUR}'>{esc(label)}"
        f"</td><td valign='top'>{value}</td></tr>"
        for label, value in rows
        if value
    )
    return f"<table cellpadding='2' cellspacing='0' width='100%'>{body}</table>" if body else ""


def record_box(title_html: str, body_html: str, background: str = BOX_BACKGROUND) -> str:
    return (
        f"<table width='100%' cellpadding='8' cellspacing='0' "
        f"style='background:{background}; margin-bottom:8px'>"
        f"<tr><td><p style='margin-bottom:4px'>{title_html}</p>{body_html}</td></tr></table>"
    )


def page(body_html: str) -> str:
    return f"<html><body style='margin:4px'>{body_html}</body></html>"
