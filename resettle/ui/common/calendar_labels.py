"""Words for closed days (weekends, England and Wales bank holidays) on screen: the flag on a
release date that falls on one, and the name of the kind of day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from resettle.domain.working_days import ClosedReason, ReleaseDayNote, closed_reason


def tr(text: str) -> str:
    return QCoreApplication.translate("CalendarLabels", text)


def day_text(value: dt.date) -> str:
    """'Sunday 7 Jun 2026': the weekday matters when the point is which day it falls on."""
    return tr("%1 %2").replace("%1", value.strftime("%A")).replace("%2", value.strftime("%d %b %Y"))


def closed_day_text(value: dt.date) -> str:
    """'weekend' or 'bank holiday' ('' for a working day)."""
    reason = closed_reason(value)
    if reason is ClosedReason.WEEKEND:
        return tr("weekend")
    if reason is ClosedReason.BANK_HOLIDAY:
        return tr("bank holiday")
    return ""


def release_day_text(note: ReleaseDayNote | None) -> str:
    """The flag on a release date on a closed day ('' when there is none)."""
    if note is None:
        return ""
    return (
        tr(
            "Release date %1 falls on a %2: release normally happens on the previous working "
            "day, %3."
        )
        .replace("%1", day_text(note.release_date))
        .replace("%2", closed_day_text(note.release_date))
        .replace("%3", day_text(note.working_day))
    )
