"""The command line's words for marks and reasons are the register screen's."""

from __future__ import annotations

from resettle.domain.programme_attendance import (
    ABSENCE_REASON_LABELS,
    OUTCOME_LABELS,
    AbsenceReason,
    AttendanceOutcome,
)
from resettle.ui.programmes.register_labels import outcome_text, reason_text


def test_the_cli_words_are_the_registers() -> None:
    assert {o: outcome_text(o) for o in AttendanceOutcome} == OUTCOME_LABELS
    assert {r: reason_text(r) for r in AbsenceReason} == ABSENCE_REASON_LABELS
