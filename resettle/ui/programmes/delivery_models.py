"""The Programmes view's tables, widget-free: an establishment's offerings, its groups, a
group's sessions and the day's sessions, each a ``RowsTableModel`` over a small read model.

Session times are shown in the sessions' own time zone (``SESSION_ZONE``), as they were
planned; dates as the rest of the app shows them (``25/03/2027``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from resettle.domain.programmes.offerings import GroupView, OfferingView, WeeklySlot
from resettle.domain.programmes.sessions import SESSION_ZONE, SessionState, SessionView
from resettle.domain.typed_dates import SHOWN_FORMAT
from resettle.services.programme_delivery import DaySession, DeliveryOverview
from resettle.ui.common.rows_model import Column, RowsTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgrammesView", text)


def date_text(day: dt.date) -> str:
    return day.strftime(SHOWN_FORMAT)


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(SESSION_ZONE)


def time_span(session: SessionView) -> str:
    """``09:30-12:00`` in the sessions' time zone."""
    return f"{local(session.starts_at):%H:%M}-{local(session.ends_at):%H:%M}"


def _weekday_text(slot: WeeklySlot) -> str:
    return slot.weekday.value[:3].capitalize()


def schedule_text(schedule: Sequence[WeeklySlot]) -> str:
    """``Mon 09:30 (150 min), Thu 13:30 (150 min)``."""
    return ", ".join(
        f"{_weekday_text(slot)} {slot.starts_at:%H:%M} ({slot.minutes} min)" for slot in schedule
    )


def session_name(session: SessionView) -> str:
    """``Module 2, session 1: Name``."""
    return (
        _tr("Module %1, session %2: ")
        .replace("%1", str(session.module_number))
        .replace("%2", str(session.session_number))
        + session.name
    )


def session_type_text(session: SessionView) -> str:
    return _tr("One-to-one") if session.session_type.value == "one_to_one" else _tr("Group")


def session_state(session: SessionView) -> str:
    """What became of the session (``SessionView.state``), in words."""
    return {
        SessionState.REPLACED: _tr("Replaced (not run)"),
        SessionState.HELD: _tr("Held (register taken)"),
        SessionState.CATCH_UP_HELD: _tr("Catch-up held (register taken)"),
        SessionState.CATCH_UP: _tr("Catch-up"),
        SessionState.RESCHEDULED: _tr("Rescheduled"),
        SessionState.PLANNED: _tr("Planned"),
        SessionState.REGISTER_NOT_TAKEN: _tr("Over: register not taken"),
    }[session.state]


def sessions_planned_text(count: int, group_code: str) -> str:
    """``26 sessions planned for BC-1.`` (``1 session`` for one)."""
    if count == 1:
        return _tr("1 session planned for %2.").replace("%2", group_code)
    return _tr("%1 sessions planned for %2.").replace("%1", str(count)).replace("%2", group_code)


@dataclass(frozen=True)
class OfferingRow:
    """An offering with its groups counted and where it runs, in words (the prison's name
    for an offering at the establishment shown; otherwise its code)."""

    offering: OfferingView
    groups: int
    place: str = ""

    @property
    def id(self) -> int:
        return self.offering.id


@dataclass(frozen=True)
class GroupRow:
    """A group with its programme's name."""

    group: GroupView
    programme_name: str

    @property
    def id(self) -> int:
        return self.group.id


def offering_rows(overview: DeliveryOverview) -> list[OfferingRow]:
    listing = overview.listing
    here = overview.place
    return [
        OfferingRow(
            offering,
            sum(1 for group in listing.groups if group.offering_id == offering.id),
            here.name
            if offering.establishment_code == here.code
            else offering.establishment_code or offering.team_code or "",
        )
        for offering in listing.offerings
    ]


def group_rows(overview: DeliveryOverview) -> list[GroupRow]:
    names = {offering.id: offering.programme_name for offering in overview.listing.offerings}
    return [GroupRow(group, names[group.offering_id]) for group in overview.listing.groups]


def offerings_model(parent: QObject | None = None) -> RowsTableModel[OfferingRow]:
    columns: list[Column[OfferingRow]] = [
        Column(_tr("Programme"), lambda row: row.offering.programme_name),
        Column(_tr("Code"), lambda row: row.offering.programme_code),
        Column(
            _tr("Place"),
            lambda row: (
                row.place or row.offering.establishment_code or row.offering.team_code or ""
            ),
        ),
        Column(
            _tr("Groups"),
            lambda row: str(row.groups),
            sort_key=lambda r: r.groups,
            align_right=True,
        ),
        Column(_tr("Contact"), lambda row: row.offering.contact),
    ]
    return RowsTableModel(columns, parent)


def groups_model(parent: QObject | None = None) -> RowsTableModel[GroupRow]:
    columns: list[Column[GroupRow]] = [
        Column(_tr("Group"), lambda row: row.group.code),
        Column(_tr("Programme"), lambda row: row.programme_name),
        Column(
            _tr("Capacity"),
            lambda row: str(row.group.capacity),
            sort_key=lambda row: row.group.capacity,
            align_right=True,
        ),
        Column(
            _tr("Starts"),
            lambda row: date_text(row.group.starts_on),
            sort_key=lambda row: row.group.starts_on,
        ),
        Column(
            _tr("Ends"),
            lambda row: date_text(row.group.ends_on),
            sort_key=lambda row: row.group.ends_on,
        ),
        Column(_tr("Weekly schedule"), lambda row: schedule_text(row.group.schedule)),
        Column(
            _tr("Sessions"),
            lambda row: (
                str(row.group.session_count) if row.group.session_count else _tr("None yet")
            ),
            sort_key=lambda row: row.group.session_count,
            align_right=True,
            header_tooltip=_tr("Sessions planned (a replaced one is not counted)"),
        ),
    ]
    return RowsTableModel(columns, parent)


def sessions_model(parent: QObject | None = None) -> RowsTableModel[SessionView]:
    columns: list[Column[SessionView]] = [
        Column(
            _tr("Date"),
            lambda s: local(s.starts_at).strftime(f"%a {SHOWN_FORMAT}"),
            sort_key=lambda s: s.starts_at.timestamp(),
        ),
        Column(_tr("Time"), time_span),
        Column(_tr("Session"), session_name),
        Column(_tr("Type"), session_type_text),
        Column(_tr("State"), session_state),
    ]
    return RowsTableModel(columns, parent)


def day_sessions_model(parent: QObject | None = None) -> RowsTableModel[DaySession]:
    columns: list[Column[DaySession]] = [
        Column(
            _tr("Time"),
            lambda d: time_span(d.session),
            sort_key=lambda d: d.session.starts_at.timestamp(),
        ),
        Column(_tr("Group"), lambda d: d.group_code),
        Column(_tr("Programme"), lambda d: d.programme_name),
        Column(_tr("Session"), lambda d: session_name(d.session)),
        Column(_tr("Type"), lambda d: session_type_text(d.session)),
        Column(_tr("State"), lambda d: session_state(d.session)),
    ]
    return RowsTableModel(columns, parent)
