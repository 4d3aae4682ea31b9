"""The Programme referrals tab's Refer dialog: refer the person to a programme.

It saves off the UI thread through the services and closes when saved; a refusal is shown in
the dialog (naming the field) and nothing is saved. The Move dialog is shared with the
Programmes view: ``resettle.ui.common.referral_move_dialog``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.programme_referral_statuses import STATUSES, ProgrammeReferralStatus
from resettle.domain.programme_referrals import ProgrammeChoice, ReferralChoices
from resettle.domain.programmes.catalogue import ProgrammeIntensity
from resettle.services.programme_referrals import refer_to_programme
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.dialog_fit import grow_to_fit
from resettle.ui.common.message_style import Tone, style_banner
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

_STATUS_LABELS = {status.code: status.label for status in STATUSES}


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
        items = self.programme.model()
        for position, choice in enumerate(choices.programmes):
            self.programme.addItem(self._programme_words(choice), choice.code)
            taken = self._taken_text(choice)
            if taken:  # shown, greyed out, with the reason it is not offered
                item = items.item(position)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(taken)
        # Preselect a programme that runs where the person is and fits them and their
        # pathway; failing that, one that fits the pathway; never one they are on or have
        # completed.
        preferred = next(
            (c for c in choices.programmes if self._fits(c) and not c.ineligible),
            next((c for c in choices.programmes if self._fits(c)), None),
        )
        if preferred is None:
            preferred = next((c for c in choices.programmes if not c.taken_status), None)
        if preferred is not None:
            self.programme.setCurrentIndex(self.programme.findData(preferred.code))
        self.eligibility = QLabel()
        self.eligibility.setWordWrap(True)
        #: A custody programme longer than the time left before release: said before OK,
        #: not refused (a referral may still be wanted, to continue after release).
        self.release_warning = QLabel()
        self.release_warning.setWordWrap(True)
        self.release_warning.setAccessibleName(self.tr("Time to release"))
        style_banner(self.release_warning, Tone.WARNING)
        self.release_warning.hide()
        self.offering = QComboBox()
        self.offering.setAccessibleName(self.tr("Offering"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setFixedHeight(90)
        self.form.addRow(self.tr("Programme pathway:"), self.pathway)
        self.form.addRow(self.tr("&Programme:"), self.programme)
        self.form.addRow(self.tr("Eligibility:"), self.eligibility)
        self.form.addRow(self.release_warning)
        self.form.addRow(self.tr("&Offering:"), self.offering)
        self.form.addRow(self.tr("&Notes:"), self.notes)
        self.programme.currentIndexChanged.connect(lambda _i: self._chosen())
        self._chosen()

    def _fits(self, choice: ProgrammeChoice) -> bool:
        """Not one they are on or have completed, runs where the person is (an offering
        listed) and, with the pathway worked out, is an accredited programme on it."""
        if choice.taken_status or not choice.offerings:
            return False
        return not self.choices.pathway or self._on_pathway(choice)

    def _on_pathway(self, choice: ProgrammeChoice) -> bool:
        """An accredited programme at the pathway's intensity. A course not graded by
        intensity (education) needs no override but is not on the pathway."""
        return (
            bool(self.choices.pathway)
            and choice.intensity != ProgrammeIntensity.NOT_GRADED.value
            and not choice.needs_override
        )

    def _taken_text(self, choice: ProgrammeChoice) -> str:
        """Why the programme is not offered (they are on it, referred, or completed it)."""
        status = choice.taken_status
        if not status:
            return ""
        if status == ProgrammeReferralStatus.PROGRAMME_COMPLETE.value:
            return self.tr("they have completed it")
        if status == ProgrammeReferralStatus.ON_PROGRAMME.value:
            return self.tr("they are on it now")
        return self.tr("they are already referred to it (%1)").replace(
            "%1", _STATUS_LABELS.get(status, status)
        )

    def _programme_words(self, choice: ProgrammeChoice) -> str:
        words = f"{choice.name} ({choice.code})"
        taken = self._taken_text(choice)
        if taken:
            return f"{words}: {self.tr('not offered, %1').replace('%1', taken)}"
        marks = []
        if choice.offerings:
            marks.append(self.tr("runs here"))
        if self._on_pathway(choice):
            marks.append(self.tr("fits the pathway"))
        elif choice.intensity == ProgrammeIntensity.NOT_GRADED.value:
            marks.append(self.tr("not an accredited programme on the pathway"))
        return f"{words}: {', '.join(marks)}" if marks else words

    def _current(self) -> ProgrammeChoice | None:
        code = self.programme.currentData()
        return next((c for c in self.choices.programmes if c.code == code), None)

    def chosen_programme_name(self) -> str:
        choice = self._current()
        return choice.name if choice is not None else ""

    def missing_choice(self) -> str | None:
        """A programme they are on or have completed is not sent (the service refuses a
        second open referral too)."""
        choice = self._current()
        if choice is None:
            return self.tr("Programme: choose the programme to refer them to.")
        taken = self._taken_text(choice)
        if taken:
            return (
                self.tr("Programme: %1 cannot be chosen: %2.")
                .replace("%1", choice.name)
                .replace("%2", taken)
            )
        return None

    def _chosen(self) -> None:
        choice = self._current()
        self.offering.clear()
        self.offering.addItem(self.tr("Not yet assigned"), None)
        self._show_release_time(choice)
        if choice is None:
            self.eligibility.setText("")
            return
        for offering_id, place in choice.offerings:
            self.offering.addItem(self.tr("At %1").replace("%1", place), offering_id)
        released = self.choices.released_on.isoformat() if self.choices.released_on else ""
        reasons = [
            self.tr(_INELIGIBLE.get(r, r)).replace("%1", released) for r in choice.ineligible
        ]
        taken = self._taken_text(choice)
        if taken:
            reasons.insert(0, taken)
        text = (
            self.tr("Does not fit: %1").replace("%1", "; ".join(reasons))
            if reasons
            else self.tr("Fits (targeted needs are not checked here)")
        )
        self.ok_button.setEnabled(not taken)
        # Only with the pathway worked out can it say an override will be needed.
        if choice.needs_override and self.choices.pathway:
            text += self.tr(
                ". Its intensity differs from the programme pathway: assessing them as "
                "suitable will need an override reason"
            )
        self.eligibility.setText(text)
        grow_to_fit(self)

    def _show_release_time(self, choice: ProgrammeChoice | None) -> None:
        time = choice.release_time if choice is not None else None
        if choice is None or time is None or not time.short:
            self.release_warning.setText("")
            self.release_warning.hide()
            return
        self.release_warning.setText(
            self.tr(
                "%1 needs about %2 days; release is in %3 days. You can still refer them, "
                "for example to continue after release."
            )
            .replace("%1", choice.name)
            .replace("%2", str(time.days_needed))
            .replace("%3", str(time.days_to_release))
        )
        self.release_warning.show()

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
