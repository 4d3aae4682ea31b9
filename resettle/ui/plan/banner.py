"""The band above the plan: its state (draft, agreed, issued), who agreed and issued it, the
issued snapshot's fingerprint, what saving will do, and which version is shown."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.plan import PlanState, PlanVersion
from resettle.domain.plan_view import PlanVersionSummary
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.ui.common.labels import date_text
from resettle.ui.common.storage_read_only import storage_reason
from resettle.ui.common.views import value_label
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.plan.labels import STATE_COLOURS, agreement_method_text, short_hash, state_text

WARNING_STYLE = "color: #8a5300;"


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else clock.day_of(moment)


class PlanBanner(QFrame):
    #: The user chose a version to show (its number).
    version_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chip = QLabel()
        self.chip.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chip.setMinimumWidth(86)
        self.headline = value_label(accessible_name=self.tr("Plan state"))
        self.fingerprint = QLabel()
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_hash = QToolButton()
        self.copy_hash.setText(self.tr("Copy"))
        self.copy_hash.setToolTip(self.tr("Copy the full SHA-256 fingerprint"))
        self.copy_hash.setAccessibleName(self.tr("Copy the plan fingerprint"))
        self.copy_hash.clicked.connect(self._copy_hash)
        self.note = value_label(accessible_name=self.tr("What saving does"))
        self.versions = ChoiceCombo()
        self.versions.setAccessibleName(self.tr("Plan version"))
        self.versions.setToolTip(self.tr("Earlier versions can be read but not changed"))
        self.versions.value_changed.connect(self._chosen)
        self._sha256 = ""
        self._offering = False

        fingerprint_row = QHBoxLayout()
        fingerprint_row.setContentsMargins(0, 0, 0, 0)
        fingerprint_row.addWidget(self.fingerprint)
        fingerprint_row.addWidget(self.copy_hash)
        fingerprint_row.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(3)
        text.addWidget(self.headline)
        text.addLayout(fingerprint_row)
        text.addWidget(self.note)
        self.version_caption = QLabel(self.tr("&Version:"))
        self.version_caption.setBuddy(self.versions)
        version_box = QVBoxLayout()
        version_box.addWidget(self.version_caption)
        version_box.addWidget(self.versions)
        version_box.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        layout.addLayout(version_box)

    def show_plan(
        self,
        plan: PlanVersion | None,
        versions: tuple[PlanVersionSummary, ...],
        *,
        current: bool,
        dirty: bool,
        progress_only: bool = False,
        read_only: bool = False,
        can_print: bool = True,
        storage_read_only: ReadOnlyBecause | None = None,
    ) -> None:
        """Describe ``plan`` (None: no plan yet); ``current`` False for an earlier version;
        ``progress_only`` when the unsaved changes are only actions' statuses; ``read_only``
        when this user may not change it here (a closed case, or a role that reads plans);
        ``can_print`` False for a role that may not print plans (prison staff);
        ``storage_read_only`` when the record was opened on a database that cannot be written
        (then that is the reason given, not a role's)."""
        self._offer_versions(versions, plan.version if plan else None)
        self._show_chip(plan.state if plan else None)
        self._sha256 = plan.issue.snapshot_sha256 if plan and plan.issue else ""
        self.fingerprint.setVisible(bool(self._sha256))
        self.copy_hash.setVisible(bool(self._sha256))
        if self._sha256:
            self.fingerprint.setText(
                self.tr("Fingerprint (SHA-256): %1").replace("%1", short_hash(self._sha256))
            )
            self.fingerprint.setToolTip(self._sha256)
        self.headline.setText(self._headline(plan))
        note, warning = (
            (self._read_only_note(can_print, storage_read_only), False)
            if read_only and current
            else self._note(plan, current=current, dirty=dirty, progress_only=progress_only)
        )
        self.note.setText(note)
        self.note.setStyleSheet(WARNING_STYLE if warning else "color: palette(placeholder-text);")

    def _read_only_note(self, can_print: bool, storage: ReadOnlyBecause | None) -> str:
        if storage is not None:
            ending = (
                self.tr(", so the plan cannot be changed; it can be viewed and previewed.")
                if can_print
                else self.tr(", so the plan cannot be changed; it can be viewed.")
            )
            return self.tr("Read only: ") + storage_reason(storage) + ending
        if can_print:
            return self.tr("Read only here: the plan can be viewed and printed, not changed.")
        return self.tr(
            "Read only here: the plan can be viewed, not changed. Plans are printed by the "
            "person's probation officer or a manager."
        )

    @property
    def sha256(self) -> str:
        return self._sha256

    # --- parts ---------------------------------------------------------------------------
    def _offer_versions(self, versions: tuple[PlanVersionSummary, ...], shown: int | None) -> None:
        newest = versions[-1].version if versions else None
        choices = []
        for summary in reversed(versions):
            words = state_text(summary.state).lower()
            if summary.version == newest:
                words = self.tr("current, %1").replace("%1", words)
            elif summary.issued_at is not None:
                words = self.tr("issued %1").replace(
                    "%1", date_text(_local_date(summary.issued_at))
                )
            choices.append(
                (
                    summary.version,
                    self.tr("Version %1 (%2)")
                    .replace("%1", str(summary.version))
                    .replace("%2", words),
                )
            )
        self._offering = True  # set_choices unblocks signals itself: ignore them here
        try:
            self.versions.set_choices(choices)
            self.versions.set_value(shown)
        finally:
            self._offering = False
        self.versions.setEnabled(len(choices) > 1)
        self.versions.setVisible(bool(choices))
        self.version_caption.setVisible(bool(choices))

    def _show_chip(self, state: PlanState | None) -> None:
        background, colour = STATE_COLOURS[state] if state else ("#f3f2f1", "#605e5c")
        self.chip.setText(state_text(state).upper() if state else self.tr("NO PLAN"))
        self.chip.setStyleSheet(
            f"background: {background}; color: {colour}; border: 1px solid {colour}; "
            "border-radius: 3px; padding: 3px 8px; font-weight: bold;"
        )
        self.setStyleSheet(f"#planBanner {{ background: {background}; border-radius: 4px; }}")

    def _headline(self, plan: PlanVersion | None) -> str:
        if plan is None:
            return self.tr("No plan yet.")
        if plan.state is PlanState.DRAFT:
            return self.tr("Version %1 is a draft: not agreed yet.").replace(
                "%1", str(plan.version)
            )
        agreement = plan.agreement
        assert agreement is not None
        agreed = (
            self.tr("Agreed by %1 on %2.")
            .replace("%1", agreement.agreed_by)
            .replace("%2", date_text(_local_date(agreement.agreed_at)))
        )
        if agreement.agreed_by_person:
            agreed += " " + (
                self.tr("The person agreed %1 on %2.")
                .replace("%1", agreement_method_text(agreement.person_agreed_how))
                .replace("%2", date_text(agreement.person_agreed_on))
            )
        else:
            agreed += " " + self.tr("The person's agreement is not recorded.")
        if plan.state is PlanState.ISSUED and plan.issue is not None:
            issued = (
                self.tr("Issued by %1 on %2.")
                .replace("%1", plan.issue.issued_by)
                .replace("%2", date_text(_local_date(plan.issue.issued_at)))
            )
            return f"{issued}\n{agreed}"
        return agreed

    def _note(
        self, plan: PlanVersion | None, *, current: bool, dirty: bool, progress_only: bool
    ) -> tuple[str, bool]:
        if plan is None and dirty:
            return self.tr("Unsaved: save (Ctrl+S) to start version 1 of the plan."), True
        if plan is None:
            return (
                self.tr(
                    "Add actions (or suggestions from the record), save, agree the plan with "
                    "the person, then issue it."
                ),
                False,
            )
        number = str(plan.version)
        if not current:
            return (
                self.tr("You are reading version %1, which cannot be changed.").replace(
                    "%1", number
                ),
                False,
            )
        if plan.state is PlanState.ISSUED:
            text = self.tr(
                "An issued plan does not change: saving changes starts version %1 as a new "
                "draft, and version %2 stays as issued."
            )
            return text.replace("%1", str(plan.version + 1)).replace("%2", number), dirty
        if plan.state is PlanState.AGREED:
            if dirty and progress_only:
                return self.tr("Saving records progress only: the plan stays agreed."), False
            if dirty:
                return (
                    self.tr("Saving your changes returns the plan to draft: agree it again."),
                    True,
                )
            return self.tr("Issue the plan to print it and hand it over."), False
        if dirty:
            return self.tr("Unsaved changes: save the plan before agreeing it."), True
        return self.tr("Agree the plan with the person, then issue it."), False

    def _chosen(self) -> None:
        if self._offering:
            return
        value = self.versions.value()
        if value is not None:
            self.version_chosen.emit(int(value))

    def _copy_hash(self) -> None:
        if self._sha256:
            QGuiApplication.clipboard().setText(self._sha256)
