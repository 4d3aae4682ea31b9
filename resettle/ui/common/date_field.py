"""The one date field every form uses: typed dates, a calendar button, one Tab stop.

A caseworker types the date the way it is written on the paper in front of them
(``25/03/2027``, ``25 Mar 2027``, ``25 March 2027``, ``2027-03-25``) or picks it from the
calendar; the field shows it back as ``25/03/2027`` when they leave it. Unlike ``QDateEdit``,
Tab leaves the field at once (the calendar button takes no focus). An optional field left empty
is "not recorded"; text that is not a date is a problem that names the field.

While the user is still typing (``pending``: the text was edited and is not yet a whole date,
day, month and four-digit year), forms keep the field's problem to themselves: it shows once
the field loses focus (or Enter is pressed) or the text is a whole date, never from the first
digit typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from resettle.domain import clock
from resettle.domain.typed_dates import (
    EARLIEST_DATE,
    SHOWN_FORMAT,
    NoSuchDate,
    UnreadableDate,
    parse_date,
)

#: Text that holds a whole date: ends in a four-digit year, or an ISO date with a two-digit day.
_WHOLE = re.compile(r"(\d{4}|^\d{4}-\d{1,2}-\d{2})$")


def is_whole_date(text: str) -> bool:
    """True when ``text`` is all of a date (a real one or not), not the start of one: a
    field's problem can be shown without waiting for the user to finish."""
    cleaned = text.strip()
    if not _WHOLE.search(cleaned):
        return False
    try:
        return parse_date(cleaned) is not None
    except NoSuchDate:  # 31/02/2027: whole, and wrong
        return True
    except UnreadableDate:
        return False


class DateField(QWidget):
    """A date typed or picked. ``value()`` is the date, or None while empty or unreadable;
    ``problem()`` says, naming the field, why the text cannot be used; ``pending`` is True
    while the user is typing a date that is not whole yet."""

    value_changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, required: bool = False) -> None:
        super().__init__(parent)
        self.required = required
        self.field_name = self.tr("Date")
        self.minimum = EARLIEST_DATE
        self.maximum: dt.date | None = None
        #: The date the calendar opens on while the field is empty.
        self.default_date: Callable[[], dt.date] = clock.today
        #: The user is typing and the text is not a whole date yet (see the module's notes).
        self.pending = False
        self.editor = QLineEdit()
        self.editor.setPlaceholderText(
            self.tr("dd/mm/yyyy") if required else self.tr("Not recorded")
        )
        self.editor.setToolTip(self.tr("Type a date such as 25/03/2027 or 25 Mar 2027"))
        self.editor.setMaxLength(40)
        width = self.editor.fontMetrics().horizontalAdvance("00 September 0000") + 16
        self.editor.setMinimumWidth(max(120, width))
        self.editor.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.calendar_button = QToolButton()
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip(self.tr("Choose the date from a calendar"))
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # one Tab per date
        self.calendar_button.setAccessibleName(self.tr("Calendar"))
        self.calendar_button.clicked.connect(self._show_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor)
        layout.addWidget(self.calendar_button)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.editor)
        self.editor.textEdited.connect(self._typed)
        self.editor.textChanged.connect(lambda _text: self.value_changed.emit())
        self.editor.editingFinished.connect(self._finished)

    # --- value ---------------------------------------------------------------------------
    def value(self) -> dt.date | None:
        try:
            return parse_date(self.editor.text())
        except UnreadableDate:
            return None

    def set_value(self, value: dt.date | None) -> None:
        """Show ``value`` (None: empty) without announcing an edit."""
        self.pending = False
        self.editor.blockSignals(True)
        self.editor.setText(value.strftime(SHOWN_FORMAT) if value else "")
        self.editor.blockSignals(False)

    def problem(self) -> str:
        """Why the text cannot be used, naming the field; empty when it can."""
        text = self.editor.text()
        try:
            date = parse_date(text)
        except NoSuchDate as missing:
            return self.tr("%1: %2.").replace("%1", self.field_name).replace("%2", missing.words())
        except UnreadableDate:
            return self.tr("%1: not a date. Type it like 25/03/2027 or 25 Mar 2027.").replace(
                "%1", self.field_name
            )
        if date is None:
            return (
                self.tr("%1: enter a date.").replace("%1", self.field_name) if self.required else ""
            )
        if date < self.minimum:
            return (
                self.tr("%1: cannot be before %2.")
                .replace("%1", self.field_name)
                .replace("%2", self.minimum.strftime(SHOWN_FORMAT))
            )
        if self.maximum is not None and date > self.maximum:
            return (
                self.tr("%1: cannot be after %2.")
                .replace("%1", self.field_name)
                .replace("%2", self.maximum.strftime(SHOWN_FORMAT))
            )
        return ""

    # --- presentation --------------------------------------------------------------------
    def set_accessible_name(self, name: str) -> None:
        """The field's name, for screen readers and for its problem messages."""
        self.field_name = name
        self.editor.setAccessibleName(name)
        self.calendar_button.setAccessibleName(self.tr("%1: calendar").replace("%1", name))

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.calendar_button.setEnabled(not read_only and self.isEnabled())
        # No calendar to open on a date that cannot be changed (it keeps its space).
        policy = self.calendar_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.calendar_button.setSizePolicy(policy)
        self.calendar_button.setVisible(not read_only)

    def _typed(self, text: str) -> None:
        """Runs before ``textChanged`` (so before ``value_changed``): whether to wait."""
        self.pending = not is_whole_date(text)

    def _finished(self) -> None:
        """The user left the field (or pressed Enter): its problem, if any, may show now."""
        was_pending = self.pending
        self.pending = False
        self._tidy()
        if was_pending:
            self.value_changed.emit()

    def _tidy(self) -> None:
        """Show a date that was read in the one shown format."""
        date = self.value()
        if date is not None and self.editor.text() != date.strftime(SHOWN_FORMAT):
            self.editor.setText(date.strftime(SHOWN_FORMAT))

    def _show_calendar(self) -> None:
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        calendar.setMinimumDate(QDate(self.minimum))
        if self.maximum is not None:
            calendar.setMaximumDate(QDate(self.maximum))
        calendar.setSelectedDate(QDate(self.value() or self.default_date()))
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # a new calendar each time
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def picked(date: QDate) -> None:
            self.pending = False
            self.editor.setText(date.toPython().strftime(SHOWN_FORMAT))  # type: ignore[union-attr]
            menu.close()
            self.editor.setFocus()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()


__all__ = ["EARLIEST_DATE", "DateField", "UnreadableDate", "is_whole_date", "parse_date"]
