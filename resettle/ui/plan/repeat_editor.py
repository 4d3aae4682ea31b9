"""The "Repeats" part of the action dialog: every week or every other week on a weekday, from
the action's due date until an end date, some days after release, or something happening.

The widget holds the choices; what they mean (first time, last time, bank holidays left out)
comes from ``domain.action_repeats``, so the summary under it is what the copies print.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from resettle.domain.action_repeats import (
    WEEKDAY_NAMES,
    PartOfDay,
    Repeat,
    RepeatEvery,
    repeat_dates,
    until_words,
)
from resettle.domain.plan import MAX_OFFSET_DAYS, DueDate, DueKind, resolve_due
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import date_text
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import ChoiceCombo, set_read_only
from resettle.ui.plan.labels import tr

UNTIL_MAX = 200


class EndChoice(Enum):
    ON_DATE = "on_date"
    AFTER_RELEASE = "after_release"
    UNTIL = "until"


class RepeatEditor(QWidget):
    """Choose whether and how an action repeats. ``value()`` is the `Repeat` or None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.every = ChoiceCombo()
        self.every.set_choices(
            [(RepeatEvery.WEEK, tr("Every week")), (RepeatEvery.FORTNIGHT, tr("Every other week"))],
            tr("Does not repeat"),
        )
        self.every.setAccessibleName(tr("Repeats"))
        self.weekday = ChoiceCombo()
        on_days = (tr("on %1").replace("%1", tr(name)) for name in WEEKDAY_NAMES)
        self.weekday.set_choices(enumerate(on_days))
        self.weekday.setAccessibleName(tr("Day of the week"))
        self.part = ChoiceCombo()
        self.part.set_choices(
            [
                (PartOfDay.MORNING, tr("morning")),
                (PartOfDay.AFTERNOON, tr("afternoon")),
                (PartOfDay.EVENING, tr("evening")),
            ],
            tr("any time of day"),
        )
        self.part.setAccessibleName(tr("Time of day"))
        self.end_choice = ChoiceCombo()
        self.end_choice.set_choices(
            [
                (EndChoice.ON_DATE, tr("until a date")),
                (EndChoice.AFTER_RELEASE, tr("until days after release")),
                (EndChoice.UNTIL, tr("until something happens")),
            ]
        )
        self.end_choice.setAccessibleName(tr("Repeats until"))
        self.end_date = DateField(required=True)
        self.end_date.set_accessible_name(tr("Last day"))
        self.end_days = QSpinBox()
        self.end_days.setRange(0, MAX_OFFSET_DAYS)
        self.end_days.setValue(56)
        self.end_days.setSuffix(tr(" days after release"))
        self.end_days.setAccessibleName(tr("Last day, in days after release"))
        self.until = QLineEdit()
        self.until.setMaxLength(UNTIL_MAX)
        self.until.setMinimumWidth(240)
        self.until.setPlaceholderText(tr("e.g. you start work"))
        self.until.setAccessibleName(tr("What ends it, in the person's words"))
        self.summary = note_label()

        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        for widget in (self.every, self.weekday, self.part):
            first.addWidget(widget)
        first.addStretch(1)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        for widget in (self.end_choice, self.end_date, self.end_days, self.until):
            second.addWidget(widget)
        second.addStretch(1)
        self.end_row = QWidget()
        self.end_row.setLayout(second)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addLayout(first)
        box.addWidget(self.end_row)
        box.addWidget(self.summary)
        for signal in (
            self.every.value_changed,
            self.weekday.value_changed,
            self.part.value_changed,
            self.end_choice.value_changed,
            self.end_date.value_changed,
            self.end_days.valueChanged,
            self.until.textChanged,
        ):
            signal.connect(self._changed)
        self._show_parts()

    # --- values ----------------------------------------------------------------------------
    def set_value(self, repeat: Repeat | None, default_end: dt.date) -> None:
        """Show ``repeat``; the end date field starts at ``default_end`` when it has none."""
        self.end_date.set_value(default_end)
        self.every.set_value(repeat.every if repeat else None)
        if repeat is not None:
            self.weekday.set_value(repeat.weekday)
            self.part.set_value(repeat.part_of_day)
            if repeat.until:
                self.end_choice.set_value(EndChoice.UNTIL)
                self.until.setText(repeat.until)
            elif repeat.ends is not None and repeat.ends.kind is DueKind.ABSOLUTE:
                self.end_choice.set_value(EndChoice.ON_DATE)
                self.end_date.set_value(repeat.ends.on)
            elif repeat.ends is not None:
                self.end_choice.set_value(EndChoice.AFTER_RELEASE)
                self.end_days.setValue(max(repeat.ends.offset_days or 0, 0))
        self._show_parts()

    def suggest_weekday(self, weekday: int) -> None:
        """Before the officer picks a day: the day the text names, or the due date's."""
        if self.every.value() is None:
            self.weekday.set_value(weekday)

    def value(self) -> Repeat | None:
        """The repeat as shown; None when it does not repeat or an end is missing (the
        problem says which)."""
        every = self.every.value()
        end = self._end()
        if every is None or end is None:
            return None
        ends, until = end
        return Repeat(
            every=every,
            weekday=int(self.weekday.value() or 0),
            part_of_day=self.part.value(),
            ends=ends,
            until=until,
        )

    def wanted(self) -> bool:
        return self.every.value() is not None

    def _end(self) -> tuple[DueDate | None, str | None] | None:
        choice = self.end_choice.value()
        if choice is EndChoice.UNTIL:
            text = until_words(self.until.text())
            return (None, text) if text else None
        if choice is EndChoice.AFTER_RELEASE:
            return DueDate.relative(int(self.end_days.value())), None
        on = self.end_date.value()
        return (DueDate.absolute(on), None) if on is not None else None

    def problem(self) -> str:
        """What is missing for the repeat to be saved ("" when nothing is)."""
        if not self.wanted():
            return ""
        choice = self.end_choice.value()
        if choice is EndChoice.UNTIL and not until_words(self.until.text()):
            return tr("Say what ends the repeats, in the person's words (e.g. you start work).")
        if choice is EndChoice.ON_DATE and self.end_date.problem():
            return self.end_date.problem()
        return ""

    def show_summary(self, due: DueDate | None, release_date: dt.date | None) -> None:
        """Say when the repeats fall: how many times, first and last, bank holidays left out."""
        repeat = self.value()
        start = resolve_due(due, release_date)
        if repeat is None or start is None:
            self.summary.setText("")
            return
        dates = repeat_dates(repeat, start, release_date)
        if dates.last is None:
            text = tr("First time %1").replace("%1", date_text(dates.first))
        else:
            text = (
                tr("%1 times, %2 to %3")
                .replace("%1", str(len(dates.times)))
                .replace("%2", date_text(dates.first))
                .replace("%3", date_text(dates.last))
            )
        if dates.closed:
            days = ", ".join(date_text(d) for d in dates.closed)
            many = len(dates.closed) > 1
            text += (
                tr("; not on %1 (bank holidays)") if many else tr("; not on %1 (bank holiday)")
            ).replace("%1", days)
        self.summary.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        set_read_only(
            (self.every, self.weekday, self.part, self.end_choice, self.end_days, self.until),
            read_only,
        )
        self.end_date.set_read_only(read_only)

    # --- showing ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self._show_parts()
        self.changed.emit()

    def _show_parts(self) -> None:
        repeating = self.wanted()
        self.weekday.setVisible(repeating)
        self.part.setVisible(repeating)
        self.end_row.setVisible(repeating)
        self.summary.setVisible(repeating)
        choice = self.end_choice.value()
        self.end_date.setVisible(choice is EndChoice.ON_DATE)
        self.end_days.setVisible(choice is EndChoice.AFTER_RELEASE)
        self.until.setVisible(choice is EndChoice.UNTIL)
