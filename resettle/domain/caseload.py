"""The caseload list: what can be asked of it (filters, order, keyset cursor) and what one row
holds.

Paging is keyset-based: a page ends with a :class:`CaseloadCursor` naming the last row's sort
value and id, and the next page asks for the rows after it. An order is a list of segments
(``storage/repositories/caseload_order.py``): people without the value come after everyone
with it, and in the default order (days to release) the upcoming releases come first, then the
people released in the last ``LONG_RELEASED_DAYS`` days, then those released longer ago
(each group most recent first). Descending is the exact reverse.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain import clock
from resettle.domain.access import AccessScope
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.errors import ValidationFailed
from resettle.domain.limits import SEARCH_TEXT_MAX
from resettle.domain.outcome_checks import CheckPoint, point_due_on
from resettle.domain.pathways import Pathway
from resettle.domain.plan import PlanState
from resettle.domain.readiness import Readiness, ReadinessLevel, readiness
from resettle.domain.staff import Actor, Role
from resettle.domain.text_fields import CheckedText, checked_text

PAGE_SIZE = 200
SEARCH_MAX = SEARCH_TEXT_MAX
#: People released longer ago than this are grouped below the others (or filtered out).
LONG_RELEASED_DAYS = 28
#: An outcome check due longer ago than this is shown as overdue.
OUTCOME_CHECK_OVERDUE_DAYS = 14


class CaseloadColumn(StrEnum):
    NAME = "name"
    PRISON_NUMBER = "prison_number"
    CRN = "crn"
    RELEASE_DATE = "release_date"
    DAYS_TO_RELEASE = "days_to_release"
    OFFICER = "officer"
    ESTABLISHMENT = "establishment"
    READINESS = "readiness"
    #: The earliest outcome check not yet recorded (``CaseloadRow.outcome_check_due_on``).
    OUTCOME_CHECK = "outcome_check"


class ReleaseWindow(StrEnum):
    ALL = "all"
    RECENTLY_RELEASED = "recently_released"
    NEXT_2_WEEKS = "next_2_weeks"
    NEXT_4_WEEKS = "next_4_weeks"
    NEXT_12_WEEKS = "next_12_weeks"

    @property
    def label(self) -> str:
        return {
            ReleaseWindow.ALL: "All release dates",
            ReleaseWindow.RECENTLY_RELEASED: "Released in the last 28 days",
            ReleaseWindow.NEXT_2_WEEKS: "Release in the next 2 weeks",
            ReleaseWindow.NEXT_4_WEEKS: "Release in the next 4 weeks",
            ReleaseWindow.NEXT_12_WEEKS: "Release in the next 12 weeks",
        }[self]

    def dates(self, today: dt.date) -> tuple[dt.date, dt.date] | None:
        """The release dates the window holds, both ends included (None: no limit)."""
        if self is ReleaseWindow.ALL:
            return None
        if self is ReleaseWindow.RECENTLY_RELEASED:
            return today - dt.timedelta(days=LONG_RELEASED_DAYS), today - dt.timedelta(days=1)
        weeks = {
            ReleaseWindow.NEXT_2_WEEKS: 2,
            ReleaseWindow.NEXT_4_WEEKS: 4,
            ReleaseWindow.NEXT_12_WEEKS: 12,
        }[self]
        return today, today + dt.timedelta(weeks=weeks)


class PlanStateFilter(StrEnum):
    """The state of the person's latest plan version, or no plan at all."""

    NONE = "none"
    DRAFT = PlanState.DRAFT.value
    AGREED = PlanState.AGREED.value
    ISSUED = PlanState.ISSUED.value

    @property
    def label(self) -> str:
        return {
            PlanStateFilter.NONE: "No plan",
            PlanStateFilter.DRAFT: "Draft plan",
            PlanStateFilter.AGREED: "Agreed plan",
            PlanStateFilter.ISSUED: "Issued plan",
        }[self]


class CaseloadFilters(CheckedText):
    """The caseload window's filters: what the user chose (and what is remembered)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    release_window: ReleaseWindow = Field(default=ReleaseWindow.ALL, title="Release window")
    pathway: Pathway | None = Field(default=None, title="Pathway with an open need")
    plan_state: PlanStateFilter | None = Field(default=None, title="Plan")
    readiness: ReadinessLevel | None = Field(default=None, title="Readiness")
    #: People with an outcome check due today or earlier (``people.outcome_check_due_on``).
    outcome_checks_due: bool = Field(default=False, title="Outcome checks due")
    #: The signed-in user's own people (officer: responsible for; prison staff: key-worked).
    mine: bool = Field(default=False, title="My caseload only")
    include_closed: bool = Field(default=False, title="Show closed cases")

    @property
    def narrowed(self) -> bool:
        """True when one of the four filter lists or "Outcome checks due" leaves people out
        ("My caseload only" and closed cases aside)."""
        return (
            self.release_window is not ReleaseWindow.ALL
            or self.pathway is not None
            or self.plan_state is not None
            or self.readiness is not None
            or self.outcome_checks_due
        )


class CaseloadCursor(CheckedText):
    """Where the last page ended: the segment of the order, its sort value and the row id."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    segment: int = Field(ge=0)
    value: int | dt.date | Annotated[str, StringConstraints(max_length=1_000)] | None
    id: int


class CaseloadQuery(CheckedText):
    model_config = ConfigDict(frozen=True, extra="forbid")

    search: str = Field(default="", max_length=SEARCH_MAX, title="Search")
    sort: CaseloadColumn = CaseloadColumn.DAYS_TO_RELEASE
    descending: bool = False
    filters: CaseloadFilters = CaseloadFilters()
    #: A named officer's people (batch printing picks "my caseload" this way).
    only_officer_id: int | None = None
    #: The day "days to release", readiness and release windows are counted from.
    today: dt.date = Field(default_factory=clock.today)
    #: Rows after this point in the order (None: from the top).
    after: CaseloadCursor | None = None
    limit: int = Field(default=PAGE_SIZE, ge=1, le=5000)
    #: The people of a dashboard figure (``domain/caseload_figure.py``): the figure alone
    #: decides who is listed; search, filters and ``only_officer_id`` are set aside.
    figure: CaseloadFigure | None = None

    @property
    def include_closed(self) -> bool:
        return self.filters.include_closed or self.figure is not None


class OutcomeCheckDue(StrEnum):
    """A caseload row's outcome checks: none due yet, due, or due over 14 days ago."""

    NONE = "none"
    DUE = "due"
    OVERDUE = "overdue"


class CaseloadRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    prison_number: str
    crn: str
    release_date: dt.date | None
    officer: str | None
    establishment: str | None
    open_critical_essentials: int = 0
    open_other_essentials: int = 0
    plan_state: PlanState | None = None
    plan_agreed: bool = False
    closed: bool = False
    #: The earliest outcome check not yet recorded (None: none outstanding, or closed).
    outcome_check_due_on: dt.date | None = None
    #: Listed for an outcome measure's figure: the answer of the person's current check of
    #: the measure's point (a code of ``Accommodation``, ``Employment`` or
    #: ``TreatmentStart``; None: not recorded), the day it was checked and, for a treatment
    #: start, the day treatment started.
    figure_answer: str | None = None
    figure_checked_on: dt.date | None = None
    figure_started_on: dt.date | None = None

    def outcome_check(self, today: dt.date) -> OutcomeCheckDue:
        """Whether an outcome check is due on ``today``, and whether it is overdue."""
        due = self.outcome_check_due_on
        if due is None or due > today:
            return OutcomeCheckDue.NONE
        if (today - due).days > OUTCOME_CHECK_OVERDUE_DAYS:
            return OutcomeCheckDue.OVERDUE
        return OutcomeCheckDue.DUE

    @property
    def outcome_check_point(self) -> CheckPoint | None:
        """The point of the earliest outcome check not yet recorded (the first night, 6
        weeks...), read from its due date."""
        return point_due_on(self.release_date, self.outcome_check_due_on)

    def days_to_release(self, today: dt.date) -> int | None:
        return None if self.release_date is None else (self.release_date - today).days

    def readiness(self, today: dt.date) -> Readiness:
        return readiness(
            self.open_critical_essentials,
            self.open_other_essentials,
            self.days_to_release(today),
            self.plan_agreed,
        )


class CaseloadPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: tuple[CaseloadRow, ...]
    #: Where the next page starts; None when this was the last.
    next_cursor: CaseloadCursor | None = None

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None


class CaseloadCount(BaseModel):
    """How many people a caseload query finds, and whether the account's teams or
    establishments hold limited-access cases it cannot see (which the count leaves out: say
    "restricted cases are not shown"). How many are hidden is never told."""

    model_config = ConfigDict(frozen=True)

    count: int
    restricted_hidden: bool = False


class FigurePeople(BaseModel):
    """A dashboard figure's people as the caseload first shows them: the first page and
    how many there are (the figure's count)."""

    model_config = ConfigDict(frozen=True)

    page: CaseloadPage
    count: CaseloadCount


class CaseloadReach(BaseModel):
    """Whose people a caseload read may return: the account's scope (``domain/access.py``)
    and, for "My caseload only", the signed-in user's own people."""

    model_config = ConfigDict(frozen=True)

    #: None reads without a scope: only storage tests and maintenance tools do; every service
    #: passes the acting account's scope (``services/caseload.py``).
    scope: AccessScope | None = None
    responsible_officer_id: int | None = None
    key_worker_id: int | None = None
    #: Whom a figure counts (the roles that see the measures): a figure's people are read
    #: with it, within ``scope`` (None: ``scope``).
    figure_scope: AccessScope | None = None


def caseload_reach(actor: Actor, scope: AccessScope, mine: bool) -> CaseloadReach:
    """The actor's scope and, with ``mine``, their own people: an officer's are those they are
    responsible for, a member of prison staff's those they key-work."""
    return CaseloadReach(
        scope=scope,
        responsible_officer_id=actor.id if mine and actor.role is Role.OFFICER else None,
        key_worker_id=actor.id if mine and actor.role is Role.PRISON_STAFF else None,
    )


def check_search(text: str) -> None:
    """The search words as :class:`CaseloadQuery` takes them, for a query changed with
    ``model_copy`` (which skips the model's checks): no control characters, at most
    :data:`SEARCH_MAX` characters. Raises ValidationFailed naming ``search``."""
    checked_text(text, "search", "Search")
    if len(text) > SEARCH_MAX:
        raise ValidationFailed.single(
            "search", "string_too_long", f"Search: at most {SEARCH_MAX} characters"
        )
