"""One query per measure (``domain/measures.py``): a *classified* select of the people it
looks at, one row per person, each with its group (readiness band, officer; "" when not
grouped) and its *category*:

- ``numerator``: counted in the numerator (and the denominator);
- ``counted``: in the denominator, not the numerator;
- ``excluded``: left out for its answer (unknown, unavailable for work);
- ``not_recorded``: left out for want of a check.

A figure's counts are a GROUP BY over that select and its people are the same select filtered
on the categories of a part (:data:`PART_CATEGORIES`), so a figure and the list behind it
cannot disagree. Everything runs in SQL; the only Python is building the statement.

What a measure would look up in each person's records (their current check's answer, a plan
agreed or issued in time, the earliest day an open plan action fell due) is kept on their
``people`` row (``measure_keys.py``, with its date arithmetic), so most measures are a range
of ``ix_people_measures`` answered from the index alone. Date arithmetic on columns here goes
through :func:`day_number`, the day as an integer on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement

from resettle.domain import readiness
from resettle.domain.access import AccessScope
from resettle.domain.aftercare import ReferralStatus
from resettle.domain.essentials import OPEN_STATUSES
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.measures import (
    NOT_RECORDED_ANSWER,
    OUTCOME_CHECK_GRACE_DAYS,
    PLAN_LEAD_DAYS,
    Cohort,
    Measure,
    MeasureKind,
    Rule,
    counted_answers,
    latest_release_counted,
    release_weeks,
)
from resettle.domain.outcome_checks import TREATMENT_NEED_STATUSES
from resettle.domain.pathways import Pathway
from resettle.storage.repositories.access import reach_condition
from resettle.storage.repositories.measure_keys import outcome_column
from resettle.storage.repositories.regions import people_in_region
from resettle.storage.tables.aftercare import ReferralHistoryRow, ReferralRow
from resettle.storage.tables.essentials import EssentialRow
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_referrals import ProgrammeReferralHistoryRow

NUMERATOR, COUNTED, EXCLUDED, NOT_RECORDED = "numerator", "counted", "excluded", "not_recorded"

PART_CATEGORIES: dict[Part, tuple[str, ...]] = {
    Part.NUMERATOR: (NUMERATOR,),
    Part.DENOMINATOR: (NUMERATOR, COUNTED),
    Part.EXCLUDED: (EXCLUDED, NOT_RECORDED),
    Part.NOT_RECORDED: (NOT_RECORDED,),
    Part.COHORT: (NUMERATOR, COUNTED, EXCLUDED, NOT_RECORDED),
    Part.NOT_COUNTED: (COUNTED,),
    Part.UNKNOWN: (EXCLUDED,),
}

#: The group of people with no responsible officer, in "caseload per officer".
NO_OFFICER = "none"
_OPEN_ACTION = tuple(status.value for status in OPEN_STATUSES)
_NEED_STATUSES = tuple(status.value for status in TREATMENT_NEED_STATUSES)
_RELEASE_WINDOW_DAYS = {
    Cohort.RELEASING_NEXT_2_WEEKS: 14,
    Cohort.RELEASING_NEXT_4_WEEKS: 28,
    Cohort.RELEASING_NEXT_12_WEEKS: 84,
}
_READINESS_DAYS = 84
_EPOCH = dt.date(1970, 1, 1)


def day_number(value: Any, dialect: str, timestamp: bool = False) -> ColumnElement[int]:
    """A date (or a UTC timestamp's day) as an integer count of days, on either backend."""
    if dialect == "sqlite":
        day = func.date(value) if timestamp else value
        return cast(func.julianday(day), Integer)
    day = cast(func.timezone("UTC", value), Date) if timestamp else value
    return cast(day - literal(_EPOCH, Date), Integer)


def _day(value: dt.date) -> ColumnElement[dt.date]:
    return literal(value, Date)


@dataclass(frozen=True)
class MeasureQuery:
    """The query of one measure for one scope, filters and day."""

    measure: Measure
    scope: AccessScope
    filters: MeasureFilters
    today: dt.date
    dialect: str

    # -- the classified select ------------------------------------------------------------

    def classified(
        self,
        by_month: bool = False,
        months_from: dt.date | None = None,
        by_answer: bool = False,
    ) -> Select[Any]:
        """(person_id, grp, category), one row per person. ``by_month``: outcome measures
        grouped by release month from ``months_from`` to today (the trend), the period
        filter replaced by those months. ``by_answer``: outcome measures grouped by their
        current check's answer (``domain.measures.answer_groups``)."""
        if self.measure.kind is MeasureKind.OUTCOME:
            return self._outcome(by_month, months_from, by_answer)
        return self._process()

    def counts(self) -> Select[Any]:
        """(grp, category, n): the figure's counts, GROUP BY over :meth:`classified`."""
        return _grouped(self.classified(), self._looks_up())

    def trend(self, months_from: dt.date) -> Select[Any]:
        """(grp = YYYY-MM, category, n) by release month."""
        return _grouped(self.classified(by_month=True, months_from=months_from), False)

    def counts_and_trend(self, months_from: dt.date) -> Select[Any]:
        """An outcome measure's :meth:`counts`, :meth:`trend` and counts by answer in one
        statement (the dashboard shows all three): (grp = YYYY-MM, in_period, in_trend,
        answer, category, n) over the people of either, each person's category worked out
        once. ``in_period``: counted in the figure; ``in_trend``: in the trend's months."""
        assert self.measure.kind is MeasureKind.OUTCOME
        point = self.measure.point
        assert point is not None
        last = latest_release_counted(point, self.today)
        figure_last = min(last, self.filters.period_to)
        both = self._outcome(True, min(months_from, self.filters.period_from)).subquery()
        release = both.c.release_date
        in_period = and_(release >= _day(self.filters.period_from), release <= _day(figure_last))
        found = (
            select(
                both.c.grp,
                case((in_period, 1), else_=0).label("in_period"),
                case((release >= _day(months_from), 1), else_=0).label("in_trend"),
                both.c.answer,
                both.c.category,
            )
            .cte()
            .prefix_with("NOT MATERIALIZED")  # each person's answer is a column of theirs
        )
        columns = (found.c.grp, found.c.in_period, found.c.in_trend, found.c.answer)
        return select(*columns, found.c.category, func.count()).group_by(*columns, found.c.category)

    def people_ids(self, parts: tuple[Part, ...], group: str | None = "") -> Select[Any]:
        """(person_id, grp, category) of the people in any of ``parts`` (and ``group``; None:
        every group): the same select, filtered; a person's parts are those whose categories
        hold theirs. An outcome measure's ``group`` is an answer (:meth:`classified`'s
        ``by_answer``)."""
        by_answer = self.measure.kind is MeasureKind.OUTCOME and bool(group)
        found = self.classified(by_answer=by_answer).subquery()
        categories = sorted({c for part in parts for c in PART_CATEGORIES[part]})
        statement = select(found.c.person_id, found.c.grp, found.c.category).where(
            found.c.category.in_(categories)
        )
        return statement if group is None else statement.where(found.c.grp == group)

    def _looks_up(self) -> bool:
        """Whether the category is a look-up per person (not a column of ``people``)."""
        return self.measure.cohort is Cohort.RELEASED_WITH_AFTERCARE_APPOINTMENT

    # -- shared conditions ----------------------------------------------------------------

    def _narrowed(self) -> list[ColumnElement[bool]]:
        """The actor's reach and the filters (team, establishment, region, officer, pathway)."""
        filters = self.filters
        conditions: list[ColumnElement[bool]] = [reach_condition(self.scope, unindexed=True)]
        if filters.team_id is not None:
            conditions.append(PersonRow.team_id == filters.team_id)
        if filters.establishment_id is not None:
            conditions.append(PersonRow.establishment_id == filters.establishment_id)
        if filters.region_id is not None:
            conditions.append(people_in_region(filters.region_id))
        if filters.officer_id is not None:
            conditions.append(PersonRow.responsible_officer_id == filters.officer_id)
        if filters.pathway is not None:
            conditions.append(_has_need(filters.pathway))
        return conditions

    def _released_between(self, start: dt.date, end: dt.date) -> ColumnElement[bool]:
        return and_(PersonRow.release_date >= _day(start), PersonRow.release_date <= _day(end))

    # -- outcome measures -----------------------------------------------------------------

    def _outcome(
        self, by_month: bool, months_from: dt.date | None, by_answer: bool = False
    ) -> Select[Any]:
        rule = self.measure.outcome
        point = self.measure.point
        assert rule is not None and point is not None
        last = latest_release_counted(point, self.today)
        first = self.filters.period_from
        if by_month and months_from is not None:
            first = months_from
        else:
            last = min(last, self.filters.period_to)
        released = self._released_between(first, last)
        # The person's current check's answer, kept on their row (``measure_keys.py``).
        answer = outcome_column(self.measure)
        category: ColumnElement[Any] = case(
            (answer.is_(None), NOT_RECORDED),
            (answer.in_(sorted(rule.excluded)), EXCLUDED),
            (answer.in_(sorted(counted_answers(rule))), NUMERATOR),
            else_=COUNTED,
        )
        conditions = [released, *self._narrowed()]
        if self.measure.cohort is Cohort.RELEASED_IN_PERIOD_WITH_TREATMENT_NEED:
            conditions.append(_has_need(Pathway.DRUGS_ALCOHOL))
        group: ColumnElement[Any] = literal("")
        if by_month:
            group = _release_month(self.dialect)
        elif by_answer:
            group = func.coalesce(answer, NOT_RECORDED_ANSWER)
        columns = [PersonRow.id.label("person_id"), group.label("grp"), category.label("category")]
        if by_month:  # the dashboard's figure and trend at once tell theirs apart by it
            columns.append(PersonRow.release_date.label("release_date"))
            # ... and its stacked bars by answer (``counts_and_trend``)
            columns.append(func.coalesce(answer, NOT_RECORDED_ANSWER).label("answer"))
        return select(*columns).select_from(PersonRow).where(*conditions)

    # -- process measures -----------------------------------------------------------------

    def _process(self) -> Select[Any]:
        measure, today = self.measure, self.today
        conditions = [PersonRow.case_closed.is_(False), *self._narrowed()]
        group: ColumnElement[Any] = literal("")
        category: ColumnElement[Any] = literal(NUMERATOR)
        select_from: Any = PersonRow
        cohort = measure.cohort
        if cohort is Cohort.RELEASED_LAST_4_WEEKS:
            conditions.append(self._released_between(today - dt.timedelta(days=27), today))
        elif cohort in _RELEASE_WINDOW_DAYS:
            ahead = today + dt.timedelta(days=_RELEASE_WINDOW_DAYS[cohort])
            conditions += [
                PersonRow.release_date > _day(today),
                PersonRow.release_date <= _day(ahead),
            ]
        elif cohort is Cohort.PLAN_DEADLINE_PASSED:
            conditions += [
                self._released_between(self.filters.period_from, self.filters.period_to),
                PersonRow.release_date < _day(today + dt.timedelta(days=PLAN_LEAD_DAYS)),
            ]
            category = case((self._plan_in_time(), NUMERATOR), else_=COUNTED)
        elif cohort is Cohort.READINESS_NEXT_12_WEEKS:
            ahead = today + dt.timedelta(days=_READINESS_DAYS)
            conditions += [
                PersonRow.release_date >= _day(today),
                PersonRow.release_date <= _day(ahead),
            ]
            group = readiness_band(PersonRow.readiness_score)
        elif cohort is Cohort.RELEASE_WEEKS:
            weeks = release_weeks(today)
            conditions += [
                PersonRow.release_date >= _day(weeks[0]),
                PersonRow.release_date < _day(weeks[-1] + dt.timedelta(weeks=1)),
            ]
            since_first = day_number(PersonRow.release_date, self.dialect) - day_number(
                _day(weeks[0]), self.dialect
            )
            group = cast(since_first // 7, String)  # the week's position in the list
        elif cohort is Cohort.RELEASED_WITH_AFTERCARE_APPOINTMENT:
            first = self._first_appointments()
            select_from = PersonRow.__table__.join(
                first, and_(first.c.person_id == PersonRow.id, first.c.rn == 1)
            )
            end = min(self.filters.period_to, today)
            conditions.append(self._released_between(self.filters.period_from, end))
            attended = or_(
                first.c.status == ReferralStatus.ATTENDED.value,
                exists().where(
                    ReferralHistoryRow.referral_id == first.c.referral_id,
                    ReferralHistoryRow.to_status == ReferralStatus.ATTENDED.value,
                ),
            )
            category = case((attended, NUMERATOR), else_=COUNTED)
        elif cohort is Cohort.PROGRAMME_MOVES_IN_PERIOD:
            conditions.append(self._entered_status())
        if measure.rule is Rule.OVERDUE_PLAN_ACTIONS:
            conditions.append(self._overdue_actions())
        elif measure.rule is Rule.OPEN_ESSENTIALS_PAST_DUE:
            conditions.append(self._essentials_past_due())
        elif measure.rule is Rule.OUTCOME_CHECKS_OVERDUE:
            overdue_before = today - dt.timedelta(days=OUTCOME_CHECK_GRACE_DAYS)
            conditions.append(PersonRow.outcome_check_due_on < _day(overdue_before))
        elif measure.rule is Rule.BY_OFFICER:
            group = func.coalesce(cast(PersonRow.responsible_officer_id, String), NO_OFFICER)
        return (
            select(
                PersonRow.id.label("person_id"),
                group.label("grp"),
                category.label("category"),
            )
            .select_from(select_from)
            .where(*conditions)
        )

    def _plan_in_time(self) -> ColumnElement[bool]:
        """A version of the plan agreed (or issued) on or before 14 days before release (kept
        on the person's row: ``measure_keys.py``)."""
        if self.measure.rule is Rule.PLAN_ISSUED_BY_DEADLINE:
            return PersonRow.plan_issued_in_time.is_(True)
        return PersonRow.plan_agreed_in_time.is_(True)

    def _first_appointments(self) -> Any:
        """Each person's first aftercare appointment on or after release and by today, for
        the people released in the period (whom the measure looks at: the rest are not
        ranked)."""
        referral = ReferralRow
        end = min(self.filters.period_to, self.today)
        return (
            select(
                referral.person_id,
                referral.id.label("referral_id"),
                referral.status,
                func.row_number()
                .over(
                    partition_by=referral.person_id,
                    order_by=(referral.appointment_date, referral.id),
                )
                .label("rn"),
            )
            .join(PersonRow, PersonRow.id == referral.person_id)
            .where(
                referral.appointment_date.is_not(None),
                referral.appointment_date >= PersonRow.release_date,
                referral.appointment_date <= _day(self.today),
                self._released_between(self.filters.period_from, end),
            )
            .subquery()
        )

    def _entered_status(self) -> ColumnElement[bool]:
        """A move into the measure's status in the period (UTC days), not since corrected:
        the people with one, read once (``IN``), not a probe of each open case's history."""
        move, correction = ProgrammeReferralHistoryRow, aliased(ProgrammeReferralHistoryRow)
        start = dt.datetime.combine(self.filters.period_from, dt.time(), dt.UTC)
        end = dt.datetime.combine(self.filters.period_to + dt.timedelta(days=1), dt.time(), dt.UTC)
        return PersonRow.id.in_(
            select(move.person_id).where(
                move.to_status == self.measure.status,
                move.moved_at >= start,
                move.moved_at < end,
                ~exists().where(correction.corrects_id == move.id),
            )
        )

    def _overdue_actions(self) -> ColumnElement[bool]:
        """An action of the latest plan version still open after its due day: the earliest
        such day, resolved as the plan resolves it, is kept on the person's row
        (``overdue_action_keys.py``)."""
        return PersonRow.overdue_action_from < _day(self.today)

    def _essentials_past_due(self) -> ColumnElement[bool]:
        """An essential to do or in progress after its date, or with no date once released.
        Asked as two sets of people read once each (``IN``), not a probe of each open case's
        essentials: at 100,000 people 70 ms to 25 ms on SQLite."""
        today = _day(self.today)
        open_ = EssentialRow.status.in_(_OPEN_ACTION)
        dated = select(EssentialRow.person_id).where(open_, EssentialRow.action_date < today)
        undated = select(EssentialRow.person_id).where(open_, EssentialRow.action_date.is_(None))
        return or_(
            PersonRow.id.in_(dated),
            and_(PersonRow.release_date < today, PersonRow.id.in_(undated)),
        )


def _grouped(classified: Select[Any], materialised: bool) -> Select[Any]:
    """(grp, category, n) over ``classified``. ``materialised``: read once as a materialised
    common table expression, so a category that is a correlated subquery (aftercare's
    appointment attended) is worked out once per person, not again for the GROUP BY (SQLite
    and PostgreSQL both honour it); otherwise left to the planner, which groups straight
    from the index (the measures' other categories are columns of ``people``: at 100,000
    people materialising them cost more than half of each measure's time)."""
    found = classified.cte().prefix_with("MATERIALIZED" if materialised else "NOT MATERIALIZED")
    return select(found.c.grp, found.c.category, func.count().label("n")).group_by(
        found.c.grp, found.c.category
    )


def _has_need(pathway: Pathway) -> ColumnElement[bool]:
    """The person has a need on ``pathway`` (support required, under way or done): the
    people with one, read once (``IN``), not a probe of each person's needs."""
    return PersonRow.id.in_(
        select(PathwayNeedRow.person_id).where(
            PathwayNeedRow.pathway == pathway.value,
            PathwayNeedRow.status.in_(_NEED_STATUSES),
        )
    )


def readiness_band(score: Any) -> ColumnElement[str]:
    """The readiness level read from the stored score (``domain/readiness.SCORE_RANGES``);
    0 before release is only ever "leaving today without an agreed plan"."""
    level = readiness.ReadinessLevel
    ranges = readiness.SCORE_RANGES
    whens: list[tuple[ColumnElement[bool], str]] = [
        (score.is_(None), level.NO_RELEASE_DATE.value),
        (score == 0, level.RELEASED_NO_PLAN.value),
    ]
    for band in (level.READY, level.PLAN_NOT_AGREED, level.ON_TRACK, level.AT_RISK, level.URGENT):
        low, high = ranges[band]
        whens.append((and_(score >= low, score <= high), band.value))
    return case(*whens, else_=level.OVERDUE.value)


def _release_month(dialect: str) -> ColumnElement[str]:
    if dialect == "sqlite":
        return func.strftime("%Y-%m", PersonRow.release_date)
    return func.to_char(PersonRow.release_date, "YYYY-MM")
