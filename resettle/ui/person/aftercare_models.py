"""Table models of the Aftercare tab: referrals and one referral's status history."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.aftercare import ReferralStatus, ReferralStatusChange
from resettle.domain.case_record import ReferralView
from resettle.ui.common.labels import date_text, label, time_text, when_text
from resettle.ui.common.rows_model import Column, RowsTableModel

_STATUS_COLOURS = {
    ReferralStatus.DID_NOT_ATTEND: QColor("#a4262c"),
    ReferralStatus.ATTENDED: QColor("#107c10"),
}


def appointment_text(view: ReferralView) -> str:
    referral = view.referral
    if referral.appointment_date is None:
        return ""
    return f"{date_text(referral.appointment_date)} {time_text(referral.appointment_time)}".strip()


class ReferralsModel(RowsTableModel[ReferralView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("Provider"), lambda v: v.provider_name),
                Column(self.tr("Service"), lambda v: label(v.referral.service_type)),
                Column(self.tr("Pathway"), lambda v: label(v.referral.pathway)),
                Column(
                    self.tr("Referred"),
                    lambda v: date_text(v.referral.referral_date),
                    sort_key=lambda v: v.referral.referral_date.isoformat(),
                ),
                Column(
                    self.tr("Appointment"),
                    appointment_text,
                    sort_key=lambda v: (
                        v.referral.appointment_date.isoformat()
                        if v.referral.appointment_date
                        else ""
                    ),
                ),
                Column(
                    self.tr("Status"),
                    lambda v: label(v.referral.status),
                    colour=lambda v: _STATUS_COLOURS.get(v.referral.status),
                    tooltip=lambda v: v.referral.reason or None,
                ),
            ],
            parent,
        )


class ReferralHistoryModel(RowsTableModel[ReferralStatusChange]):
    """Every status change of one referral, oldest first (who, when, from, to, reason)."""

    REASON_COLUMN = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("When"), lambda h: when_text(h.changed_at)),
                Column(self.tr("Who"), lambda h: h.changed_by),
                Column(
                    self.tr("From"),
                    lambda h: (
                        self.tr("(new referral)")
                        if h.from_status is h.to_status
                        else label(h.from_status)
                    ),
                ),
                Column(self.tr("To"), lambda h: label(h.to_status)),
                Column(self.tr("Reason"), lambda h: h.reason, tooltip=lambda h: h.reason or None),
            ],
            parent,
        )
