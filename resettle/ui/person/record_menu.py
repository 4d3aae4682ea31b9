"""The person window's Record menu: record a disclosure made outside the app, and "Who has seen
this" (only for the person's officer and their team's managers: ``CaseRecord.
may_see_who_has_seen``; the service checks again)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow, QMenu

from resettle.domain.disclosure import DisclosureReason
from resettle.services.disclosures import record_disclosure
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.disclosure_dialog import DisclosureDialog
from resettle.ui.common.storage_read_only import offer_only_when_writable
from resettle.ui.person.seen_by_dialog import SeenByDialog, open_seen_by
from resettle.ui.worker import run_in_background, show_failure


def _tr(text: str) -> str:
    return QCoreApplication.translate("RecordMenu", text)


def add_record_menu(window: QMainWindow, session: CaseRecordSession) -> QMenu:
    menu = window.menuBar().addMenu(_tr("Re&cord"))
    menu.setToolTipsVisible(True)  # a greyed item says why (a read-only database)
    offer_only_when_writable(
        menu.addAction(_tr("Record a &disclosure…"), lambda: ask_disclosure(window, session)),
        session.read_only_because or session.workspace.read_only_because,
    )
    if session.record.may_see_who_has_seen:
        menu.addAction(_tr("&Who has seen this…"), lambda: show_seen_by(window, session))
    return menu


def ask_disclosure(window: QMainWindow, session: CaseRecordSession) -> DisclosureDialog:
    """Ask what was given to whom and why; recorded in the background once answered."""
    dialog = DisclosureDialog(
        _tr("Record a disclosure"),
        _tr("&Record disclosure"),
        window,
        intro=_tr(
            "Record that this person's data was given to someone outside Resettle (for "
            "example to a MAPPA panel or a court): who received it and why. It is kept in "
            "the person's audit trail."
        ),
        recipient_needed=True,
    )

    def record(reason: DisclosureReason) -> None:
        workspace, person_id = session.workspace, session.person_id
        run_in_background(
            window,
            lambda _job: workspace.run(record_disclosure, person_id, reason),
            lambda _done: window.statusBar().showMessage(
                _tr("Disclosure to %1 recorded.").replace("%1", reason.recipient), 5000
            ),
            on_failure=lambda error: show_failure(window, error),
        )

    dialog.chosen.connect(record)
    dialog.open()
    return dialog


def show_seen_by(window: QMainWindow, session: CaseRecordSession) -> SeenByDialog:
    return open_seen_by(window, session.workspace, session.person_id, session.record.person.name)
