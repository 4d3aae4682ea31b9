"""What the user is told when something fails, and what the log keeps.

A ``DomainError`` is a message the user can act on: it is shown as it is and logged by its code
(its text may quote what they typed). Anything else is unexpected: the log gets its traceback
(engines hide SQL parameters, so the statement text carries no record), and the user gets a
short message pointing to the log, never the exception's text.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from resettle.domain.errors import DomainError
from resettle.logging_setup import log_file
from resettle.private_files import FileNotWritten
from resettle.ui.common.window_message import open_box, window_message_box

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Failures", text)


def unexpected_message() -> str:
    where = log_file()
    if where is None:
        return _tr("Something went wrong. Please tell your administrator what you were doing.")
    return _tr("Something went wrong. The details are in %1.").replace("%1", str(where))


def failure_text(error: BaseException, context: str = "operation") -> str:
    """The message for ``error``, after logging it (code, or type and traceback)."""
    if isinstance(error, DomainError):
        log.info("%s refused: %s", context, error.code)
        return str(error)
    if isinstance(error, FileNotWritten):  # the file asked for and why; the log: errno only
        log.warning("%s: a file could not be written (errno %s)", context, error.errno)
        return (
            _tr("The file %1 could not be written: %2")
            .replace("%1", str(error.path))
            .replace("%2", error.strerror or "")
        )
    log.error(
        "%s failed unexpectedly: %s",
        context,
        type(error).__name__,
        exc_info=(type(error), error, error.__traceback__),
    )
    return unexpected_message()


def show_failure_box(parent: QWidget | None, text: str) -> QMessageBox:
    """A warning box that does not run its own event loop (window-modal over ``parent``)."""
    box = window_message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_tr("Resettle"))
    box.setText(text)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    open_box(box)
    return box


def _excepthook(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    if not isinstance(error, Exception):  # KeyboardInterrupt, SystemExit: the usual way out
        sys.__excepthook__(kind, error, traceback)
        return
    from resettle.ui.common.account_refusals import divert

    if divert(error):
        return
    if error.__traceback__ is None:
        error = error.with_traceback(traceback)
    text = failure_text(error, "user action")
    if QApplication.instance() is not None:
        show_failure_box(QApplication.activeWindow(), text)


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def install_excepthook() -> ExceptHook:
    """Exceptions that escape a Qt slot (anything not caught on the UI thread) are logged and
    shown as a message instead of a traceback on stderr. Returns the hook it replaced."""
    previous = sys.excepthook
    sys.excepthook = _excepthook
    return previous
