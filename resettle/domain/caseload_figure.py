"""A figure of the dashboard as a filter on the caseload: "the people of figure F, part P
(and group G), under filters X".

The caseload then lists exactly the people the figure counts: the storage layer restricts the
caseload's query to the figure's own select of people (``measure_queries.MeasureQuery
.people_ids``), within the caseload's reach. While a figure is the filter, the caseload's own
narrowing (search, release window, pathway, plan, readiness, outcome checks due, "my caseload
only") is set aside and closed cases are included: the figure alone decides who is listed, so
the caseload's count is the figure's (an outcome measure counts people released in the
period, whether or not their case has been closed since).
"""

from __future__ import annotations

from pydantic import ConfigDict, Field

from resettle.domain.errors import ValidationFailed
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.domain.measures import Cohort, Measure, MeasureKind, split_key
from resettle.domain.outcome_checks import Accommodation, Employment, TreatmentStart
from resettle.domain.text_fields import CheckedText

#: The enumeration of each answer an outcome measure reads (``OutcomeRule.answer``).
_ANSWERS: dict[str, type[Accommodation] | type[Employment] | type[TreatmentStart]] = {
    "accommodation": Accommodation,
    "employment": Employment,
    "treatment": TreatmentStart,
}

#: The cohorts the dashboard's period narrows (releases, or moves, in the period); the others
#: are today's work (releases due, readiness, open cases), whatever the period.
PERIOD_COHORTS = frozenset(
    {
        Cohort.RELEASED_IN_PERIOD,
        Cohort.RELEASED_IN_PERIOD_WITH_TREATMENT_NEED,
        Cohort.PLAN_DEADLINE_PASSED,
        Cohort.RELEASED_WITH_AFTERCARE_APPOINTMENT,
        Cohort.PROGRAMME_MOVES_IN_PERIOD,
    }
)


class CaseloadFigure(CheckedText):
    """One part of one figure, under the dashboard's filters (their period and narrowing)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: The figure's key: a measure's code, or ``code:group`` for a band, week or officer.
    key: str = Field(max_length=200)
    part: Part
    filters: MeasureFilters

    @property
    def measure(self) -> Measure:
        return split_key(self.key)[0]

    @property
    def group(self) -> str:
        return split_key(self.key)[1]

    @property
    def outcome(self) -> bool:
        """An outcome measure's figure: its people's answers and check dates are shown."""
        return self.measure.kind is MeasureKind.OUTCOME

    @property
    def uses_period(self) -> bool:
        """Whether the filters' period narrows this figure (else it is today's work)."""
        return self.measure.cohort in PERIOD_COHORTS

    def check(self) -> None:
        """Refuses an unknown measure or group (field ``measure``) and a part the measure
        does not have (field ``part``)."""
        found, _group = split_key(self.key)
        if part_problem(found, self.part):
            raise ValidationFailed.single(
                "part",
                "not_in_measure",
                f"This measure has no {self.part.value.replace('_', ' ')} list.",
            )

    def audit_details(self) -> dict[str, object]:
        """The figure as codes for an audit row (never words)."""
        return {
            "measure": self.measure.code,
            "group": self.group or None,
            "part": self.part.value,
            **self.filters.audit_details(),
        }


def part_problem(measure: Measure, part: Part) -> bool:
    """True when ``measure`` has no list of people for ``part``: an outcome measure has every
    part; a process measure its numerator, and its denominator when it has one."""
    if measure.kind is MeasureKind.OUTCOME or part is Part.NUMERATOR:
        return False
    return not (measure.has_denominator and part is Part.DENOMINATOR)


def answer_label(measure: Measure, code: str | None) -> str | None:
    """The answer ``code`` of ``measure``'s check in words ("Rough sleeping"); None when no
    check is recorded or the measure reads no answer."""
    if code is None or measure.outcome is None:
        return None
    return _ANSWERS[measure.outcome.answer](code).label
