"""The Programme referrals tab's Refer dialog: refer the person to a programme.

It saves off the UI thread through the services and closes when saved; a refusal is shown in
the dialog (naming the field) and nothing is saved. The Move dialog is shared with the
Programmes view: ``resettle.ui.common.referral_move_dialog``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.programme_referrals import ProgrammeChoice, ReferralChoices
from resettle.services.programme_referrals import refer_to_programme
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.dialog_fit import grow_to_fit
from resettle.ui.common.referral_move_dialog import SavingDialog

#: Eligibility reasons in words (``IneligibleReason`` codes).
_INELIGIBLE = {
    "programme_retired": "retired",
    "risk_band_outside": "their risk level is not one this programme is for",
    "risk_band_unknown": "no risk level confirmed",
    "sex_not_served": "not offered to their sex",
    "sex_unknown": "sex not recorded",
    "offence_type_not_served": "offence type not served",
    "offence_type_unknown": "offence type not recorded",
    "not_suitable_for_ldc": "not suitable with a learning disability or challenge",
    "not_enough_time": "not enough time before release",
    "already_released": "already released on %1",
}


class ReferDialog(SavingDialog):
    """Refer to a programme: the programme from the catalogue with its eligibility check
    against the person, the person's programme pathway, an offering, notes."""

    def __init__(
        self, session: CaseRecordSession, choices: ReferralChoices, parent: QWidget | None = None
    ) -> None:
        super().__init__(session.workspace, parent)
        self.session = session
        self.setWindowTitle(self.tr("Refer to a programme"))
        self.choices = choices
        pathway = (
            ProgrammePathway(choices.pathway).label
            if choices.pathway
            else self.tr("Not worked out: no need items recorded on the Risk tab")
        )
        self.pathway = QLabel(pathway)
        self.programme = QComboBox()
        self.programme.setAccessibleName(self.tr("Programme"))
        for choice in choices.programmes:
            self.programme.addItem(self._programme_words(choice), choice.code)
        # Preselect a programme that runs where the person is and fits them and their
        # pathway; failing that, one that fits the pathway.
        preferred = next(
            (c for c in choices.programmes if self._fits(c) and not c.ineligible),
            next((c for c in choices.programmes if self._fits(c)), None),
        )
        if preferred is not None:
            self.programme.setCurrentIndex(self.programme.findData(preferred.code))
        self.eligibility = QLabel()
        self.eligibility.setWordWrap(True)
        self.offering = QComboBox()
        self.offering.setAccessibleName(self.tr("Offering"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setFixedHeight(90)
        self.form.addRow(self.tr("Programme pathway:"), self.pathway)
        self.form.addRow(self.tr("&Programme:"), self.programme)
        self.form.addRow(self.tr("Eligibility:"), self.eligibility)
        self.form.addRow(self.tr("&Offering:"), self.offering)
        self.form.addRow(self.tr("&Notes:"), self.notes)
        self.programme.currentIndexChanged.connect(lambda _i: self._chosen())
        self._chosen()

    def _fits(self, choice: ProgrammeChoice) -> bool:
        """Runs where the person is (an offering listed) and, with the pathway worked out,
        needs no override."""
        return bool(choice.offerings) and not (self.choices.pathway and choice.needs_override)

    def _programme_words(self, choice: ProgrammeChoice) -> str:
        marks = []
        if choice.offerings:
            marks.append(self.tr("runs here"))
        if self.choices.pathway and not choice.needs_override:
            marks.append(self.tr("fits the pathway"))
        words = f"{choice.name} ({choice.code})"
        return f"{words}: {', '.join(marks)}" if marks else words

    def _chosen(self) -> None:
        code = self.programme.currentData()
        choice = next((c for c in self.choices.programmes if c.code == code), None)
        self.offering.clear()
        self.offering.addItem(self.tr("Not yet assigned"), None)
        if choice is None:
            self.eligibility.setText("")
            return
        for offering_id, place in choice.offerings:
            self.offering.addItem(self.tr("At %1").replace("%1", place), offering_id)
        released = self.choices.released_on.isoformat() if self.choices.released_on else ""
        reasons = [
            self.tr(_INELIGIBLE.get(r, r)).replace("%1", released) for r in choice.ineligible
        ]
        text = (
            self.tr("Does not fit: %1").replace("%1", "; ".join(reasons))
            if reasons
            else self.tr("Fits (targeted needs are not checked here)")
        )
        # Only with the pathway worked out can it say an override will be needed.
        if choice.needs_override and self.choices.pathway:
            text += self.tr(
                ". Its intensity differs from the programme pathway: assessing them as "
                "suitable will need an override reason"
            )
        self.eligibility.setText(text)
        grow_to_fit(self)

    def call(self) -> Any:
        return self.session.read(
            refer_to_programme,
            self.session.person_id,
            {
                "programme_code": self.programme.currentData() or "",
                "offering_id": self.offering.currentData(),
                "notes": self.notes.toPlainText(),
            },
        )
