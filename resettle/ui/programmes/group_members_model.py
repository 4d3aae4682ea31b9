"""The Programmes view's members of the chosen group, widget-free: who holds a place in it now
(name, prison number, referral status, date joined), and a sentence counting the places of
people the account may not see (``services/programme_group_members.py``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from resettle.domain.programme_group_places import GroupMembers, GroupMemberView
from resettle.domain.programme_referral_statuses import STATUSES
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.programmes.delivery_models import date_text, local

_STATUS_WORDS = {status.code: status.label for status in STATUSES}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgrammesView", text)


def members_model(parent: QObject | None = None) -> RowsTableModel[GroupMemberView]:
    columns: list[Column[GroupMemberView]] = [
        Column(
            _tr("Name"),
            lambda m: m.name + (_tr(" (limited access)") if m.limited_access else ""),
        ),
        Column(_tr("Prison number"), lambda m: m.prison_number),
        Column(
            _tr("Referral status"),
            lambda m: _STATUS_WORDS.get(m.referral_status, m.referral_status),
        ),
        Column(
            _tr("Joined"),
            lambda m: date_text(local(m.joined_at).date()),
            sort_key=lambda m: m.joined_at.isoformat(),
        ),
    ]
    return RowsTableModel(columns, parent)


def members_caption(members: GroupMembers) -> str:
    """``In BC-1 now: 3 of 12 places taken`` and, when some are held by people the account
    may not see, ``; 1 other person you cannot see``."""
    taken = len(members.members) + members.others
    text = (
        _tr("In %1 now: %2 of %3 places taken")
        .replace("%1", members.group_code)
        .replace("%2", str(taken))
        .replace("%3", str(members.capacity))
    )
    if members.others == 1:
        text += _tr("; 1 other person you cannot see")
    elif members.others > 1:
        text += _tr("; %1 other people you cannot see").replace("%1", str(members.others))
    return text


def members_empty_text(members: GroupMembers) -> str:
    if members.others:
        return members_caption(members) + "."
    return _tr("No one has a place in %1 now.").replace("%1", members.group_code)
