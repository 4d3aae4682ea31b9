"""The person's own copy as one accessible HTML file: the same sections and words as the PDF
(``person_plan_words.py``), for a phone's screen reader, zoom and reflow.

One self-contained page (inline CSS, no scripts, no web fonts): semantic headings, lists,
tables with header cells and a caption, ``lang="en-GB"``. Every value is escaped
(``html.escape``) and wrapped in ``<bdi>``, so a name written right to left keeps its place in
the sentence. A draft opens with a banner saying it is not agreed yet.
"""

from __future__ import annotations

from html import escape

from resettle.domain.plan_document import ActionLine, PlanDocument
from resettle.reports import person_plan_words as words
from resettle.reports.labels import STATE_LABELS
from resettle.reports.page_templates import PERSONAL_COPY
from resettle.reports.text import date_time, in_sentence

#: Readable on a phone and on paper: no fixed widths, rem sizes, high contrast.
CSS = """
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; padding: 1rem; max-width: 48rem;
  font-family: "DejaVu Sans", Verdana, Arial, sans-serif;
  font-size: 1.25rem; line-height: 1.6; color: #111; background: #fff;
  overflow-wrap: break-word;
}
h1 { font-size: 2rem; line-height: 1.25; margin: 1rem 0; }
h2 { font-size: 1.625rem; line-height: 1.3; margin: 2rem 0 0.75rem;
     border-bottom: 0.2rem solid #111; }
h3 { font-size: 1.375rem; margin: 1.5rem 0 0.5rem; }
p, li { margin: 0 0 0.75rem; }
ul { padding-left: 1.5rem; }
.marking, .about { font-size: 1.125rem; color: #333; }
.draft {
  border: 0.25rem solid #8b0000; background: #fff4f4; color: #111;
  padding: 0.75rem 1rem; margin: 1rem 0;
}
.draft strong { font-size: 1.5rem; display: block; color: #8b0000; }
.offer {
  border-left: 0.4rem solid #1d70b8; background: #eef4fa; color: #111;
  padding: 0.75rem 1rem; margin: 1rem 0;
}
.offer p { margin: 0; }
.offer p + p { margin-top: 0.5rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border: 0.0625rem solid #555; padding: 0.5rem; text-align: left;
         vertical-align: top; font-size: 1.125rem; }
thead th { background: #e8e8e8; }
tbody th { font-weight: bold; }
/* A phone: each table row becomes a block, each cell led by its column's name (the header
   row stays for screen readers, the ARIA roles keep the table a table to them). */
@media screen and (max-width: 40rem) {
  table, caption, tbody, tr, td, tbody th { display: block; }
  thead { position: absolute; width: 0.0625rem; height: 0.0625rem; overflow: hidden;
          clip: rect(0 0 0 0); white-space: nowrap; }
  tr { border: 0.0625rem solid #555; margin-bottom: 0.75rem; }
  td, tbody th { border: 0; padding: 0.25rem 0.75rem; }
  td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 12pt; }
  h1 { font-size: 20pt; } h2 { font-size: 16pt; } h3 { font-size: 14pt; }
  th, td, .marking, .about { font-size: 11pt; }
  h2, h3, caption { break-after: avoid; }
  tr, li, .draft, .offer { break-inside: avoid; }
  thead { display: table-header-group; }
}
""".strip()

ACTIONS_AFTER_CAPTION = "Things to do after your first day"
HELP_CAPTION = "People who can help, and how to reach them"


def _value(text: str) -> str:
    """User text: escaped, line breaks kept, isolated for right-to-left names."""
    return "<bdi>" + "<br>".join(escape(line) for line in text.splitlines()) + "</bdi>"


def _fill(sentence: words.Sentence) -> str:
    values = {k: _value(v) if v else "" for k, v in sentence.values.items()}
    return sentence.template.format(**values)


def _p(sentence: words.Sentence) -> str:
    return f"<p>{_fill(sentence)}</p>"


def _ul(sentences: list[words.Sentence]) -> str:
    items = "".join(f"<li>{_fill(x)}</li>" for x in sentences)
    return f"<ul>{items}</ul>"


def _cell(header: str, text: str) -> str:
    return f'<td role="cell" data-label="{escape(header)}">{_value(text)}</td>'


def _table(caption: str, headers: tuple[str, ...], rows: list[str]) -> str:
    """A table with its caption and header row; ``rows`` are ready ``<tr>`` elements."""
    head = "".join(f'<th role="columnheader" scope="col">{escape(h)}</th>' for h in headers)
    return (
        f'<table role="table"><caption>{escape(caption)}</caption>'
        f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
        f'<tbody role="rowgroup">{"".join(rows)}</tbody></table>'
    )


def _actions_table(actions: list[ActionLine], caption: str) -> str:
    rows = []
    for a in words.by_date(actions):
        when, what, who, progress = words.action_cells(a)
        headers = words.ACTION_HEADERS
        rows.append(
            '<tr role="row">'
            + _cell(headers[0], when)
            + f'<td role="cell" data-label="{escape(headers[1])}">{_fill(what)}</td>'
            + "".join(_cell(h, text) for h, text in zip(headers[2:], (who, progress), strict=True))
            + "</tr>"
        )
    return _table(caption, words.ACTION_HEADERS, rows)


def _first_day(doc: PlanDocument) -> list[str]:
    out = [f"<h2>{escape(words.FIRST_DAY)}</h2>", _p(words.release_sentence(doc))]
    release_day = words.release_day_sentence(doc)
    if release_day is not None:
        out.append(_p(release_day))
    for title, sentences in (
        (words.WHERE_TO_GO, words.where_to_go(doc)),
        (words.THINGS_THAT_DAY, words.things_that_day(doc)),
        (words.WHAT_IS_READY, words.what_is_ready(doc)),
    ):
        if sentences:
            out += [f"<h3>{escape(title)}</h3>", _ul(sentences)]
    out.append(f"<h3>{escape(words.WHO_TO_CALL)}</h3>")
    out += [_p(x) for x in words.who_to_call(doc)]
    return out


def _first_weeks(doc: PlanDocument) -> list[str]:
    out = [f"<h2>{escape(words.FIRST_WEEKS)}</h2>"]
    lead = words.first_weeks_lead(doc)
    if lead is not None:
        out.append(_p(lead))
    after = words.after_release(doc)
    if after and lead is not words.EMPTY_PLAN:
        out.append(_actions_table(after, ACTIONS_AFTER_CAPTION))
    later = words.later_appointments(doc)
    if later:
        out += [f"<h3>{escape(words.YOUR_APPOINTMENTS)}</h3>", _ul(later)]
    return out


def _before_leaving(doc: PlanDocument) -> list[str]:
    """A section of its own after the first weeks, as in the PDF."""
    before = words.before_release(doc)
    if before is None:
        return []
    return [
        f"<h2>{escape(before.title)}</h2>",
        _p(before.lead),
        _actions_table(before.actions, before.caption),
    ]


def _who_can_help(doc: PlanDocument) -> list[str]:
    out = [f"<h2>{escape(words.WHO_CAN_HELP)}</h2>"]
    rows = words.who_can_help(doc)
    if not rows:
        return [*out, _p(words.ASK_WHO_CAN_HELP)]
    # As the actions table: ARIA roles keep it a table on a phone, where each row is a block
    # and each cell is led by its column's name (trial: the name and phone lost their labels).
    _who, name, reach = words.HELP_HEADERS
    body = [
        f'<tr role="row"><th role="rowheader" scope="row">{_value(r.who)}</th>'
        + _cell(name, r.name or "-")
        + _cell(reach, r.reach or "-")
        + "</tr>"
        for r in rows
    ]
    return [*out, _table(HELP_CAPTION, words.HELP_HEADERS, body)]


def _draft_banner(doc: PlanDocument) -> list[str]:
    if not words.is_draft(doc):
        return []
    return [
        f'<div class="draft" role="note"><strong>{escape(words.NOT_AGREED_YET)}</strong>'
        f"{escape(words.NOT_AGREED_YET_DETAIL)}</div>"
    ]


def _read_with_you(doc: PlanDocument) -> str:
    """The offer in English and, where we have it, in the person's language, marked as such
    (``lang``, and ``dir`` when it is written right to left) for screen readers and fonts."""
    offer = words.read_with_you(doc)
    lines = [f"<p><strong>{escape(offer.english)}</strong></p>"]
    t = offer.translation
    if t is not None:
        direction = ' dir="rtl"' if t.right_to_left else ""
        lines.append(f'<p lang="{escape(t.tag)}"{direction}>{escape(t.text)}</p>')
    if offer.interpreter is not None:  # the language is the caseworker's text: isolated
        lines.append(f"<p>{_value(offer.interpreter)}</p>")
    return f'<div class="offer" role="note">{"".join(lines)}</div>'


def _about(doc: PlanDocument) -> str:
    state = STATE_LABELS[doc.state].lower()
    printed = in_sentence(date_time(doc.printed_at))
    return (
        f'<p class="about">Plan version {doc.plan_version} ({escape(state)}). '
        f"Made on {escape(printed)}.</p>"
    )


def render_person_plan_html(doc: PlanDocument) -> bytes:
    """The person's copy as one HTML page, UTF-8 bytes."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(words.TITLE)}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        f'<header><p class="marking">{escape(PERSONAL_COPY)}</p></header>',
        "<main>",
        f"<h1>{escape(words.TITLE)}</h1>",
        *_draft_banner(doc),
        _p(words.greeting(doc)),
        _read_with_you(doc),
        *_first_day(doc),
        *_first_weeks(doc),
        *_before_leaving(doc),
        *_who_can_help(doc),
        *[_p(x) for x in words.closing(doc)],
        "</main>",
        f"<footer>{_about(doc)}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")
