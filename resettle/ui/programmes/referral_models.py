"""The Programmes view's referrals, widget-free: the establishment's referrals by status (a
table model and the filter behind it: a status or "open", and a name or prison number), the
status filter's choices with the count at each status, and the waiting list (referrals
assessed as suitable, or suitable but not ready, without a group place) with the places free
in each group of their programme.

"Days waiting" counts the whole days since the referral was made, for an open referral with
no group place; it is blank once the person has a place or the referral is a draft or closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
)

from resettle.domain import clock
from resettle.domain.programme_referral_statuses import PLACE_GIVEN_AT, STATUSES
from resettle.domain.programme_referrals import EstablishmentReferral
from resettle.services.programme_delivery import DeliveryOverview
from resettle.ui.common.labels import when_text
from resettle.ui.common.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsTableModel
from resettle.ui.programmes.delivery_models import date_text

#: The filter's keys besides a status code.
ALL = "all"
OPEN = "open"
#: Statuses of the waiting list: assessed, waiting for a place (those given one).
WAITING_STATUSES = PLACE_GIVEN_AT

_BY_CODE = {status.code: status for status in STATUSES}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgrammesView", text)


def status_label(code: str) -> str:
    found = _BY_CODE.get(code)
    return found.label if found else code


def is_open(code: str) -> bool:
    """Neither a draft nor closed (a status the seeded workflow does not hold counts as open)."""
    found = _BY_CODE.get(code)
    return found.open if found else True


def group_text(row: EstablishmentReferral) -> str:
    """The group the referral has a place in; for a closed one, its last group, ended."""
    if row.group_code:
        return row.group_code
    if row.last_group_code:
        return _tr("%1 (ended)").replace("%1", row.last_group_code)
    return ""


def days_waiting(row: EstablishmentReferral, today: dt.date) -> int | None:
    """Whole days since the referral was made, while it is open without a group place."""
    return row.days_waiting(is_open(row.status), today)


def filter_choices(counts: Mapping[str, int]) -> list[tuple[str, str]]:
    """(key, words) for the status filter: all, open, then every status in display order,
    each with its count ("Assessed as suitable (4)"); statuses nobody is at are still listed."""
    total = sum(counts.values())
    opened = sum(n for code, n in counts.items() if is_open(code))
    choices = [
        (ALL, _tr("All statuses (%1)").replace("%1", str(total))),
        (OPEN, _tr("Open: neither draft nor closed (%1)").replace("%1", str(opened))),
    ]
    ordered = sorted(STATUSES, key=lambda status: status.display_order)
    known = {status.code for status in ordered}
    for status in ordered:
        choices.append((status.code, f"{status.label} ({counts.get(status.code, 0)})"))
    for code in sorted(set(counts) - known):
        choices.append((code, f"{code} ({counts[code]})"))
    return choices


def counts_line(counts: Mapping[str, int]) -> str:
    """The statuses people are at, with their counts, in display order."""
    parts = [
        f"{status.label} {counts[status.code]}"
        for status in sorted(STATUSES, key=lambda status: status.display_order)
        if counts.get(status.code)
    ]
    return " · ".join(parts) if parts else _tr("No referrals")


class ReferralsModel(RowsTableModel[EstablishmentReferral]):
    """One row per referral: name, prison number, programme, status, since, days waiting,
    group."""

    PROGRAMME_COLUMN = 2
    STATUS_COLUMN = 3

    def __init__(self, today: dt.date, parent: QObject | None = None) -> None:
        self.today = today
        super().__init__(
            [
                Column(_tr("Name"), lambda r: r.name, sort_key=lambda r: r.name.casefold()),
                Column(_tr("Prison number"), lambda r: r.prison_number or ""),
                Column(
                    _tr("Programme"),
                    lambda r: r.programme_name or r.programme_code,
                    tooltip=lambda r: r.programme_code,
                ),
                Column(_tr("Status"), lambda r: status_label(r.status)),
                Column(
                    _tr("Status since"),
                    lambda r: when_text(r.status_since),
                    sort_key=lambda r: r.status_since.isoformat(),
                ),
                Column(
                    _tr("Days waiting"),
                    lambda r: _days_text(days_waiting(r, self.today)),
                    sort_key=lambda r: _days_key(days_waiting(r, self.today)),
                    align_right=True,
                    header_tooltip=_tr(
                        "Days since the referral was made, while it is open without a group place"
                    ),
                ),
                Column(_tr("Group"), group_text),
            ],
            parent,
        )


def _days_text(days: int | None) -> str:
    return "" if days is None else str(days)


def _days_key(days: int | None) -> int:
    return -1 if days is None else days


class ReferralsFilter(QSortFilterProxyModel):
    """Sorts by ``SORT_ROLE`` and keeps the rows at the chosen status (``ALL``, ``OPEN`` or a
    status code) whose name or prison number holds the text typed (any case)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._status = ALL
        self._text = ""

    def _refilter(self, apply: Callable[[], None]) -> None:
        """Change the filter (Qt 6.9+ wants the change announced; older Qt invalidates)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt before 6.9
            apply()
            self.invalidateFilter()

    def set_status(self, key: str) -> None:
        self._refilter(lambda: setattr(self, "_status", key or ALL))

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_text", text.strip().casefold()))

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        model = self.sourceModel()
        row: EstablishmentReferral | None = model.data(
            model.index(source_row, 0, source_parent), ROW_ROLE
        )
        if row is None:
            return False
        if self._status == OPEN and not is_open(row.status):
            return False
        if self._status not in (ALL, OPEN) and row.status != self._status:
            return False
        if self._text:
            words = f"{row.name} {row.prison_number or ''}".casefold()
            return self._text in words
        return True


@dataclass(frozen=True)
class GroupPlaces:
    """A group of the establishment with its places: capacity, taken and free."""

    id: int
    offering_id: int
    programme_code: str
    programme_name: str
    code: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)

    def words(self) -> str:
        """ "BC-1 (starts 05/01/2027): 3 of 12 places free" or "... full (12 of 12)"."""
        head = (
            _tr("%1 (starts %2)").replace("%1", self.code).replace("%2", date_text(self.starts_on))
        )
        if self.free == 0:
            return (
                head
                + ": "
                + _tr("full (%1 of %2 taken)")
                .replace("%1", str(self.taken))
                .replace("%2", str(self.capacity))
            )
        return (
            head
            + ": "
            + (_tr("%1 of 1 place free") if self.capacity == 1 else _tr("%1 of %2 places free"))
            .replace("%1", str(self.free))
            .replace("%2", str(self.capacity))
        )


def group_places(
    overview: DeliveryOverview,
    taken: Mapping[int, int],
    today: dt.date,
    sessions_over: Collection[int] = (),
) -> list[GroupPlaces]:
    """The groups of the establishment that have not ended and have a session still to come
    (none of ``sessions_over``), with their places, by programme then start."""
    offerings = {offering.id: offering for offering in overview.listing.offerings}
    rows = []
    for group in overview.listing.groups:
        offering = offerings.get(group.offering_id)
        if offering is None or group.ends_on < today or group.id in sessions_over:
            continue
        rows.append(
            GroupPlaces(
                id=group.id,
                offering_id=group.offering_id,
                programme_code=offering.programme_code,
                programme_name=offering.programme_name,
                code=group.code,
                starts_on=group.starts_on,
                ends_on=group.ends_on,
                capacity=group.capacity,
                taken=taken.get(group.id, 0),
            )
        )
    return sorted(rows, key=lambda g: (g.programme_name, g.starts_on, g.code))


def groups_for(referral: EstablishmentReferral, groups: Iterable[GroupPlaces]) -> list[GroupPlaces]:
    """The groups a referral may be given a place in: its programme's, in its offering when it
    has one."""
    return [
        group
        for group in groups
        if group.programme_code == referral.programme_code
        and (referral.offering_id is None or group.offering_id == referral.offering_id)
    ]


@dataclass(frozen=True)
class WaitingRow:
    """A referral on the waiting list: its place in the programme's queue (1 = longest wait)."""

    referral: EstablishmentReferral
    position: int
    days: int

    @property
    def id(self) -> int:
        return self.referral.id


def waiting_rows(rows: Sequence[EstablishmentReferral], today: dt.date) -> list[WaitingRow]:
    """Referrals assessed as suitable (or suitable but not ready) without a group place, per
    programme, oldest referral first."""
    waiting = sorted(
        (r for r in rows if r.status in WAITING_STATUSES and r.group_id is None),
        key=lambda r: (r.programme_name or r.programme_code, r.referred_at, r.id),
    )
    result: list[WaitingRow] = []
    positions: dict[str, int] = {}
    for row in waiting:
        positions[row.programme_code] = positions.get(row.programme_code, 0) + 1
        result.append(
            WaitingRow(
                row,
                positions[row.programme_code],
                max(0, (today - clock.day_of(row.referred_at)).days),
            )
        )
    return result


def waiting_summary(waiting: Sequence[WaitingRow], groups: Sequence[GroupPlaces]) -> str:
    """One line per programme on the waiting list: how many wait, and the places free in
    each of its groups."""
    lines = []
    seen: dict[str, tuple[str, int]] = {}
    for row in waiting:
        name, n = seen.get(row.referral.programme_code, (row.referral.programme_name, 0))
        seen[row.referral.programme_code] = (name or row.referral.programme_code, n + 1)
    for code, (name, n) in seen.items():
        its = [g for g in groups if g.programme_code == code]
        places = "; ".join(g.words() for g in its) if its else _tr("no group running")
        lines.append(
            _tr("%1: %2 waiting. Groups: %3")
            .replace("%1", name)
            .replace("%2", str(n))
            .replace("%3", places)
        )
    return "\n".join(lines)


def waiting_model(parent: QObject | None = None) -> RowsTableModel[WaitingRow]:
    return RowsTableModel(
        [
            Column(
                _tr("Programme"),
                lambda w: w.referral.programme_name or w.referral.programme_code,
                # The queue's order within a programme.
                sort_key=lambda w: (
                    f"{w.referral.programme_name or w.referral.programme_code}\x00{w.position:06d}"
                ),
            ),
            Column(
                _tr("Place in queue"),
                lambda w: str(w.position),
                sort_key=lambda w: w.position,
                align_right=True,
            ),
            Column(_tr("Name"), lambda w: w.referral.name),
            Column(_tr("Prison number"), lambda w: w.referral.prison_number or ""),
            Column(_tr("Status"), lambda w: status_label(w.referral.status)),
            Column(
                _tr("Referred"),
                lambda w: when_text(w.referral.referred_at),
                sort_key=lambda w: w.referral.referred_at.isoformat(),
            ),
            Column(
                _tr("Days waiting"),
                lambda w: str(w.days),
                sort_key=lambda w: w.days,
                align_right=True,
            ),
        ],
        parent,
    )
