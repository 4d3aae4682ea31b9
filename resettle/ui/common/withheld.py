"""Saying on screen that part of a record is not shown to the account's role.

A read model says which parts it had removed (``CaseRecord.withheld``); where one of them
would have been shown, the screen says so instead of showing an empty box that reads as
"none recorded".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from resettle.domain.withheld import Withheld
from resettle.ui.common.views import note_label

_TEXTS = {
    Withheld.NOTES: "Notes are not shown to your role.",
    Withheld.NEED_NOTES: "Notes are not shown to your role.",
    Withheld.SUPPORT_NEED_NOTES: "Notes are not shown to your role.",
    Withheld.REFERRAL_REASONS: "Reasons are not shown to your role.",
    Withheld.RISK_DETAILS: "Risk details are not shown to your role.",
    Withheld.PLAN_OFFICER_TEXT: "Officer-only notes are not shown to your role.",
}


def withheld_text(part: Withheld) -> str:
    return QCoreApplication.translate("Withheld", _TEXTS[part])


def withheld_label(part: Withheld) -> QLabel:
    """The muted line saying ``part`` is not shown; hidden until the record withholds it."""
    label = note_label(withheld_text(part))
    label.setAccessibleName(withheld_text(part))
    label.setVisible(False)
    return label
