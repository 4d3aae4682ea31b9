"""The measures' figures, their people and their trends, read through one query object per
measure (``measure_queries.MeasureQuery``): counts are a GROUP BY over the same select whose
filtered rows are the people, so ``count == len(people)`` holds by construction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import String, and_, cast, exists, func, select
from sqlalchemy.orm import Session

from resettle.domain.access import AccessScope
from resettle.domain.measure_figures import Figure, MeasureFilters, MeasurePerson, Part, TrendPoint
from resettle.domain.measures import (
    MEASURES,
    Measure,
    MeasureKind,
    Rule,
    answer_groups,
    release_weeks,
)
from resettle.domain.outcome_checks import add_months
from resettle.domain.readiness import ReadinessLevel
from resettle.storage.repositories.access import reach_condition
from resettle.storage.repositories.measure_queries import (
    COUNTED,
    EXCLUDED,
    NO_OFFICER,
    NOT_RECORDED,
    NUMERATOR,
    PART_CATEGORIES,
    MeasureQuery,
)
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import EstablishmentRow, StaffRow, TeamMemberRow, TeamRow

#: The order readiness bands are shown in (most in need first).
READINESS_BANDS = (
    ReadinessLevel.RELEASED_NO_PLAN,
    ReadinessLevel.URGENT,
    ReadinessLevel.AT_RISK,
    ReadinessLevel.PLAN_NOT_AGREED,
    ReadinessLevel.ON_TRACK,
    ReadinessLevel.READY,
)


class MeasuresRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _query(
        self, measure: Measure, scope: AccessScope, filters: MeasureFilters, today: dt.date
    ) -> MeasureQuery:
        return MeasureQuery(measure, scope, filters, today, self._session.get_bind().dialect.name)

    def figures(
        self,
        scope: AccessScope,
        filters: MeasureFilters,
        today: dt.date,
        measures: tuple[Measure, ...] = MEASURES,
    ) -> list[Figure]:
        """Every measure's figures (grouped measures: one per group found, readiness bands
        always all shown), one GROUP BY per measure."""
        found: list[Figure] = []
        for measure in measures:
            counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            query = self._query(measure, scope, filters, today)
            for group, category, n in self._session.execute(query.counts()):
                counts[group][category] += n
            found += self._figures_of(measure, counts, today)
        return found

    def _figures_of(
        self, measure: Measure, counts: dict[str, dict[str, int]], today: dt.date
    ) -> list[Figure]:
        if not measure.grouped:
            return [_figure(measure, "", "", counts.get("", {}))]
        if measure.code == "readiness":
            return [
                _figure(measure, band.value, band.label, counts.get(band.value, {}))
                for band in READINESS_BANDS
            ]
        if measure.rule is Rule.BY_RELEASE_WEEK:
            return [
                _figure(measure, str(n), _week_label(monday, today), counts.get(str(n), {}))
                for n, monday in enumerate(release_weeks(today))
            ]
        names = self._officer_names([int(g) for g in counts if g != NO_OFFICER])
        groups = sorted(counts, key=lambda g: (g == NO_OFFICER, names.get(g, ""), g))
        return [
            _figure(measure, group, names.get(group, "No responsible officer"), counts[group])
            for group in groups
        ]

    def places_reached(
        self, scope: AccessScope
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[int, str]]]:
        """The teams, establishments and responsible officers of the people ``scope``
        reaches (open cases), each as (id, name) by name: what the dashboard's filters offer."""
        reached = and_(reach_condition(scope, unindexed=True), PersonRow.case_closed.is_(False))

        def named(column: Any, table: Any) -> list[tuple[int, str]]:
            # Each team, establishment or officer with a person reached: one probe of the
            # people's index on ``column`` each, where reading every person reached took
            # a second at 100,000 people.
            name = StaffRow.display_name if table is StaffRow else table.name
            query = (
                select(table.id, name)
                .where(exists().where(column == table.id, reached))
                .order_by(name)
            )
            return [(row[0], row[1]) for row in self._session.execute(query)]

        return (
            named(PersonRow.team_id, TeamRow),
            named(PersonRow.establishment_id, EstablishmentRow),
            named(PersonRow.responsible_officer_id, StaffRow),
        )

    def officer_teams(self, officer_ids: list[int]) -> list[tuple[int, int]]:
        """(officer id, team id) for each team each of these officers is in."""
        if not officer_ids:
            return []
        query = (
            select(TeamMemberRow.staff_id, TeamMemberRow.team_id)
            .where(TeamMemberRow.staff_id.in_(sorted(officer_ids)))
            .order_by(TeamMemberRow.staff_id, TeamMemberRow.team_id)
        )
        return [(row[0], row[1]) for row in self._session.execute(query)]

    def _officer_names(self, ids: list[int]) -> dict[str, str]:
        if not ids:
            return {}
        return {
            str(staff_id): name
            for staff_id, name in self._session.execute(
                select(StaffRow.id, StaffRow.display_name).where(StaffRow.id.in_(sorted(ids)))
            )
        }

    def people(
        self,
        scope: AccessScope,
        filters: MeasureFilters,
        today: dt.date,
        measure: Measure,
        part: Part,
        group: str = "",
    ) -> list[MeasurePerson]:
        """The people of one part of a figure, by release date then id."""
        found = self.people_by_group(scope, filters, today, measure, (part,), group)
        return found.get(group, {}).get(part, [])

    def people_by_group(
        self,
        scope: AccessScope,
        filters: MeasureFilters,
        today: dt.date,
        measure: Measure,
        parts: tuple[Part, ...],
        group: str | None = "",
    ) -> dict[str, dict[Part, list[MeasurePerson]]]:
        """The people of each of ``parts`` of a measure's figure for ``group`` (None: of every
        group's figure), by release date then id, read in one statement: each person once,
        with their group and category, put in every part holding the category."""
        ids = self._query(measure, scope, filters, today).people_ids(parts, group).subquery()
        rows = self._session.execute(
            select(*_PERSON_COLUMNS, ids.c.grp, ids.c.category)
            .join(ids, ids.c.person_id == PersonRow.id)
            .outerjoin(StaffRow, StaffRow.id == PersonRow.responsible_officer_id)
            .order_by(PersonRow.release_date, PersonRow.id)
        )
        found: dict[str, dict[Part, list[MeasurePerson]]] = {}
        holding = _holding(parts)
        for row in rows:
            person = _person(row)
            lists = found.setdefault(row.grp, {part: [] for part in parts})
            for part in holding[row.category]:
                lists[part].append(person)
        return found

    def figures_by_officer(
        self,
        scope: AccessScope,
        filters: MeasureFilters,
        today: dt.date,
        measures: tuple[Measure, ...],
    ) -> dict[str, dict[str, Figure]]:
        """Each ungrouped measure's figure split by the people's responsible officer
        (``"none"``: no officer): {officer group: {code: figure}}, one GROUP BY per measure
        over the measure's own select, so an officer's figures add up to the whole."""
        found: dict[str, dict[str, Figure]] = defaultdict(dict)
        officer = func.coalesce(cast(PersonRow.responsible_officer_id, String), NO_OFFICER)
        for measure in measures:
            if measure.grouped:
                raise ValueError(f"{measure.code} is already split into groups")
            classified = self._query(measure, scope, filters, today).classified().subquery()
            counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            statement = (
                select(officer, classified.c.category, func.count())
                .join(classified, classified.c.person_id == PersonRow.id)
                .group_by(officer, classified.c.category)
            )
            for group, category, n in self._session.execute(statement):
                counts[group][category] += n
            for group, by_category in counts.items():
                found[group][measure.code] = _figure(measure, group, "", by_category)
        return dict(found)

    def figures_with_people(
        self,
        scope: AccessScope,
        filters: MeasureFilters,
        today: dt.date,
        measures: tuple[Measure, ...] = MEASURES,
    ) -> list[tuple[Figure, dict[Part, list[MeasurePerson]]]]:
        """Every figure of :meth:`figures` with the people of each of its parts (as
        :meth:`people` lists them: by release date then id), for a whole report at once.
        Each measure's classified select is read once, alone (unordered, nothing joined),
        and both counted and listed from those rows; then the people reached are read once,
        in the lists' order, each person built once however many figures they are in (at
        100,000 people a report lists about 460,000)."""
        classified: dict[str, list[tuple[int, str, str]]] = {}
        for measure in measures:
            query = self._query(measure, scope, filters, today).classified()
            classified[measure.code] = [
                (row[0], row[1], row[2]) for row in self._session.execute(query)
            ]
        needed = {person_id for rows in classified.values() for person_id, _g, _c in rows}
        people: dict[int, MeasurePerson] = {}
        place: dict[int, int] = {}
        # Every person a measure finds is one the scope reaches (``MeasureQuery._narrowed``):
        # the reach in the lists' order, by the database's own ordering of dates.
        reached = (
            select(*_PERSON_COLUMNS)
            .outerjoin(StaffRow, StaffRow.id == PersonRow.responsible_officer_id)
            .where(reach_condition(scope))
            .order_by(PersonRow.release_date, PersonRow.id)
        )
        for row in self._session.execute(reached):
            if row.id in needed:
                place[row.id] = len(place)
                people[row.id] = _person(row)
        found: list[tuple[Figure, dict[Part, list[MeasurePerson]]]] = []
        for measure in measures:
            counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            by_group: dict[str, list[tuple[int, str]]] = defaultdict(list)
            for person_id, group, category in sorted(
                classified[measure.code], key=lambda row: place[row[0]]
            ):
                counts[group][category] += 1
                by_group[group].append((person_id, category))
            for figure in self._figures_of(measure, counts, today):
                parts = figure.parts()
                holding = _holding(parts)
                lists: dict[Part, list[MeasurePerson]] = {part: [] for part in parts}
                for person_id, category in by_group.get(figure.group, []):
                    for part in holding[category]:
                        lists[part].append(people[person_id])
                found.append((figure, lists))
        return found

    def trend(
        self, scope: AccessScope, filters: MeasureFilters, today: dt.date, measure: Measure
    ) -> list[TrendPoint]:
        """An outcome measure by release month over the 12 months to today (the period filter
        gives way to the months; the other filters hold), every month listed."""
        if measure.kind is not MeasureKind.OUTCOME:
            raise ValueError("only outcome measures have a trend")
        first = _trend_start(today)
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        query = self._query(measure, scope, filters, today)
        for month, category, n in self._session.execute(query.trend(first)):
            counts[month][category] += n
        return _trend_points(first, counts)

    def figures_and_trends(
        self, scope: AccessScope, filters: MeasureFilters, today: dt.date
    ) -> tuple[list[Figure], dict[str, list[TrendPoint]], dict[str, list[Figure]]]:
        """:meth:`figures`, each outcome measure's :meth:`trend` and its figure split by
        answer (:meth:`answer_figures`), as the dashboard shows them together: an outcome
        measure's three from one statement (``MeasureQuery.counts_and_trend``)."""
        first = _trend_start(today)
        figures: list[Figure] = []
        trends: dict[str, list[TrendPoint]] = {}
        answers: dict[str, list[Figure]] = {}
        for measure in MEASURES:
            if measure.kind is not MeasureKind.OUTCOME:
                figures += self.figures(scope, filters, today, (measure,))
                continue
            counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            by_answer: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            by_month: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            query = self._query(measure, scope, filters, today)
            for month, in_period, in_trend, answer, category, n in self._session.execute(
                query.counts_and_trend(first)
            ):
                if in_period:
                    counts[""][category] += n
                    by_answer[answer][category] += n
                if in_trend:
                    by_month[month][category] += n
            figures += self._figures_of(measure, counts, today)
            trends[measure.code] = _trend_points(first, by_month)
            answers[measure.code] = _answer_figures(measure, by_answer)
        return figures, trends, answers


def _answer_figures(measure: Measure, by_answer: dict[str, dict[str, int]]) -> list[Figure]:
    return [
        _figure(measure, value, label, by_answer.get(value, {}))
        for value, label in answer_groups(measure)
    ]


def _trend_start(today: dt.date) -> dt.date:
    """The first day of the trend's first month (12 months to today's)."""
    return add_months(today.replace(day=1), -11)


def _trend_points(first: dt.date, counts: dict[str, dict[str, int]]) -> list[TrendPoint]:
    months = [add_months(first, step).strftime("%Y-%m") for step in range(12)]
    return [
        TrendPoint(
            month=month,
            numerator=counts[month][NUMERATOR],
            denominator=counts[month][NUMERATOR] + counts[month][COUNTED],
            excluded=counts[month][EXCLUDED] + counts[month][NOT_RECORDED],
        )
        for month in months
    ]


#: What a person in a figure's list shows (``MeasurePerson``).
_PERSON_COLUMNS = (
    PersonRow.id,
    PersonRow.given_name,
    PersonRow.family_name,
    PersonRow.prison_number,
    PersonRow.release_date,
    StaffRow.display_name,
)


def _person(row: Any) -> MeasurePerson:
    # Built without re-validating what the database holds: a figure's lists may run to
    # tens of thousands of people.
    return MeasurePerson.model_construct(
        id=row.id,
        name=f"{row.given_name} {row.family_name}",
        prison_number=row.prison_number,
        release_date=row.release_date,
        officer=row.display_name,
    )


def _holding(parts: tuple[Part, ...]) -> dict[str, list[Part]]:
    """For each category, the parts of ``parts`` that hold it."""
    return {
        category: [part for part in parts if category in PART_CATEGORIES[part]]
        for part_categories in PART_CATEGORIES.values()
        for category in part_categories
    }


def _figure(measure: Measure, group: str, label: str, counts: dict[str, int]) -> Figure:
    numerator = counts.get(NUMERATOR, 0)
    has_denominator = measure.kind is MeasureKind.OUTCOME or measure.has_denominator
    return Figure(
        code=measure.code,
        name=measure.name,
        kind=measure.kind,
        group=group,
        group_label=label,
        numerator=numerator,
        denominator=numerator + counts.get(COUNTED, 0) if has_denominator else None,
        excluded=counts.get(EXCLUDED, 0) + counts.get(NOT_RECORDED, 0),
        not_recorded=counts.get(NOT_RECORDED, 0),
    )


def _week_label(monday: dt.date, today: dt.date) -> str:
    """ "w/c 7 Dec"; "w/c 30 Nov (this week)" for the week holding today (a trial could not
    tell where the releases to come began)."""
    label = f"w/c {monday.day} {monday:%b}"
    return f"{label} (this week)" if monday <= today < monday + dt.timedelta(weeks=1) else label
