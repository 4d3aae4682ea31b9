"""Headings kept with what follows them (user trial: "Evidence basis for recommended
interventions" printed alone at the foot of a page, its table on the next).

:func:`keep_headings` pairs each heading of a story with the flowable after it in a
:class:`HeadingWithStart`: the heading goes where at least the start of what follows fits
under it (a table's header row and first row, a paragraph's first lines); when not even that
fits, both move to the next page. Unlike ReportLab's ``keepWithNext`` (a ``KeepTogether`` of
the whole), a table several pages long still starts under its heading on the same page
instead of leaving the rest of that page blank.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import FrameBreak, _FrameBreak


class HeadingWithStart(KeepTogether):  # type: ignore[misc]  # ReportLab is untyped
    """A heading and the flowable after it, never split between them."""

    def __init__(self, heading: Flowable, body: Flowable) -> None:
        super().__init__([heading, body])

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        """Always split (`split` decides where the pair goes), without measuring all of what
        follows: a table of 200 rows under a heading's lead was measured whole each time."""
        return aW, 0xFFFFFF

    def split(self, aW: float, aH: float) -> list[Flowable]:
        heading, body = self._content
        if self._start_fits(aW, aH) or getattr(getattr(self, "_frame", None), "_atTop", False):
            return [heading, body]
        return [FrameBreak(), heading, body]

    def _start_fits(self, aW: float, aH: float) -> bool:
        """Whether the heading and at least the start of what follows fit in ``aH``."""
        heading, body = self._content
        _, height = heading.wrapOn(self.canv, aW, aH)
        left = aH - height - heading.getSpaceBefore() - heading.getSpaceAfter()
        if left <= 0:
            return False
        _, needed = body.wrapOn(self.canv, aW, left)
        if needed <= left:
            return True
        rows = getattr(body, "_rowHeights", None)
        if isinstance(body, Table) and rows:
            # The header row and the first row under it, as measured by the wrap just done:
            # splitting a long table only to throw the parts away was most of this check.
            return sum(rows[: body.repeatRows + 1]) <= left
        parts = body.splitOn(self.canv, aW, left)
        return bool(parts) and not isinstance(parts[0], _FrameBreak)


def keep_headings(story: Sequence[Flowable], headings: Collection[str]) -> list[Flowable]:
    """``story`` with each top-level paragraph whose style is named in ``headings`` held with
    the flowable after it (a heading right after a heading holds that pair). A conditional
    page break between them (a subheading's) moves before the heading."""
    out: list[Flowable] = []  # the story backwards: out[-1] is what follows ``flowable``
    for flowable in reversed(story):
        is_heading = isinstance(flowable, Paragraph) and flowable.style.name in headings
        breaks: list[Flowable] = []
        while is_heading and out and isinstance(out[-1], CondPageBreak):
            breaks.append(out.pop())
        if is_heading and out:
            out[-1] = HeadingWithStart(flowable, out[-1])
        else:
            out.append(flowable)
        out += reversed(breaks)
    return out[::-1]
