"""Aftercare: referrals to community services, each with its status history.

Referrals are added and updated through dialogs that save at once (status moves are checked
against the allowed transitions; closed and did-not-attend need a reason). The provider
directory grows from here too ("Add provider…").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_record import CaseRecord, ReferralView
from resettle.domain.permissions import Permission
from resettle.domain.withheld import Withheld
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.labels import label
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.rows_model import ROW_ROLE
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, push_button, source_row, table_view, value_label
from resettle.ui.common.withheld import withheld_label, withheld_text
from resettle.ui.person.aftercare_dialogs import ProviderDialog, ReferralDialog
from resettle.ui.person.aftercare_models import (
    ReferralHistoryModel,
    ReferralsModel,
    appointment_text,
)
from resettle.ui.person.form_dialog import FormDialog


class AftercareTab(PersonTab):
    ACCESS = TabAccess(edit=Permission.EDIT_REFERRALS)
    TITLE = "Aftercare"

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.dialog: FormDialog | None = None
        self._read_only = False
        self._reasons_hidden = False
        self._build()

    def _build(self) -> None:
        self.referrals = ReferralsModel(self)
        self.table = table_view(
            self.referrals, self.tr("Referrals"), sortable=True, stretch_column=0
        )
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # newest referral first
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.table.activated.connect(lambda _index: self.update_referral())
        self.empty = note_label(self.tr("No referrals yet. Use “New referral…” to add one."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.new_button = push_button(self.tr("&New referral…"))
        self.new_button.clicked.connect(self.new_referral)
        self.update_button = push_button(self.tr("&Update referral…"))
        self.update_button.clicked.connect(self.update_referral)
        self.provider_button = push_button(self.tr("Add pro&vider…"))
        self.provider_button.clicked.connect(self.add_provider)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        buttons.addWidget(self.provider_button)

        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)

        details = QGroupBox(self.tr("Referral"))
        self.details_box = details
        facts = QFormLayout()
        self.provider = value_label(accessible_name=self.tr("Provider"))
        self.contact = value_label(accessible_name=self.tr("Contact"))
        self.appointment = value_label(accessible_name=self.tr("Appointment"))
        self.reason = value_label(accessible_name=self.tr("Reason"))
        facts.addRow(self.tr("Provider:"), self.provider)
        facts.addRow(self.tr("Contact:"), self.contact)
        facts.addRow(self.tr("Appointment:"), self.appointment)
        facts.addRow(self.tr("Reason:"), self.reason)
        self.history = ReferralHistoryModel(self)
        self.history_table = table_view(self.history, self.tr("Referral history"), stretch_column=4)
        self.reasons_withheld = withheld_label(Withheld.REFERRAL_REASONS)
        history = QVBoxLayout()
        history.addWidget(self.history_table, 1)
        history.addWidget(self.reasons_withheld)
        lower = QHBoxLayout(details)
        lower.addLayout(facts, 2)
        lower.addLayout(history, 3)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def selected(self) -> ReferralView | None:
        row = source_row(self.table)
        return self.referrals.row_at(row) if row is not None else None

    def select_referral(self, referral_id: int) -> None:
        model = self.table.model()
        for row in range(model.rowCount()):
            view = model.index(row, 0).data(ROW_ROLE)
            if view is not None and view.id == referral_id:
                self.table.selectRow(row)
                return

    def _chosen(self) -> None:
        view = self.selected()
        self.details_box.setEnabled(view is not None)
        self.update_button.setEnabled(view is not None and not self._read_only)
        if view is None:
            self.details_box.setTitle(self.tr("Referral"))
            for field in (self.provider, self.contact, self.appointment, self.reason):
                field.setText("")
            self.history.set_rows([])
            return
        referral = view.referral
        self.details_box.setTitle(
            self.tr("%1 — %2")
            .replace("%1", label(referral.service_type))
            .replace("%2", label(referral.status))
        )
        self.provider.setText(
            f"{view.provider_name} ({view.provider_phone})"
            if view.provider_phone
            else view.provider_name
        )
        self.contact.setText(referral.contact or "—")
        self.appointment.setText(appointment_text(view) or self.tr("Not booked"))
        self.reason.setText(
            withheld_text(Withheld.REFERRAL_REASONS)
            if self._reasons_hidden
            else referral.reason or "—"
        )
        self.history.set_rows(view.history)

    def new_referral(self) -> FormDialog:
        self.dialog = ReferralDialog(self.session, None, self)
        self.dialog.start()
        return self.dialog

    def update_referral(self) -> FormDialog | None:
        view = self.selected()
        if view is None or self._read_only:
            return None
        self.dialog = ReferralDialog(self.session, view, self)
        self.dialog.start()
        return self.dialog

    def add_provider(self) -> FormDialog:
        self.dialog = ProviderDialog(self.session, self)
        self.dialog.start()
        return self.dialog

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self._reasons_hidden = Withheld.REFERRAL_REASONS in record.withheld
        self.history_table.setColumnHidden(ReferralHistoryModel.REASON_COLUMN, self._reasons_hidden)
        self.reasons_withheld.setVisible(self._reasons_hidden)
        chosen = self.selected()
        self.referrals.set_rows(record.referrals)
        has_any = bool(record.referrals)
        self.empty.setVisible(not has_any)
        self.table.setVisible(has_any)
        self.details_box.setVisible(has_any)
        if chosen is not None:
            self.select_referral(chosen.id)
        if self.selected() is None and record.referrals:
            self.table.selectRow(0)
        self._chosen()
        self.notify()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for button in (self.new_button, self.update_button, self.provider_button):
            button.setEnabled(not read_only)
        self._chosen()
