"""The one look of the app's messages: problems (red), hints (grey), and the banners above a
record (a warning, a notice). Every message label takes its colours from here, so a problem
under a field, the summary of a refused save and the window's status line look alike.

Colours meet WCAG AA contrast on the window background (the hint grey too, unlike the
palette's placeholder colour, which is half transparent).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

ERROR_TEXT = "#a4262c"
ERROR_BACKGROUND = "#fde7e9"
HINT_TEXT = "#605e5c"
#: The value of a field that cannot be changed (``widgets.set_read_only``).
READ_ONLY_TEXT = "#484644"
WARNING_TEXT = "#5c4400"
WARNING_BACKGROUND = "#fff4ce"
NOTICE_TEXT = "#201f1e"
NOTICE_BACKGROUND = "#e1dfdd"
#: Table cells: a row with a problem, and text that matters less (an empty or replaced value).
PROBLEM_CELL_BACKGROUND = QColor(ERROR_BACKGROUND)
PROBLEM_CELL_TEXT = QColor(ERROR_TEXT)
MUTED_CELL_TEXT = QColor("#6e7781")


class Tone(Enum):
    ERROR = "error"
    HINT = "hint"
    WARNING = "warning"
    NOTICE = "notice"


_BANNERS = {
    Tone.ERROR: (ERROR_BACKGROUND, ERROR_TEXT),
    Tone.WARNING: (WARNING_BACKGROUND, WARNING_TEXT),
    Tone.NOTICE: (NOTICE_BACKGROUND, NOTICE_TEXT),
    Tone.HINT: ("transparent", HINT_TEXT),
}


def text_colour(widget: QWidget, tone: Tone) -> None:
    """Colour ``widget``'s text for ``tone`` with a palette (cheap: forms hold hundreds)."""
    colour = QColor(ERROR_TEXT if tone is Tone.ERROR else HINT_TEXT)
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, colour)
    widget.setPalette(palette)


def style_banner(label: QLabel, tone: Tone) -> None:
    """A message box set in the page: a tinted band with the tone's text colour."""
    background, text = _BANNERS[tone]
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {text}; padding: 6px; border-radius: 3px; }}"
    )
