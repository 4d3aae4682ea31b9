"""Right-to-left text (Arabic, Hebrew, ...) put in the order a PDF draws it.

A PDF draws glyphs left to right as it is given them, so text stored in reading (logical) order
must be turned into display (visual) order first, and Arabic letters into the joined forms they
take beside each other. `arabic-reshaper` does the joining and `python-bidi` the Unicode
Bidirectional Algorithm (UAX #9); both are maintained libraries. Our documents are English, so
a line's base direction is left to right: "Ali (علي) Smith" keeps its English order with the
Arabic name reversed in place.

ReportLab wraps a paragraph after this, line by line. A right-to-left run broken across two
lines would read bottom line first, so a run of a few words (a name, an address) is bound with
no-break spaces and moves to the next line whole; a longer run (a sentence) may still break.
"""

from __future__ import annotations

import re
from functools import lru_cache

import arabic_reshaper
from bidi import get_display

#: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended and the
#: presentation forms: one of these in a text means it needs the algorithm.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
#: A run of right-to-left words (with the spaces between them) in display order.
_RTL_RUN = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+(?: [\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]+)+"
)
#: The longest right-to-left run kept on one line (about a name and an address line).
KEEP_TOGETHER = 40
NO_BREAK_SPACE = "\u00a0"


def has_rtl(text: str) -> bool:
    # Plain ASCII (most text) is answered without the regular expression.
    return not text.isascii() and _RTL.search(text) is not None


def visual(text: str) -> str:
    """`text` (one line, logical order) in display order, Arabic joined; unchanged when it has
    no right-to-left letters (the common case costs one regular-expression search)."""
    if not has_rtl(text):
        return text
    return _visual(text)


@lru_cache(maxsize=4096)
def _visual(text: str) -> str:
    shown = get_display(arabic_reshaper.reshape(text), base_dir="L")
    return _RTL_RUN.sub(_bind, str(shown))


def _bind(run: re.Match[str]) -> str:
    words = run.group(0)
    return words.replace(" ", NO_BREAK_SPACE) if len(words) <= KEEP_TOGETHER else words


def visual_lines(text: str) -> list[str]:
    """Each line of `text` in display order (the algorithm works a paragraph at a time, and
    a line break ends a paragraph)."""
    return [visual(line) for line in text.splitlines()]
