"""Table models of the person window's Programme referrals tab: the person's programme
referrals and one referral's history of moves (widget-free;
``tests/ui/test_programme_referral_models.py``).

Statuses, categories and reasons are shown in the workflow's words as seeded
(``domain/programme_referral_statuses.py``); a code the seeded workflow does not hold is
shown as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject

from resettle.domain.programme_group_places import PlaceEventKind, PlaceEventView
from resettle.domain.programme_referral_statuses import CATEGORIES, STATUSES
from resettle.domain.programme_referrals import HistoryEntryView, ReferralView
from resettle.ui.common.labels import when_text
from resettle.ui.common.rows_model import Column, RowsTableModel

_STATUS_WORDS = {status.code: status.label for status in STATUSES}
_CLOSED = {status.code for status in STATUSES if status.closed}
_CATEGORY_WORDS = {category.code: category.label for category in CATEGORIES}
_REASON_WORDS = {reason.code: reason.label for c in CATEGORIES for reason in c.reasons}


def status_words(code: str | None) -> str:
    if code is None:
        return "—"
    return _STATUS_WORDS.get(code, code)


def reason_words(entry: HistoryEntryView) -> str:
    """Category, reason and any pathway-override reason, in words."""
    parts = [
        _CATEGORY_WORDS.get(entry.category, entry.category) if entry.category else "",
        _REASON_WORDS.get(entry.reason, entry.reason) if entry.reason else "",
        _REASON_WORDS.get(entry.override_reason, entry.override_reason)
        if entry.override_reason
        else "",
    ]
    return " — ".join(part for part in parts if part)


def group_words(view: ReferralView, ended: str = "ended") -> str:
    """The groups the referral has a place in now; for a closed referral (its closing move
    ended the place), the group of its last place, marked ended."""
    held = [p.group_code for p in view.places if p.left_at is None]
    if held or view.status not in _CLOSED or not view.places:
        return ", ".join(held)
    last = max(view.places, key=lambda p: (p.left_at or p.joined_at, p.joined_at))
    return f"{last.group_code} ({ended})"


def catch_up_words(view: ReferralView) -> str:
    """ "catch-ups needed: 3 (modules 2, 4)" for a late joiner still owing sessions the group
    held before they joined; empty when none is needed."""
    owed = view.catch_ups_needed
    if not owed:
        return ""
    modules = sorted(set(owed))
    text = (
        QCoreApplication.translate("ProgrammeReferrals", "catch-ups needed: %1 (module %2)")
        if len(modules) == 1
        else QCoreApplication.translate("ProgrammeReferrals", "catch-ups needed: %1 (modules %2)")
    )
    return text.replace("%1", str(len(owed))).replace(
        "%2", ", ".join(str(number) for number in modules)
    )


def duration_words(seconds: int | None) -> str:
    """Time spent at the previous status: days, or hours under a day."""
    if seconds is None:
        return ""
    days, rest = divmod(seconds, 86_400)
    if days:
        return f"{days} d"
    hours = rest // 3600
    return f"{hours} h" if hours else "< 1 h"


class ProgrammeReferralsModel(RowsTableModel[ReferralView]):
    """The person's referrals, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("Programme"),
                    lambda v: f"{v.programme_name} ({v.programme_code})",
                ),
                Column(
                    self.tr("Status"),
                    lambda v: v.status_label,
                    tooltip=lambda v: self.tr("Since %1").replace("%1", when_text(v.status_since)),
                ),
                Column(
                    self.tr("Since"),
                    lambda v: when_text(v.status_since),
                    sort_key=lambda v: v.status_since.isoformat(),
                ),
                Column(
                    self.tr("Referred"),
                    lambda v: when_text(v.referred_at),
                    sort_key=lambda v: v.referred_at.isoformat(),
                ),
                Column(self.tr("Referred by"), lambda v: v.referred_by),
                Column(
                    self.tr("Group"),
                    lambda v: "; ".join(
                        part
                        for part in (group_words(v, self.tr("ended")), catch_up_words(v))
                        if part
                    ),
                ),
            ],
            parent,
        )


#: A row of a referral's history: a move, or a change of its group place.
HistoryRow = HistoryEntryView | PlaceEventView


class ProgrammeReferralHistoryModel(RowsTableModel[HistoryRow]):
    """Every move of one referral and every change of its group place (given, withdrawn,
    ended), oldest first (``ReferralView.timeline``); a correction says which entry it
    corrects."""

    NOTES_COLUMN = 5

    def __init__(self, parent: QObject | None = None) -> None:
        place_words = {
            PlaceEventKind.GIVEN: self.tr("Place given in group %1"),
            PlaceEventKind.WITHDRAWN: self.tr("Place withdrawn (group %1)"),
            PlaceEventKind.ENDED_DESELECTED: self.tr("Place ended: deselected (group %1)"),
            PlaceEventKind.ENDED_RELEASED: self.tr("Place ended: released (group %1)"),
            PlaceEventKind.ENDED_COMPLETED: self.tr("Place ended: programme complete (group %1)"),
            PlaceEventKind.ENDED_REFERRAL_CLOSED: self.tr(
                "Place ended: referral closed (group %1)"
            ),
            PlaceEventKind.ENDED: self.tr("Place ended (group %1)"),
            PlaceEventKind.HELD_AGAIN: self.tr("Place held again: move corrected (group %1)"),
        }

        def when(e: HistoryRow) -> dt.datetime:
            return e.at if isinstance(e, PlaceEventView) else e.moved_at

        def to(e: HistoryRow) -> str:
            if isinstance(e, PlaceEventView):
                return place_words[e.kind].replace("%1", e.group_code)
            return status_words(e.to_status) + (
                self.tr(" (correction)") if e.corrects_id is not None else ""
            )

        def move(show: Callable[[HistoryEntryView], str]) -> Callable[[HistoryRow], str]:
            return lambda e: "" if isinstance(e, PlaceEventView) else show(e)

        super().__init__(
            [
                Column(
                    self.tr("When"),
                    lambda e: when_text(when(e)),
                    sort_key=lambda e: when(e).isoformat(),
                ),
                Column(self.tr("From"), move(lambda e: status_words(e.from_status))),
                Column(self.tr("To"), to),
                Column(self.tr("Reason"), move(reason_words)),
                Column(
                    self.tr("Time at previous"),
                    move(lambda e: duration_words(e.seconds_at_previous)),
                ),
                Column(self.tr("Notes"), move(lambda e: e.notes)),
                Column(
                    self.tr("By"),
                    lambda e: e.by if isinstance(e, PlaceEventView) else e.moved_by,
                ),
            ],
            parent,
        )
