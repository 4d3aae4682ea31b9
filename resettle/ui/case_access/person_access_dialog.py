"""A manager decides who reaches one person: restricted to named staff or not, and the staff
excluded from them, with the reason (audited). ``open_person_access`` opens it.

The person's access and the staff to name are read in the background; Save writes them in
one use case (``case_access.set_person_access``). An account that may not decide this (or
does not reach the person) sees the service's refusal in the dialog, with nothing to edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.staff import Role, StaffSummary
from resettle.services import case_access, staff
from resettle.services.case_access import PersonAccessView
from resettle.services.workspace import Workspace
from resettle.ui.access.form import heading_label
from resettle.ui.case_access import questions
from resettle.ui.case_access.problems import FieldProblems, leave_only_the_message
from resettle.ui.case_access.staff_list import StaffListEditor
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.staff_labels import staff_label, staff_labels
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import plain_text_edit


@dataclass(frozen=True)
class _Loaded:
    access: PersonAccessView
    staff: list[StaffSummary]
    #: Each account's teams and establishments, named beside it.
    workplaces: dict[int, tuple[str, ...]]


def _load(runner: Workspace, person_id: int) -> _Loaded:
    access = runner.run(case_access.person_access, person_id)
    return _Loaded(access, runner.run(staff.list_staff), runner.run(staff.list_workplaces))


def _nameable(member: StaffSummary) -> bool:
    """Staff worth naming: active accounts that can reach people (administrators never do)."""
    return member.active and bool(member.roles - {Role.ADMIN})


class PersonAccessDialog(QDialog):
    #: The person's access was saved (the new state).
    saved = Signal(object)

    def __init__(self, runner: Workspace, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.person_id = person_id
        self.loaded = False
        self.saving = False
        self.revision = 0  # the access's revision as shown (set by show_access)
        self.access: PersonAccessView | None = None
        #: The responsible officer as listed (no note), for the question about them.
        self.officer_name = ""
        #: True while the saved state is put on screen (not the manager's ticks).
        self._showing = False
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Who may reach this person"))
        self.heading = heading_label(self.tr("Who may reach this person"))
        self.heading.setObjectName("person_heading")
        self.setModal(True)
        self.problems = FieldProblems(self)
        self.restricted = QCheckBox(self.tr("&Restrict this person to the staff named below"))
        explanation = note_label(
            self.tr(
                "Only the staff named here will find this person; for everyone else the "
                "person does not exist in Resettle."
            )
        )
        explanation.setObjectName("restriction_explained")
        self.restricted.setAccessibleDescription(explanation.text())
        self._body = QWidget()
        self.named = StaffListEditor(
            self.tr("&Named staff (the only ones who reach them)"), self.tr("Named staff")
        )
        self.excluded = StaffListEditor(
            self.tr("E&xcluded staff (never reach them)"), self.tr("Excluded staff")
        )
        lists = QHBoxLayout()
        lists.addWidget(self.problems.under(self.named, "allowed_staff_ids"), 1)
        lists.addWidget(self.problems.under(self.excluded, "excluded_staff_ids"), 1)
        self.reason = plain_text_edit(self.tr("Reason for the change"), height=60)
        self.reason.setPlaceholderText(self.tr("Say why: it is kept in the audit trail"))
        reason_caption = QLabel(self.tr("Rea&son for the change"))
        reason_caption.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.restricted)
        body.addWidget(explanation)
        body.addLayout(lists, 1)
        body.addWidget(reason_caption)
        body.addWidget(self.problems.under(self.reason, "reason"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems.general)
        layout.addWidget(self._body, 1)
        layout.addWidget(self.busy.label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.restricted.toggled.connect(self._restriction_toggled)
        self.reason.textChanged.connect(lambda: self.problems.clear_field("reason"))
        self._body.setEnabled(False)
        self.save_button.setEnabled(False)
        fit_to_screen(self, 780, 560)
        self.busy.run(lambda _job: _load(runner, person_id), self._loaded, on_failure=self._refused)

    # --- loading -------------------------------------------------------------------------
    def _loaded(self, loaded: _Loaded) -> None:
        labels = dict(staff_labels(loaded.staff, loaded.workplaces))
        for member in loaded.staff:
            if not member.active:
                labels[member.id] = self.tr("%1 (account disabled)").replace(
                    "%1", labels[member.id]
                )
        officer = loaded.access.responsible_officer_id
        named = {m.id: m for m in loaded.staff}
        if officer in labels:
            self.officer_name = staff_label(named[officer])
            # The note before the workplaces, so a narrow list does not cut it off.
            labels[officer] = ", ".join(
                [
                    self.tr("%1 (responsible officer)").replace("%1", self.officer_name),
                    *loaded.workplaces.get(officer, ()),
                ]
            )
        nameable = {m.id for m in loaded.staff if _nameable(m)}
        me = self.runner.actor.id
        for editor in (self.named, self.excluded):
            editor.labels = labels
            editor.changed.connect(self._lists_changed)
        self.named.fixed = frozenset({me})
        self.named.offered = lambda s: s in nameable and s not in self.excluded.staff_ids()
        self.excluded.offered = lambda s: (
            s in nameable and s != me and s not in self.named.staff_ids()
        )
        self.loaded = True
        self.show_access(loaded.access)
        self._body.setEnabled(True)
        self.save_button.setEnabled(True)
        self._restriction_toggled(self.restricted.isChecked())
        self.restricted.setFocus()

    def show_access(self, access: PersonAccessView) -> None:
        self.revision = access.revision  # given back on save: a stale save is refused
        self.access = access
        if access.person_name:
            title = (
                self.tr("Who may reach %1 (%2)")
                .replace("%2", access.prison_number)
                .replace("%1", access.person_name)
            )
            self.setWindowTitle(title)
            self.heading.setText(title)
            self.heading.setAccessibleName(title)
        self._showing = True
        try:
            self.restricted.setChecked(access.restricted)
        finally:
            self._showing = False
        self.named.set_staff_ids(access.allowed_staff_ids)
        self.excluded.set_staff_ids(access.excluded_staff_ids)
        self._lists_changed()

    def _lists_changed(self) -> None:
        """Offer each list only the staff on neither; a problem with the lists is gone."""
        self.problems.clear_field("allowed_staff_ids")
        self.problems.clear_field("excluded_staff_ids")
        for editor in (self.named, self.excluded):
            editor.refresh_offer()

    def _restriction_toggled(self, restricted: bool) -> None:
        """Named staff matter only while the person is restricted; the manager setting the
        restriction is always on the list (the service keeps them there), and the person's
        responsible officer is put on it too, so nobody loses a case allocated to them
        without the manager meaning it."""
        if restricted and self.loaded:
            self.named.add(self.runner.actor.id)
            officer = self._officer_left_out()
            if officer is not None and not self._showing:
                self.named.add(officer)
        self.named.setEnabled(restricted)

    def _officer_left_out(self) -> int | None:
        """The responsible officer, when a restriction would leave them out: not named, not
        excluded on purpose, and an account that can be named."""
        officer = self.access.responsible_officer_id if self.access is not None else None
        if (
            officer is None
            or not self.restricted.isChecked()
            or officer in self.named.staff_ids()
            or officer in self.excluded.staff_ids()
            or not self.named.offered(officer)
        ):
            return None
        return officer

    def _keep_officer(self) -> None:
        """Before a restriction leaves out the responsible officer, ask: they are put back
        on the list unless the manager chooses to restrict without them. A restriction
        saved without them already was decided before and is not asked about again."""
        officer = self._officer_left_out()
        access = self.access
        if officer is None or access is None:
            return
        if access.restricted and officer not in access.allowed_staff_ids:
            return
        if not questions.restrict_without_officer(self, self.officer_name, access.team_name):
            self.named.add(officer)

    # --- saving --------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.loaded or self.saving:
            return False
        if not self.reason.toPlainText().strip():
            # Said before the question about the officer, not after it (user trial).
            self.problems.show_texts([("reason", self.tr("Reason: say why (it is audited)"))])
            self.reason.setFocus()
            return False
        self._keep_officer()
        self.saving = True
        self.save_button.setEnabled(False)
        self.problems.clear()
        restricted = self.restricted.isChecked()
        allowed = self.named.staff_ids() if restricted else []
        excluded = self.excluded.staff_ids()
        reason = self.reason.toPlainText()
        runner, person_id, revision = self.runner, self.person_id, self.revision
        self.busy.run(
            lambda _job: runner.run(
                case_access.set_person_access,
                person_id,
                restricted=restricted,
                allowed_staff_ids=allowed,
                excluded_staff_ids=excluded,
                reason=reason,
                expected_revision=revision,
            ),
            self._saved,
            on_failure=self._save_refused,
        )
        return True

    def _saved(self, access: PersonAccessView) -> None:
        self.saving = False
        self.saved.emit(access)
        self.accept()

    def _save_refused(self, error: Exception) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.problems.show_failure(error, "saving a person's access")
        if self.problems.text("reason"):
            self.reason.setFocus()

    def _refused(self, error: Exception) -> None:
        """The account may not decide this (or the person is out of its reach): say so, with
        Cancel the only way on."""
        self.problems.show_failure(error, "reading a person's access")
        leave_only_the_message(self, self._body, self.save_button)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setFocus()

    def reject(self) -> None:
        if not self.saving:
            super().reject()


def open_person_access(parent: QWidget, runner: Workspace, person_id: int) -> PersonAccessDialog:
    """Open the dialog window-modal over ``parent`` (for the person window's menu)."""
    dialog = PersonAccessDialog(runner, person_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
