"""Record an outcome check at one point after release, or correct the point's current check
with a new one. Only the fields the point asks are shown: the accommodation (every point but
the treatment start), the employment status (6 weeks, 3 and 6 months), whether treatment
started and when (the treatment start). Problems show under the fields as they are typed,
with the same rules and words as saving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from resettle.domain import clock
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.outcome_check_views import OutcomePointView
from resettle.domain.outcome_checks import (
    NOTE_MAX,
    Accommodation,
    CheckPoint,
    Employment,
    OutcomeCheckInput,
    TreatmentStart,
    release_problems,
)
from resettle.domain.validation import validate
from resettle.services.outcome_checks import record_outcome_check
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import date_text, when_text
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.widgets import ChoiceCombo, line_edit
from resettle.ui.person.form_dialog import FormDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("OutcomeCheckDialog", text)


def check_problems(data: dict[str, Any], release_date: dt.date | None) -> list[FieldProblem]:
    """Every problem the service would find in ``data`` before saving (today's date and the
    person's release date included), each naming its field."""
    try:
        given = validate(OutcomeCheckInput, data)
    except ValidationFailed as failed:
        return list(failed.problems)
    return release_problems(given, release_date, clock.today())


def _choices(combo: ChoiceCombo, members: Any) -> ChoiceCombo:
    combo.set_choices(((m.value, _tr(m.label)) for m in members), _tr("Choose…"))
    return combo


class OutcomeCheckDialog(FormDialog):
    """Record the check of ``point``, or correct its current check."""

    #: Checks are added, never edited: no part of the record is held while the dialog is
    #: open (the service serialises saves of a person's checks itself).
    part = None

    def __init__(
        self,
        session: CaseRecordSession,
        point: OutcomePointView,
        release_date: dt.date | None,
        parent: QWidget | None = None,
    ) -> None:
        current = point.current
        label = _tr(point.point.label)
        if current is None:
            title, ok = _tr("Record the %1 check").replace("%1", label.lower()), _tr("&Record")
            intro = _tr(
                'Due %1. Record what you found out, and when. "Unknown" is an answer: '
                "choose it when you tried and could not find out."
            ).replace("%1", date_text(point.due_on))
        else:
            title, ok = (
                _tr("Correct the %1 check").replace("%1", label.lower()),
                _tr("&Add correction"),
            )
            intro = (
                _tr(
                    "Checks are never changed. Your correction is added as a new check; the "
                    "check recorded %1 by %2 stays on the record, marked as corrected."
                )
                .replace("%1", when_text(current.recorded_at))
                .replace("%2", current.recorded_by)
            )

        def check(data: dict[str, Any]) -> list[FieldProblem]:
            return check_problems(data, release_date)

        super().__init__(session, title, check, parent, ok_text=ok, intro=intro)
        self.point = point
        self.form.fixed = {"point": point.point.value}
        self.checked_on = DateField()
        self.add_row("checked_on", self.tr("Checked &on"), self.checked_on)
        asked: CheckPoint = point.point
        if asked.asks_accommodation:
            self.accommodation = _choices(ChoiceCombo(), Accommodation)
            self.add_row("accommodation", self.tr("&Accommodation"), self.accommodation)
        if asked.asks_employment:
            self.employment = _choices(ChoiceCombo(), Employment)
            self.add_row("employment", self.tr("&Employment"), self.employment)
        if asked.asks_treatment:
            self.treatment = _choices(ChoiceCombo(), TreatmentStart)
            self.add_row("treatment", self.tr("&Treatment"), self.treatment)
            self.started_on = DateField()
            self.add_row("treatment_started_on", self.tr("&Started on"), self.started_on)
        self.add_row(
            "note",
            self.tr("&Note"),
            line_edit(NOTE_MAX, self.tr("Optional: how you found out")),
        )
        fit_to_screen(self, 560, 360)

    def write(self, values: dict[str, Any]) -> Callable[..., None]:
        person_id = self.session.person_id
        corrects = self.point.current.id if self.point.current is not None else None

        def action(actor: Any, uow: Any, _revision: int) -> None:
            record_outcome_check(actor, uow, person_id, values, corrects)
            return None  # checks carry no revision

        return action

    def start(self, values: dict[str, Any] | None = None) -> None:
        current = self.point.current
        shown: dict[str, Any] = {"checked_on": clock.today()}
        if current is not None:
            shown = {
                "checked_on": current.checked_on,
                "accommodation": current.accommodation.value if current.accommodation else None,
                "employment": current.employment.value if current.employment else None,
                "treatment": current.treatment.value if current.treatment else None,
                "treatment_started_on": current.treatment_started_on,
                "note": current.note,
            }
        super().start({**shown, **(values or {})})
