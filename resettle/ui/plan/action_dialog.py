"""One plan action, new or changed: pathway, what, owner, when it is due, whether it repeats,
and its status.

The dialog does not save: OK hands the action back to the plan builder, which holds it with
the other edits until the plan is saved. OK stays disabled while the action could not be saved
(no text, no owner, due before the sentence began), with the reason under the field.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.action_repeats import WEEKDAY_NAMES, repeat_problems
from resettle.domain.pathways import Pathway
from resettle.domain.plan import (
    MAX_OFFSET_DAYS,
    ActionOwner,
    ActionStatus,
    DueDate,
    DueKind,
    PlanAction,
    counted_day,
    due_day,
    resolve_due,
)
from resettle.domain.plan_calendar import named_weekdays
from resettle.domain.text_fields import control_character_at
from resettle.domain.working_days import is_working_day
from resettle.ui.common.calendar_labels import closed_day_text, day_text
from resettle.ui.common.control_pictures import read_back, shown
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import date_text
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import ChoiceCombo, ProblemLabel, set_read_only
from resettle.ui.plan.labels import (
    name_buttons,
    owner_text,
    pathway_icon,
    pathway_text,
    source_description,
    status_text,
)
from resettle.ui.plan.repeat_editor import RepeatEditor


def _what_max() -> int:
    """The most an action's text may hold: the domain's own limit."""
    for rule in PlanAction.model_fields["what"].metadata:
        if isinstance(getattr(rule, "max_length", None), int):
            return int(rule.max_length)
    return 1000


WHAT_MAX = _what_max()


#: A new repeat runs this many days (8 weeks) unless the officer gives another end.
DEFAULT_REPEAT_DAYS = 56
#: A new action is due this many days before release (or today, if that is later).
DEFAULT_DAYS_BEFORE_RELEASE = 14


class DueChoice(Enum):
    ON_DATE = "on_date"
    BEFORE_RELEASE = "before_release"
    RELEASE_DAY = "release_day"
    AFTER_RELEASE = "after_release"
    NO_DATE = "no_date"


class ActionDialog(QDialog):
    def __init__(
        self,
        action: PlanAction | None,
        release_date: dt.date | None,
        sentence_date: dt.date | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = action
        self.release_date = release_date
        self.sentence_date = sentence_date
        self.setWindowTitle(self.tr("New action") if action is None else self.tr("Change action"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self._build()
        self._show(action)
        self._update()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.pathway = ChoiceCombo()
        self.pathway.set_choices((p, pathway_text(p)) for p in Pathway)
        self.pathway.setAccessibleName(self.tr("Pathway"))
        for row, pathway in enumerate(Pathway):
            self.pathway.setItemIcon(row, pathway_icon(pathway))
        self.what = QPlainTextEdit()
        self.what.setTabChangesFocus(True)
        self.what.setAccessibleName(self.tr("What will be done"))
        self.what.setPlaceholderText(self.tr("What will be done, in words the person understands"))
        self.what.setMinimumHeight(90)
        self.what_count = note_label()
        self.what_count.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.what_problem = ProblemLabel()
        self.owner = ChoiceCombo()
        self.owner.set_choices(((o, owner_text(o)) for o in ActionOwner), self.tr("Choose who"))
        self.owner.setAccessibleName(self.tr("Who does it"))
        self.owner_problem = ProblemLabel()

        self.due_choice = ChoiceCombo()
        self.due_choice.setAccessibleName(self.tr("When it is due"))
        self.due_choice.set_choices(
            [
                (DueChoice.BEFORE_RELEASE, self.tr("Days before release")),
                (DueChoice.RELEASE_DAY, self.tr("On release day")),
                (DueChoice.AFTER_RELEASE, self.tr("Days after release")),
                (DueChoice.ON_DATE, self.tr("On a date")),
                (DueChoice.NO_DATE, self.tr("No date yet")),
            ]
        )
        self.days = QSpinBox()
        self.days.setRange(1, MAX_OFFSET_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.setAccessibleName(self.tr("Number of days"))
        self.on_date = DateField(required=True)
        self.on_date.set_accessible_name(self.tr("Due date"))
        self.due_editor = QStackedWidget()
        self.due_editor.addWidget(self.days)
        self.due_editor.addWidget(self.on_date)
        self.due_editor.addWidget(QWidget())
        self.resolved = note_label()
        #: "N days after release" moves off a weekend or bank holiday unless this is ticked.
        self.pinned = QCheckBox(self.tr("&Keep this exact day"))
        self.pinned.setAccessibleName(self.tr("Keep this exact day"))
        self.pinned.setToolTip(
            self.tr(
                "A date after release that falls on a weekend or bank holiday moves to the "
                "next working day. Tick this to keep the exact day."
            )
        )
        due_row = QHBoxLayout()
        due_row.setContentsMargins(0, 0, 0, 0)
        due_row.addWidget(self.due_choice)
        due_row.addWidget(self.due_editor)
        due_row.addStretch(1)
        self.due_problem = ProblemLabel()
        self.repeat = RepeatEditor()
        self.repeat_problem = ProblemLabel()
        self.day_warning = note_label()
        self.day_warning.setWordWrap(True)
        self.day_warning.setAccessibleName(self.tr("Day check"))
        self.status = ChoiceCombo()
        self.status.set_choices((s, status_text(s)) for s in ActionStatus)
        self.status.setAccessibleName(self.tr("Status"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self._caption(self.tr("&Pathway:"), self.pathway), self.pathway)
        what_box = QVBoxLayout()
        what_box.setSpacing(2)
        what_box.addWidget(self.what)
        what_box.addWidget(self.what_count)
        what_box.addWidget(self.what_problem)
        form.addRow(self._caption(self.tr("&What:"), self.what), what_box)
        owner_box = QVBoxLayout()
        owner_box.addWidget(self.owner)
        owner_box.addWidget(self.owner_problem)
        form.addRow(self._caption(self.tr("W&ho does it:"), self.owner), owner_box)
        due_box = QVBoxLayout()
        due_box.addLayout(due_row)
        # Under the choice, not beside it: a date moved off a weekend takes a sentence.
        due_box.addWidget(self.resolved)
        due_box.addWidget(self.pinned)
        due_box.addWidget(self.due_problem)
        form.addRow(self._caption(self.tr("&Due:"), self.due_choice), due_box)
        repeat_box = QVBoxLayout()
        repeat_box.addWidget(self.repeat)
        repeat_box.addWidget(self.repeat_problem)
        repeat_box.addWidget(self.day_warning)
        form.addRow(self._caption(self.tr("&Repeats:"), self.repeat.every), repeat_box)
        form.addRow(self._caption(self.tr("&Status:"), self.status), self.status)
        #: Where a changed action comes from (an essential, support need, referral or
        #: recommendation it is linked to); not shown for the officer's own actions.
        self.source = QLabel(source_description(self.original.source if self.original else None))
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source.setAccessibleName(self.tr("Comes from"))
        if self.source.text():
            form.addRow(self.tr("Comes from:"), self.source)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Add action") if self.original is None else self.tr("&OK"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        name_buttons(self)

        for signal in (
            self.pathway.value_changed,
            self.what.textChanged,
            self.owner.value_changed,
            self.due_choice.value_changed,
            self.days.valueChanged,
            self.on_date.value_changed,
            self.status.value_changed,
            self.pinned.toggled,
            self.repeat.changed,
        ):
            signal.connect(self._update)

    def show_read_only(self) -> None:
        """For a user who may not change the plan: every field looks read-only (the UI
        kit's one look, readable, not Qt's disabled grey) and Close is the only button."""
        self.setWindowTitle(self.tr("Action (read only)"))
        set_read_only(
            (
                self.pathway,
                self.what,
                self.owner,
                self.due_choice,
                self.days,
                self.on_date,
                self.status,
                self.pinned,
            ),
            True,
        )
        self.repeat.set_read_only(True)
        self.what_count.hide()  # a count of characters left is for typing
        self.ok_button.hide()
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("&Close"))
        close.setAccessibleName(self.tr("Close"))
        close.setDefault(True)

    @staticmethod
    def _caption(text: str, buddy: QWidget) -> QLabel:
        caption = QLabel(text)
        caption.setBuddy(buddy)
        return caption

    def _show(self, action: PlanAction | None) -> None:
        default_choice, default_date = self._default_due()
        self.on_date.set_value(default_date)
        self.days.setValue(DEFAULT_DAYS_BEFORE_RELEASE)
        self.repeat.set_value(
            action.repeat if action else None,
            (self.release_date or clock.today()) + dt.timedelta(days=DEFAULT_REPEAT_DAYS),
        )
        if action is None:
            self.due_choice.set_value(default_choice)
            return
        self.pathway.set_value(action.pathway)
        self.what.setPlainText(shown(action.what, multi_line=True))
        self.owner.set_value(action.owner)
        self.status.set_value(action.status)
        due = action.due
        if due is None:
            self.due_choice.set_value(DueChoice.NO_DATE)
        elif due.kind is DueKind.ABSOLUTE and due.on is not None:
            self.due_choice.set_value(DueChoice.ON_DATE)
            self.on_date.set_value(due.on)
        else:
            offset = due.offset_days or 0
            if offset < 0:
                self.due_choice.set_value(DueChoice.BEFORE_RELEASE)
            elif offset == 0:
                self.due_choice.set_value(DueChoice.RELEASE_DAY)
            else:
                self.due_choice.set_value(DueChoice.AFTER_RELEASE)
            self.days.setValue(max(abs(offset), 1))
            self.pinned.setChecked(due.pinned)

    def _default_due(self) -> tuple[DueChoice, dt.date]:
        """A new action's due date: two weeks before release, or today when that is later (a
        new action is not overdue the moment it is added, e.g. for a release days away)."""
        today = clock.today()
        if self.release_date is not None:
            before = self.release_date - dt.timedelta(days=DEFAULT_DAYS_BEFORE_RELEASE)
            if before >= today:
                return DueChoice.BEFORE_RELEASE, before
        return DueChoice.ON_DATE, today

    # --- values --------------------------------------------------------------------------
    def due(self) -> DueDate | None:
        choice = self.due_choice.value()
        if choice is DueChoice.ON_DATE:
            on = self.on_date.value()
            return None if on is None else DueDate.absolute(on)
        if choice is DueChoice.BEFORE_RELEASE:
            return DueDate.relative(-int(self.days.value()))
        if choice is DueChoice.RELEASE_DAY:
            return DueDate.release_day()
        if choice is DueChoice.AFTER_RELEASE:
            return DueDate.relative(int(self.days.value()), pinned=self.pinned.isChecked())
        return None

    def action(self) -> PlanAction:
        """The action as the dialog shows it (keeps the original's source and position)."""
        return PlanAction(
            pathway=self.pathway.value(),
            what=self._what_text(),
            owner=self.owner.value(),
            due=self.due(),
            status=self.status.value(),
            position=self.original.position if self.original else 0,
            source=self.original.source if self.original else None,
            repeat=self.repeat.value(),
        )

    def _what_text(self) -> str:
        """What the box holds: a stored control character's picture read back as itself."""
        return read_back(self.what.toPlainText(), multi_line=True).strip()

    def problems(self) -> dict[str, str]:
        """Field -> message for what stops the action being saved."""
        found: dict[str, str] = {}
        text = self._what_text()
        if not text:
            found["what"] = self.tr("Say what will be done.")
        elif control_character_at(text, multi_line=True) is not None:
            found["what"] = self.tr(
                "Delete the control characters (shown as symbols such as \u2400): they were "
                "saved before Resettle refused them."
            )
        elif len(text) > WHAT_MAX:
            found["what"] = self.tr("Shorten this to %1 characters or fewer.").replace(
                "%1", f"{WHAT_MAX:,}"
            )
        if self.owner.value() is None:
            found["owner"] = self.tr("Choose who does it: prison, probation, provider or person.")
        if self.due_choice.value() is DueChoice.ON_DATE and self.on_date.problem():
            found["due"] = self.on_date.problem()
        found.update(self._repeat_problems())
        on = resolve_due(self.due(), self.release_date)
        if on is not None and self.sentence_date is not None and on < self.sentence_date:
            found["due"] = self.tr("This is before the sentence began (%1).").replace(
                "%1", date_text(self.sentence_date)
            )
        return found

    def _repeat_problems(self) -> dict[str, str]:
        """What stops the repeat: a missing end, or one the domain refuses (no start, an end
        before the first time, more than two years)."""
        if not self.repeat.wanted():
            return {}
        missing = self.repeat.problem()
        repeat = self.repeat.value()
        if missing or repeat is None:
            return {"repeat": missing}
        due = self.due()
        name = self.tr("this action")
        return {
            field: message
            for field, _code, message in repeat_problems(repeat, due, self.release_date, name)
        }

    def _suggested_weekday(self) -> int | None:
        """The one weekday the text names, else the due date's weekday."""
        named = named_weekdays(self._what_text())
        if len(named) == 1:
            return next(iter(named))
        on = resolve_due(self.due(), self.release_date)
        return on.weekday() if on is not None else None

    def _update(self) -> None:
        choice = self.due_choice.value()
        page = {DueChoice.ON_DATE: 1, DueChoice.RELEASE_DAY: 2, DueChoice.NO_DATE: 2}
        self.due_editor.setCurrentIndex(page.get(choice, 0))
        self.due_editor.setVisible(page.get(choice, 0) != 2)
        self.pinned.setVisible(choice is DueChoice.AFTER_RELEASE)
        self.resolved.setText(self._resolved_text(choice))
        length = len(self.what.toPlainText().strip())
        self.what_count.setText(f"{length:,} / {WHAT_MAX:,}")
        problems = self.problems()
        # An untouched new action does not shout: its empty text is only a reason OK is off.
        fresh = self.original is None and not self.what.toPlainText()
        self.what_problem.show_problem("" if fresh else problems.get("what", ""))
        self.owner_problem.show_problem(
            "" if fresh and self.owner.value() is None else problems.get("owner", "")
        )
        self.due_problem.show_problem(problems.get("due", ""))
        self.repeat_problem.show_problem(problems.get("repeat", ""))
        weekday = self._suggested_weekday()
        if weekday is not None:
            self.repeat.suggest_weekday(weekday)
        # No summary beside a refusal: it would count times the refusal says cannot be.
        stopped = "repeat" in problems or "due" in problems
        self.repeat.show_summary(None if stopped else self.due(), self.release_date)
        self.day_warning.setText(self._weekday_warning())
        self.day_warning.setVisible(bool(self.day_warning.text()))
        self.ok_button.setEnabled(not problems)

    def _weekday_warning(self) -> str:
        """The words name a weekday the action does not fall on (it may still be saved: the
        Plan tab marks it and Agree lists it)."""
        named = named_weekdays(self._what_text())
        day = due_day(self.due(), self.repeat.value(), self.release_date)
        if not named or day is None or day.weekday() in named:
            return ""
        said = " or ".join(self.tr(WEEKDAY_NAMES[n]) for n in sorted(named))
        return (
            self.tr("\u26a0 The words say %1, but it falls on %2. Change the day or the words.")
            .replace("%1", said)
            .replace("%2", day_text(day))
        )

    def _resolved_text(self, choice: DueChoice) -> str:
        if choice in (DueChoice.ON_DATE, DueChoice.NO_DATE):
            return ""
        if self.release_date is None:
            return self.tr("No release date recorded yet")
        due = self.due()
        on, counted = resolve_due(due, self.release_date), counted_day(due, self.release_date)
        if self.repeat.wanted() and on is not None:
            # One date to read: the first time is in the repeat's summary (trial).
            return self.tr("the repeats start from %1").replace("%1", day_text(on))
        if on is not None and counted is not None and on != counted:
            return (
                self.tr("falls on %1, a %2: moved to the next working day, %3")
                .replace("%1", day_text(counted))
                .replace("%2", closed_day_text(counted))
                .replace("%3", day_text(on))
            )
        if counted is not None and due is not None and due.pinned and not is_working_day(counted):
            return (
                self.tr("falls on %1, a %2: kept on that day")
                .replace("%1", day_text(counted))
                .replace("%2", closed_day_text(counted))
            )
        if on is not None and not is_working_day(on):
            # Before release the date stays (the prison works every day), but say so: a trial
            # met a default due date on Boxing Day with nothing said.
            return (
                self.tr("falls on %1, a %2")
                .replace("%1", day_text(on))
                .replace("%2", closed_day_text(on))
            )
        return self.tr("falls on %1").replace("%1", date_text(on))

    def accept(self) -> None:
        if self.problems():
            self._update()
            return
        super().accept()
