"""Starting the GUI: QApplication, the database, signing in (``app_session.py``), the main
window (and screenshot mode)."""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from typing import TYPE_CHECKING

from resettle.domain.errors import DomainError
from resettle.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from resettle.ui.main_window import MainWindow

ORGANISATION = "Resettle"
#: Benchmarks set this to a file path; the wall-clock time the caseload was first shown is
#: written there (seconds since the epoch).
STARTUP_PROBE_ENV = "RESETTLE_STARTUP_PROBE"
APPLICATION = "Resettle"
#: How long quitting waits for background work still running before closing the database.
SHUTDOWN_WAIT_MS = 10_000

log = logging.getLogger(__name__)


def run_gui(settings: Settings, screenshot: str | None = None) -> int:
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from resettle.ui.app_icon import application_icon
    from resettle.ui.failures import install_excepthook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setWindowIcon(application_icon())  # every window, and the task bar, shows it
    previous_hook = install_excepthook()
    try:
        return _run(app, settings, screenshot)
    finally:
        sys.excepthook = previous_hook


def _refuse(error: DomainError, screenshot: str | None, what: str) -> int:
    from PySide6.QtWidgets import QMessageBox

    log.warning("%s: %s", what, error.code)
    print(f"resettle: {error}", file=sys.stderr)
    if not screenshot:
        QMessageBox.critical(None, "Resettle", str(error))
    return 1


def _run(app: QCoreApplication, settings: Settings, screenshot: str | None) -> int:
    from PySide6.QtCore import QTimer

    from resettle.services.workspace import open_settings_database
    from resettle.ui.app_session import AppSession
    from resettle.ui.signing_in import PASSWORD_ENV
    from resettle.ui.ui_thread_collector import UiThreadCollector

    try:
        database = open_settings_database(settings)
    except DomainError as error:
        return _refuse(error, screenshot, "The database could not be opened")
    collector = UiThreadCollector(app)
    app.setQuitOnLastWindowClosed(False)  # signing out closes every window; the app stays
    session = AppSession(settings, database)
    try:
        if screenshot and not (settings.username and os.environ.get(PASSWORD_ENV) is not None):
            print(
                f"resettle: --screenshot needs --user NAME and the password in {PASSWORD_ENV}",
                file=sys.stderr,
            )
            return 2
        probe = os.environ.get(STARTUP_PROBE_ENV)
        first = True

        def opened(window: MainWindow) -> None:
            nonlocal first
            if first:  # the probe and the screenshot are of the first window only
                first = False
                _watch_first_window(window, probe, screenshot)

        session.window_opened.connect(opened)
        session.quit_requested.connect(app.quit)
        try:
            session.start()
        except DomainError as error:  # --user with a wrong RESETTLE_PASSWORD
            return _refuse(error, screenshot, "Not signed in")
        if screenshot:
            QTimer.singleShot(30_000, lambda: app.exit(3))  # never hang a smoke test
        return int(app.exec())
    finally:
        from resettle.ui.worker import wait_for_background_work

        # Windows are closed and their operations cancelled; let running ones reach a stop
        # before the database goes away.
        wait_for_background_work(SHUTDOWN_WAIT_MS)
        collector.stop()
        database.close()


def _watch_first_window(window: MainWindow, probe: str | None, screenshot: str | None) -> None:
    """The start-up probe and the screenshot, when the first caseload is shown."""
    # Everything made so far lives as long as the app: keep the garbage collector from
    # re-scanning it on every collection (shorter pauses when a record opens).
    gc.freeze()
    if probe:
        window.caseload_shown.connect(lambda: _write_probe(probe))
    if screenshot:
        window.resize(1200, 720)
        window.caseload_shown.connect(lambda: _save_and_quit(window, screenshot))


def _write_probe(path: str) -> None:
    with open(path, "w", encoding="ascii") as handle:
        handle.write(repr(time.time()))


def _save_and_quit(window: object, path: str) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    ok = window.grab().save(path)  # type: ignore[attr-defined]
    if not ok:
        print(f"resettle: could not write the screenshot to {path}", file=sys.stderr)
    QApplication.instance().exit(0 if ok else 1)  # type: ignore[union-attr]
