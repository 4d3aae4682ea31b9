"""Words and keys the attendance register shows for the domain's codes, all translatable."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from resettle.domain.programme_attendance import (
    NOTE_MAX_LENGTH,
    AbsenceReason,
    AttendanceOutcome,
    RegisterProblem,
    RegisterProblemCode,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Register", text)


#: The single key that marks each outcome (shown on screen by :func:`keys_help`).
OUTCOME_KEYS: dict[Qt.Key, AttendanceOutcome] = {
    Qt.Key.Key_A: AttendanceOutcome.ATTENDED_COMPLIED,
    Qt.Key.Key_F: AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY,
    Qt.Key.Key_X: AttendanceOutcome.ACCEPTABLE_ABSENCE,
    Qt.Key.Key_U: AttendanceOutcome.UNACCEPTABLE_ABSENCE,
}

#: Number keys choose an acceptable absence's reason, in this order.
REASON_KEYS: dict[Qt.Key, AbsenceReason] = {
    Qt.Key.Key_1: AbsenceReason.ILLNESS_OR_MEDICAL,
    Qt.Key.Key_2: AbsenceReason.LEGAL_VISIT_OR_COURT,
    Qt.Key.Key_3: AbsenceReason.REGIME_OR_LOCKDOWN,
    Qt.Key.Key_4: AbsenceReason.FAMILY_EMERGENCY,
    Qt.Key.Key_5: AbsenceReason.OTHER,
}


def outcome_text(outcome: AttendanceOutcome | None) -> str:
    return {
        None: "",
        AttendanceOutcome.ATTENDED_COMPLIED: tr("Attended and complied"),
        AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY: tr("Attended, failed to comply"),
        AttendanceOutcome.ACCEPTABLE_ABSENCE: tr("Acceptable absence"),
        AttendanceOutcome.UNACCEPTABLE_ABSENCE: tr("Unacceptable absence"),
    }[outcome]


def saved_outcome_text(outcome: AttendanceOutcome | None, corrected: bool) -> str:
    """A recorded mark's outcome on its row, marked "(corrected)" when it was."""
    words = outcome_text(outcome)
    return f"{words} {tr('(corrected)')}" if corrected else words


def outcome_count_text(outcome: AttendanceOutcome, count: int) -> str:
    """``count`` marks of ``outcome`` in words, a whole sentence part for one and for several
    (``1 acceptable absence``, ``2 acceptable absences``; see ``domain/plural.py``)."""
    one, several = {
        AttendanceOutcome.ATTENDED_COMPLIED: (
            tr("%1 attended and complied"),
            tr("%1 attended and complied"),
        ),
        AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY: (
            tr("%1 attended, failed to comply"),
            tr("%1 attended, failed to comply"),
        ),
        AttendanceOutcome.ACCEPTABLE_ABSENCE: (
            tr("%1 acceptable absence"),
            tr("%1 acceptable absences"),
        ),
        AttendanceOutcome.UNACCEPTABLE_ABSENCE: (
            tr("%1 unacceptable absence"),
            tr("%1 unacceptable absences"),
        ),
    }[outcome]
    return (one if count == 1 else several).replace("%1", str(count))


def reason_text(reason: AbsenceReason | None) -> str:
    return {
        None: "",
        AbsenceReason.ILLNESS_OR_MEDICAL: tr("Illness or medical"),
        AbsenceReason.LEGAL_VISIT_OR_COURT: tr("Legal visit or court"),
        AbsenceReason.REGIME_OR_LOCKDOWN: tr("Regime or lockdown"),
        AbsenceReason.FAMILY_EMERGENCY: tr("Family emergency"),
        AbsenceReason.OTHER: tr("Other (say what in the note)"),
    }[reason]


def problem_text(problem: RegisterProblem) -> str:
    """What is wrong, in words; row problems are shown on their row, so they do not name it."""
    code = problem.code
    texts = {
        RegisterProblemCode.SESSION_IN_FUTURE: tr(
            "The session has not started yet: a register is marked once it has."
        ),
        RegisterProblemCode.OVER_CAPACITY: tr("More people are listed than the group has places."),
        RegisterProblemCode.NOT_IN_GROUP: tr("Not in this group."),
        RegisterProblemCode.DUPLICATE_MARK: tr("Listed twice: mark this person once."),
        RegisterProblemCode.ALREADY_MARKED: tr("Already marked for this session."),
        RegisterProblemCode.PERSON_RELEASED: tr("Released: a released person is not marked."),
        RegisterProblemCode.OUTCOME_MISSING: tr("Outcome: choose one (A, F, X or U)."),
        RegisterProblemCode.REASON_REQUIRED: tr("Reason: choose one for an acceptable absence."),
        RegisterProblemCode.REASON_NOT_ALLOWED: tr(
            "Reason: only an acceptable absence has a reason."
        ),
        RegisterProblemCode.NOTE_REQUIRED: tr("Note: say what the other reason was."),
        RegisterProblemCode.NOTE_TOO_LONG: tr("Note: at most {limit} characters.").format(
            limit=NOTE_MAX_LENGTH
        ),
    }
    return texts[code]


def keys_help() -> str:
    """The keys, as the register shows them above its table."""
    return tr(
        "A attended and complied · F attended, failed to comply · U unacceptable absence · "
        "X acceptable absence, then its reason: 1 illness or medical, 2 legal visit or court, "
        "3 regime or lockdown, 4 family emergency, 5 other (X again changes the reason) · "
        "Delete clears · Enter or F2 writes a note · Ctrl+S saves the register"
    )
