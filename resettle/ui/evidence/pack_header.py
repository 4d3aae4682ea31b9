"""The evidence pack in use, as a header line: version, release date, SHA-256, and a warning
when the app fell back to the last good pack (with every reason).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from resettle.services.evidence_pack import PackStatus
from resettle.ui.common.labels import date_text
from resettle.ui.evidence.html_parts import WARN_BACKGROUND, WARN_COLOUR


def _tr(text: str) -> str:
    return QCoreApplication.translate("PackHeader", text)


def pack_line(status: PackStatus) -> str:
    """``Evidence pack 1.0.0 · released 20 Nov 2026 · 33 interventions, 57 records``."""
    meta = status.metadata
    return (
        _tr(
            "Evidence pack %1  ·  released %2  ·  %3 interventions, "
            "%4 evidence records (%5 unverified)"
        )
        .replace("%1", meta.pack_version)
        .replace("%2", date_text(meta.release_date))
        .replace("%3", str(meta.intervention_count))
        .replace("%4", str(meta.evidence_record_count))
        .replace("%5", str(meta.unverified_record_count))
    )


class PackHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setWordWrap(True)
        self.hash_label = QLabel()
        self.hash_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hash_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.hash_label.setStyleSheet("color: palette(placeholder-text);")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning.setStyleSheet(
            f"background: {WARN_BACKGROUND}; color: {WARN_COLOUR}; padding: 6px;"
            " border-radius: 3px;"
        )
        self.warning.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(self.hash_label)
        layout.addWidget(self.warning)

    def set_status(self, status: PackStatus) -> None:
        meta = status.metadata
        self.summary.setText(pack_line(status))
        self.summary.setToolTip(meta.title)
        self.hash_label.setText(self.tr("SHA-256 %1").replace("%1", meta.sha256))
        self.hash_label.setAccessibleName(self.tr("Pack SHA-256"))
        if status.fell_back:
            lines = [
                self.tr(
                    "The newest imported pack could not be used, so Resettle is using the last "
                    "good pack (%1). Ask an administrator to import a corrected file. Why:"
                ).replace("%1", meta.pack_version)
            ]
            lines += [f"• {problem}" for problem in status.problems]
            self.warning.setText("\n".join(lines))
        self.warning.setVisible(status.fell_back)
