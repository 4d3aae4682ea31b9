"""The figures of the measures (``domain/measures.py``) as the services hand them out: the
filters a manager narrows them with, a figure's counts and the parts of people behind it, a
month of a trend, and one person of a list."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.measures import MeasureKind
from resettle.domain.outcome_checks import add_months
from resettle.domain.pathways import Pathway


class Part(StrEnum):
    """A set of people behind a figure."""

    #: Everyone the measure looks at (outcome measures: the released people whose point came).
    COHORT = "cohort"
    NUMERATOR = "numerator"
    DENOMINATOR = "denominator"
    #: Left out of the denominator: unknown, unavailable for work, or not recorded.
    EXCLUDED = "excluded"
    #: Of the excluded: no check recorded at all.
    NOT_RECORDED = "not_recorded"
    #: In the denominator but not the numerator (housed nowhere, not in work, no start).
    NOT_COUNTED = "not_counted"
    #: Of the excluded: a check answered "unknown" (or "unavailable for work").
    UNKNOWN = "unknown"


class MeasureFilters(BaseModel):
    """What a manager narrows the figures to: the period (release dates, or the days moves
    happened), a team, an establishment, a region (the people of its teams and establishments,
    as they are in it now), an officer, a pathway with a need. None: all the actor reaches.
    ``period_from`` and ``period_to`` are both inclusive."""

    model_config = ConfigDict(frozen=True)

    period_from: dt.date = Field(title="From")
    period_to: dt.date = Field(title="To")
    team_id: int | None = Field(default=None, title="Team")
    establishment_id: int | None = Field(default=None, title="Establishment")
    region_id: int | None = Field(default=None, title="Region")
    officer_id: int | None = Field(default=None, title="Officer")
    pathway: Pathway | None = Field(default=None, title="Pathway")

    @classmethod
    def for_period(
        cls,
        today: dt.date,
        period_from: dt.date | None = None,
        period_to: dt.date | None = None,
        **narrowing: object,
    ) -> MeasureFilters:
        """The filters, the period defaulting to the 12 months to ``today``; refuses a start
        after the end, naming the field."""
        end = period_to or today
        start = period_from or add_months(end, -12) + dt.timedelta(days=1)
        if start > end:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "period_from",
                        "after_end",
                        f"The period starts ({start:%d %b %Y}) after it ends ({end:%d %b %Y}).",
                    )
                ]
            )
        return cls.model_validate({"period_from": start, "period_to": end, **narrowing})

    def audit_details(self) -> dict[str, object]:
        """The filters a list was read under, for its audit row: the period's days and every
        narrowing in force (team, establishment, officer as ids; the pathway's code)."""
        narrowing = {
            name: value
            for name, value in self.model_dump(mode="json").items()
            if name not in ("period_from", "period_to") and value is not None
        }
        return {
            "from_day": self.period_from.isoformat(),
            "to_day": self.period_to.isoformat(),
            **narrowing,
        }


class Figure(BaseModel):
    """One figure: a measure's counts (for a group, when the measure is split by one)."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    kind: MeasureKind
    #: The band or officer of a grouped measure ("" when not grouped).
    group: str = ""
    group_label: str = ""
    numerator: int
    #: None for a process measure without a natural denominator.
    denominator: int | None
    #: Left out of the denominator (unknown, unavailable for work, not recorded).
    excluded: int = 0
    #: Of the excluded, no check recorded.
    not_recorded: int = 0

    @property
    def key(self) -> str:
        """The figure's code in lists and JSON: ``code`` or ``code:group``."""
        return f"{self.code}:{self.group}" if self.group else self.code

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100 * self.numerator / self.denominator

    def parts(self) -> tuple[Part, ...]:
        """The sets of people this figure has."""
        if self.kind is MeasureKind.OUTCOME:
            return (
                Part.NUMERATOR,
                Part.DENOMINATOR,
                Part.EXCLUDED,
                Part.NOT_RECORDED,
                Part.NOT_COUNTED,
                Part.UNKNOWN,
            )
        if self.denominator is not None:
            return (Part.NUMERATOR, Part.DENOMINATOR)
        return (Part.NUMERATOR,)

    def count(self, part: Part) -> int:
        return {
            Part.NUMERATOR: self.numerator,
            Part.DENOMINATOR: self.denominator or 0,
            Part.EXCLUDED: self.excluded,
            Part.NOT_RECORDED: self.not_recorded,
            Part.COHORT: (self.denominator or 0) + self.excluded,
            Part.NOT_COUNTED: (self.denominator or 0) - self.numerator,
            Part.UNKNOWN: self.excluded - self.not_recorded,
        }[part]


class TrendPoint(BaseModel):
    """One month of an outcome measure's trend (by release month)."""

    model_config = ConfigDict(frozen=True)

    month: str  # YYYY-MM
    numerator: int
    denominator: int
    excluded: int


class MeasurePerson(BaseModel):
    """One person behind a figure."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    prison_number: str
    release_date: dt.date | None
    officer: str | None
