"""Asking why a person's data leaves Resettle: a justification from the list, details (needed
with "Other"), and the recipient. Used before a plan is printed or saved (``ui/plan``) and to
record a disclosure made outside the app (``ui/person``). The checks are the domain's
(``domain/disclosure.py``); a problem shows under its field and nothing happens until it is put
right. Opened window-modal with ``open()``; ``chosen`` is emitted with the checked reason.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.disclosure import (
    RECIPIENT_MAX,
    TEXT_MAX,
    DisclosureReason,
    Justification,
    RecordedDisclosure,
)
from resettle.domain.errors import ValidationFailed
from resettle.domain.validation import validate
from resettle.ui.common.length_counter import LengthCounter
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import ChoiceCombo, ProblemLabel


class DisclosureDialog(QDialog):
    #: The checked reason (a ``DisclosureReason``, or ``RecordedDisclosure`` when recorded).
    chosen = Signal(object)

    def __init__(
        self,
        title: str,
        ok_text: str,
        parent: QWidget | None = None,
        *,
        intro: str = "",
        default: Justification | None = None,
        recipient_needed: bool = False,
        cautions: Mapping[Justification, str] | None = None,
    ) -> None:
        """``cautions``: words shown while a justification is chosen that does not fit what
        is leaving (e.g. the officer's copy of a plan "for the person")."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.model: type[DisclosureReason] = (
            RecordedDisclosure if recipient_needed else DisclosureReason
        )
        self.reason: DisclosureReason | None = None
        self.cautions = dict(cautions or {})
        self.caution = QLabel()
        self.caution.setWordWrap(True)
        style_banner(self.caution, Tone.WARNING)
        self.caution.hide()
        self.justification = ChoiceCombo()
        self.justification.set_choices(
            ((j, self.tr(j.label)) for j in Justification), self.tr("Choose a justification…")
        )
        if default is not None:
            self.justification.set_value(default)
        self.justification.setAccessibleName(self.tr("Justification"))
        # Not capped (a long paste would be cut mid-word without a word): counted instead.
        self.details = QLineEdit()
        self.details.setAccessibleName(self.tr("Details"))
        self.recipient = QLineEdit()
        self.recipient.setAccessibleName(self.tr("Recipient"))
        self.recipient.setPlaceholderText(
            self.tr("Who receives it, e.g. MAPPA panel, Leeds Crown Court")
            if recipient_needed
            else self.tr("Where it applies, e.g. the person themself")
        )
        self.problems = {
            name: ProblemLabel(reserve=True)
            for name in ("justification", "justification_text", "recipient")
        }
        self.counters = {
            "justification_text": LengthCounter(self.details, TEXT_MAX),
            "recipient": LengthCounter(self.recipient, RECIPIENT_MAX),
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows = (
            ("justification", self.tr("&Justification"), self.justification),
            ("justification_text", self.tr("&Details"), self.details),
            ("recipient", self.tr("&Recipient"), self.recipient),
        )
        for name, caption, widget in rows:
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(widget)
            under = QHBoxLayout()
            under.addWidget(self.problems[name], 1)
            if name in self.counters:
                under.addWidget(self.counters[name], 0, Qt.AlignmentFlag.AlignTop)
            box.addLayout(under)
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                intro
                or self.tr(
                    "Why is this leaving Resettle? The reason is kept in the person's audit "
                    "trail and shown under \u201cWho has seen this\u201d."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.caution)
        layout.addWidget(self.buttons)
        self.justification.value_changed.connect(self._justification_changed)
        self._justification_changed()
        self.setMinimumWidth(480)

    def _justification_changed(self) -> None:
        caution = self.cautions.get(self.justification.value())
        self.caution.setText(caution or "")
        self.caution.setVisible(bool(caution))
        self._grow()
        other = self.justification.value() is Justification.OTHER
        if not other:  # "say what it is" was about Other: gone with it
            self.problems["justification_text"].show_problem("")
        self.details.setPlaceholderText(
            self.tr("Say what the justification is")
            if other
            else self.tr("A short note (optional)")
        )

    def _grow(self) -> None:
        """Taller when a caution or a problem appears, so no field is squeezed (user trial);
        once Qt has laid the new words out."""
        if self.isVisible():
            QTimer.singleShot(0, self._fit_height)

    def _fit_height(self) -> None:
        wanted = self.sizeHint().height()
        if self.height() < wanted:
            self.resize(self.width(), wanted)

    def values(self) -> dict[str, object]:
        return {
            "justification": self.justification.value(),
            "justification_text": self.details.text(),
            "recipient": self.recipient.text(),
        }

    def submit(self) -> None:
        """Check the answers: the problems under their fields, or ``chosen`` and close."""
        for label in self.problems.values():
            label.show_problem("")
        try:
            reason = validate(self.model, self.values())
        except ValidationFailed as failed:
            for problem in failed.problems:
                field = problem.field.split(".", 1)[0]
                self.problems.get(field, self.problems["justification"]).show_problem(
                    problem.message
                )
            first = failed.problems[0].field.split(".", 1)[0]
            {"justification_text": self.details, "recipient": self.recipient}.get(
                first, self.justification
            ).setFocus()
            self._grow()
            return
        self.reason = reason
        self.chosen.emit(reason)
        self.accept()
