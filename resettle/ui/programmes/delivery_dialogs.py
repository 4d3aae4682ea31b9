"""The Programmes view's dialogs: offer a programme, add a group, and move a session or add
a catch-up. Each saves through the workspace off the UI thread; a refusal is shown under the
field it names (or above the buttons), and nothing is saved; a save closes the dialog.

The services decide: the dialogs only collect what is asked and say why it was refused.

Times are typed (:class:`TimeField`: ``14:30``, ``1430``, ``9.30``, ``9``), and read when the
form is saved. A ``QTimeEdit`` took typing only into the section the cursor was in: a time
typed after clicking into the field, or over the whole text, was dropped and the old time kept
without a word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.errors import ValidationFailed
from resettle.domain.programmes.catalogue import ProgrammeCatalogue
from resettle.domain.programmes.offerings import MAX_CAPACITY, Weekday
from resettle.domain.programmes.session_times import (
    SESSION_HOURS,
    next_working_day,
    suggested_start,
)
from resettle.domain.programmes.sessions import SESSION_ZONE, SessionView
from resettle.services import programme_offerings, programme_sessions
from resettle.services.programme_delivery import DeliveryPlace
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.date_field import DateField
from resettle.ui.common.dialog_fit import grow_to_fit
from resettle.ui.common.views import heading
from resettle.ui.common.widgets import ChoiceCombo, ProblemLabel
from resettle.ui.failures import failure_text
from resettle.ui.programmes.delivery_models import OfferingRow, date_text, local, session_name

#: Weekly slots a group may be given in the dialog (a programme meets once to three times a
#: week).
SCHEDULE_SLOTS = 3


class DeliveryDialog(QDialog):
    """A form whose :meth:`request` returns the work to do (or None after showing a problem
    found before asking); Enter saves, Escape cancels. ``saved`` holds the services' answer."""

    def __init__(self, workspace: Workspace, title: str, ok_text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.workspace = workspace
        self.saved: Any = None
        #: A save is on its way (the button stays enabled: disabling it would move the
        #: keyboard, and Enter, to Cancel).
        self.saving = False
        self.busy = BusyIndicator(self)
        self._problems: dict[str, ProblemLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general = ProblemLabel()
        self.general.setAccessibleDescription(self.tr("Why it was not saved"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.heading = heading(title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.general)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy.label)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.setMinimumWidth(460)

    def add_row(self, caption: str, widget: QWidget, field: str) -> None:
        """A captioned field; the services' problems with ``field`` show under it."""
        label = QLabel(caption)
        label.setBuddy(widget)
        if not widget.accessibleName():
            widget.setAccessibleName(caption.replace("&", ""))
        problem = ProblemLabel()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(problem)
        holder.setFocusProxy(widget)
        self.form.addRow(label, holder)
        self._problems[field] = problem
        self._fields[field] = widget

    def problems(self) -> dict[str, str]:
        """Each field's problem as shown (for tests), ``"form"`` for the general one."""
        found = {field: label.text() for field, label in self._problems.items() if label.text()}
        if self.general.text():
            found["form"] = self.general.text()
        return found

    def show_problem(self, field: str, text: str) -> None:
        label = self._problems.get(field)
        if label is None:
            self.general.show_problem("\n".join(filter(None, [self.general.text(), text])))
        else:
            label.show_problem("\n".join(filter(None, [label.text(), text])))
        grow_to_fit(self)

    def clear_problems(self) -> None:
        self.general.show_problem("")
        for label in self._problems.values():
            label.show_problem("")

    def request(self) -> Callable[[], Any] | None:  # pragma: no cover - each dialog has its own
        raise NotImplementedError

    def submit(self) -> None:
        if self.saving or not self.ok_button.isEnabled():
            return  # a save is already on its way, or there is nothing to save
        self.clear_problems()
        work = self.request()
        if work is None:
            self._focus_first_problem()
            return
        self.saving = True
        self.busy.run(lambda _job: work(), self._saved, on_failure=self._refused)

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.saved = result
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.saving = False
        text = failure_text(error, "programme delivery")
        if isinstance(error, ValidationFailed):
            for problem in error.problems:
                self.show_problem(problem.field.split(".")[0], problem.message)
        else:  # a refusal (its message) or something unexpected (where the details are)
            self.general.show_problem(text)
        self._focus_first_problem()

    def _focus_first_problem(self) -> None:
        for field, label in self._problems.items():
            if label.text():
                self._fields[field].setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def fit(self) -> None:
        screen_fit.fit_to_screen(self, max(self.minimumWidth(), self.sizeHint().width()))


def _date_field(name: str, value: dt.date | None = None) -> DateField:
    field = DateField(required=True)
    field.set_accessible_name(name)
    field.set_value(value)
    return field


_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?$")


def parse_time(text: str) -> dt.time | None:
    """``14:30``, ``14.30``, ``1430``, ``930``, ``9:30`` or ``9`` (on the hour) as a time of
    the 24-hour clock; None when the text is not one."""
    found = _TIME.match(text.strip())
    if found is None:
        return None
    hour, minute = int(found[1]), int(found[2] or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


class TimeField(QLineEdit):
    """A typed time of day, shown back as ``14:30`` when the user leaves the field."""

    def __init__(self, value: dt.time, parent: QWidget | None = None) -> None:
        super().__init__(f"{value:%H:%M}", parent)
        self.setMaxLength(8)
        self.setPlaceholderText(self.tr("HH:MM"))
        self.setToolTip(self.tr("The time on the 24-hour clock, for example 14:30"))
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00") + 60)
        self.editingFinished.connect(self._tidy)

    def value(self) -> dt.time | None:
        return parse_time(self.text())

    def problem(self, caption: str) -> str | None:
        """Why the text is not a time, naming the field by ``caption``; None when it is."""
        if self.value() is not None:
            return None
        return self.tr("%1: type a time on the 24-hour clock, for example 14:30.").replace(
            "%1", caption
        )

    def _tidy(self) -> None:
        if (time := self.value()) is not None:
            self.setText(f"{time:%H:%M}")


class OfferProgrammeDialog(DeliveryDialog):
    """Offer a programme of the catalogue at the establishment (one not offered there yet)."""

    def __init__(
        self,
        workspace: Workspace,
        place: DeliveryPlace,
        catalogue: ProgrammeCatalogue,
        offered: Sequence[str],
        parent: QWidget,
    ) -> None:
        super().__init__(
            workspace,
            self.tr("Offer a programme at %1").replace("%1", place.name),
            self.tr("&Offer"),
            parent,
        )
        self.place = place
        self.programme = ChoiceCombo(long_items=True)
        self.programme.set_choices(
            (programme.code, f"{programme.name} ({programme.code})")
            for programme in catalogue.programmes
            if programme.active and programme.code not in offered
        )
        self.contact = QLineEdit()
        self.contact.setMaxLength(200)
        self.contact.setPlaceholderText(self.tr("Who to ask, for example the programmes hub"))
        self.add_row(self.tr("&Programme:"), self.programme, "programme_code")
        self.add_row(self.tr("&Contact:"), self.contact, "contact")
        if not self.programme.values():
            self.general.show_problem(
                self.tr("Every programme of the catalogue is already offered here.")
            )
            self.ok_button.setEnabled(False)
        self.fit()

    def request(self) -> Callable[[], Any] | None:
        data = {
            "programme_code": self.programme.value(),
            "establishment_id": self.place.id,
            "contact": self.contact.text().strip(),
        }
        return lambda: self.workspace.run(programme_offerings.create_offering, data)


class AddGroupDialog(DeliveryDialog):
    """A group of one of the establishment's offerings: code, capacity, dates and up to three
    weekly slots."""

    def __init__(
        self,
        workspace: Workspace,
        offerings: Sequence[OfferingRow],
        chosen: int | None,
        parent: QWidget,
        today: dt.date,
    ) -> None:
        super().__init__(workspace, self.tr("Add a group"), self.tr("&Add group"), parent)
        self.offering = ChoiceCombo(long_items=True)
        self.offering.set_choices(
            (row.offering.id, row.offering.programme_name)
            for row in offerings
            if row.offering.active
        )
        self.offering.set_value(chosen)
        self.code = QLineEdit()
        self.code.setMaxLength(40)
        self.code.setPlaceholderText(self.tr("For example BC-3"))
        self.capacity = QSpinBox()
        self.capacity.setRange(1, MAX_CAPACITY)
        self.capacity.setValue(12)
        self.starts_on = _date_field(self.tr("Start date"), today + dt.timedelta(days=14))
        self.ends_on = _date_field(self.tr("End date"), today + dt.timedelta(days=14 + 7 * 12))
        self.slots: list[tuple[ChoiceCombo, TimeField, QSpinBox]] = []
        schedule = QWidget()
        rows = QVBoxLayout(schedule)
        rows.setContentsMargins(0, 0, 0, 0)
        for number in range(SCHEDULE_SLOTS):
            day = ChoiceCombo()
            day.set_choices(
                ((weekday, weekday.value.capitalize()) for weekday in Weekday),
                none_text=self.tr("No slot") if number else None,
            )
            day.setAccessibleName(self.tr("Slot %1 day").replace("%1", str(number + 1)))
            start = TimeField(dt.time(9, 30) if number % 2 == 0 else dt.time(13, 30))
            start.setAccessibleName(self.tr("Slot %1 start").replace("%1", str(number + 1)))
            minutes = QSpinBox()
            minutes.setRange(15, 480)
            minutes.setSingleStep(15)
            minutes.setValue(150)
            minutes.setSuffix(self.tr(" min"))
            minutes.setAccessibleName(self.tr("Slot %1 length").replace("%1", str(number + 1)))
            day.value_changed.connect(
                lambda day=day, start=start, minutes=minutes: self._slot_used(day, start, minutes)
            )
            self._slot_used(day, start, minutes)
            line = QHBoxLayout()
            line.addWidget(day, 1)
            line.addWidget(start)
            line.addWidget(minutes)
            rows.addLayout(line)
            self.slots.append((day, start, minutes))
        schedule.setFocusProxy(self.slots[0][0])
        self.add_row(self.tr("&Programme:"), self.offering, "offering_id")
        self.add_row(self.tr("Group &code:"), self.code, "code")
        self.add_row(self.tr("Ca&pacity:"), self.capacity, "capacity")
        self.add_row(self.tr("&Start date:"), self.starts_on, "starts_on")
        self.add_row(self.tr("&End date:"), self.ends_on, "ends_on")
        self.add_row(self.tr("&Weekly schedule:"), schedule, "schedule")
        self.fit()

    @staticmethod
    def _slot_used(day: ChoiceCombo, start: TimeField, minutes: QSpinBox) -> None:
        """A slot's time and length mean something once it has a day."""
        used = day.value() is not None
        start.setEnabled(used)
        minutes.setEnabled(used)

    def schedule(self) -> list[dict[str, Any]]:
        """The slots with a day (a slot whose time is not one is sent as typed: refused)."""
        return [
            {
                "weekday": day.value().value,
                "starts_at": (
                    f"{start.value():%H:%M}" if start.value() is not None else start.text()
                ),
                "minutes": minutes.value(),
            }
            for day, start, minutes in self.slots
            if day.value() is not None
        ]

    def request(self) -> Callable[[], Any] | None:
        problems = False
        for field, name in ((self.starts_on, "starts_on"), (self.ends_on, "ends_on")):
            if problem := field.problem():
                self.show_problem(name, problem)
                problems = True
        if not self.code.text().strip():
            self.show_problem(
                "code", self.tr("Group code: enter one, for example BC-3 (the third group).")
            )
            problems = True
        if self.offering.value() is None:
            self.show_problem("offering_id", self.tr("Programme: offer a programme here first."))
            problems = True
        for number, (day, start, _minutes) in enumerate(self.slots, start=1):
            caption = self.tr("Weekly schedule, slot %1 start").replace("%1", str(number))
            if day.value() is not None and (wrong_time := start.problem(caption)):
                self.show_problem("schedule", wrong_time)
                problems = True
        if problems:
            return None
        starts_on, ends_on = self.starts_on.value(), self.ends_on.value()
        assert starts_on is not None and ends_on is not None
        data = {
            "offering_id": self.offering.value(),
            "code": self.code.text().strip(),
            "capacity": self.capacity.value(),
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "schedule": self.schedule(),
        }
        return lambda: self.workspace.run(programme_offerings.create_group, data)


class NewSessionDialog(DeliveryDialog):
    """Move a session to a new date and time (a new session replaces it, the old one is kept)
    or, with ``catch_up``, add a catch-up of it for those who missed it."""

    def __init__(
        self,
        workspace: Workspace,
        session: SessionView,
        catch_up: bool,
        parent: QWidget,
        others: Sequence[SessionView] = (),
    ) -> None:
        title = self.tr("Add a catch-up session") if catch_up else self.tr("Reschedule a session")
        ok = self.tr("&Add catch-up") if catch_up else self.tr("&Reschedule")
        super().__init__(workspace, title, ok, parent)
        self.session, self.catch_up = session, catch_up
        starts = local(session.starts_at)
        self.about = QLabel(
            self.tr("%1, on %2 at %3.")
            .replace("%1", session_name(session))
            .replace("%2", date_text(starts.date()))
            .replace("%3", f"{starts:%H:%M}")
        )
        self.about.setWordWrap(True)
        self.form.addRow(self.about)
        opens, closes = SESSION_HOURS
        self.hours = QLabel(
            (
                self.tr(
                    "A catch-up runs between %1 and %2, not on a bank holiday in England and Wales."
                )
                if catch_up
                else self.tr(
                    "Sessions run between %1 and %2, not on a bank holiday in England and "
                    "Wales, and in order: the new time stays after the sessions that come "
                    "before it (earlier modules, earlier sessions of its module) and before "
                    "those that come after it."
                )
            )
            .replace("%1", f"{opens:%H:%M}")
            .replace("%2", f"{closes:%H:%M}")
        )
        self.hours.setWordWrap(True)
        self.form.addRow(self.hours)
        offered = local(default_new_start(session, others, catch_up, clock.today()))
        self.day = _date_field(self.tr("New date"), offered.date())
        self.time = TimeField(offered.time())
        self.add_row(self.tr("New &date:"), self.day, "starts_at")
        self.add_row(self.tr("New &time:"), self.time, "time")
        self.fit()
        grow_to_fit(self)

    def request(self) -> Callable[[], Any] | None:
        problems = False
        if problem := self.day.problem():
            self.show_problem("starts_at", problem)
            problems = True
        if wrong_time := self.time.problem(self.tr("New time")):
            self.show_problem("time", wrong_time)
            problems = True
        if problems:
            return None
        day, time = self.day.value(), self.time.value()
        assert day is not None and time is not None
        starts_at = dt.datetime.combine(day, time, tzinfo=SESSION_ZONE)
        now = dt.datetime.now(SESSION_ZONE)
        if starts_at < now:  # the service refuses it too
            today = day == now.date()  # the same clock as the check, so the message agrees
            self.show_problem(
                "time" if today else "starts_at",
                self.tr(
                    "New time: %1 today has already passed; choose a time still to come."
                ).replace("%1", f"{time:%H:%M}")
                if today
                else self.tr(
                    "New date: %1 has already passed; choose a date and time still to come."
                ).replace("%1", date_text(day)),
            )
            return None
        use_case = (
            programme_sessions.add_catch_up_session
            if self.catch_up
            else programme_sessions.reschedule_session
        )
        session_id = self.session.id
        return lambda: self.workspace.run(use_case, session_id, starts_at)


def default_new_start(
    session: SessionView, others: Sequence[SessionView], catch_up: bool, today: dt.date
) -> dt.datetime:
    """The new time the dialog offers first (user trial: the offered time clashed with the
    next session, and a catch-up was offered on a day already past). A move: the session's
    time on the next working day free of the group's sessions and before the next session
    in order. A catch-up: its time on today or the next working day after the session,
    whichever is later, free of the group's sessions."""
    live = [o for o in others if not o.replaced and o.id != session.id]
    now = dt.datetime.now(dt.UTC)
    if catch_up:
        first_day = max(today, next_working_day(local(session.starts_at).date()))
        busy = [(o.starts_at, o.ends_at) for o in live] + [(session.starts_at, session.ends_at)]
        return suggested_start(session.starts_at, session.ends_at, first_day, busy, now=now)
    own = (session.module_number, session.session_number)
    later = [
        o.starts_at for o in live if not o.is_catch_up and (o.module_number, o.session_number) > own
    ]
    return suggested_start(
        session.starts_at,
        session.ends_at,
        max(local(session.starts_at).date() + dt.timedelta(days=1), today),
        [(o.starts_at, o.ends_at) for o in live],
        before=min(later, default=None),
        now=now,
    )


def new_session_text(new: SessionView, catch_up: bool) -> str:
    """What the window says once a session is moved or a catch-up added: its date and time
    in the sessions' time zone."""
    starts = local(new.starts_at)
    text = (
        QCoreApplication.translate("ProgrammesView", "Catch-up added on %1 at %2.")
        if catch_up
        else QCoreApplication.translate("ProgrammesView", "Session moved to %1 at %2.")
    )
    return text.replace("%1", date_text(starts.date())).replace("%2", f"{starts:%H:%M}")
