"""The manager's measures, each defined once, as data.

A *measure* says which people it looks at (its *cohort*), when it looks (its *measurement
point*), who counts (its *numerator*) and who is left out and why (its *exclusions*), with the
official source and code it follows and the latest national figure to set beside ours
(``research/turn2.md``, "KPIs"). ``storage/repositories/measures.py`` turns each definition
into one query that yields both the count and the people behind it, so a figure and the list
behind it cannot disagree. What the services hand out (filters, figures, the people behind
them) is in ``domain/measure_figures.py``.

Two kinds:

- **Outcome measures** (MI014, MI015, MI016, MI017, PHOF C20) read the outcome checks recorded
  after release (``domain/outcome_checks.py``). The cohort is the people released in the
  period (release date from ``period_from`` to ``period_to``, and not after today) whose
  measurement point has come (:func:`outcome_checks.due_on` on or before today: the day after
  release for the first night). Each person's *current* check of the point for that release
  decides where they fall: in the numerator; counted but not in it; *excluded* because the
  answer is "unknown" (or, for employment, "unavailable for work", as the official measures
  exclude it); or *not recorded* (no check at all), which is excluded too so that "n of d"
  only speaks of people whose outcome is known, and is shown beside the unknowns so a gap in
  recording is never hidden. Closed cases stay in: the release happened.
- **Process measures** count people in the work as it stands (releases coming, plans agreed in
  time, readiness, overdue actions and essentials, aftercare appointments, programme moves,
  caseload per officer, outcome checks overdue). Closed cases are left out: nobody works them.
  Most have no denominator; those with a natural one (plans agreed by 14 days before release,
  aftercare first appointments attended) give it.

Employment: MI016 and MI017 count people *in employment*; employed and self-employed count,
education or training does not (it is neither in the numerator nor excluded: the official
measures count it as not employed).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import ValidationFailed
from resettle.domain.outcome_checks import (
    TREATMENT_WINDOW_DAYS,
    Accommodation,
    CheckPoint,
    Employment,
    TreatmentStart,
    due_on,
)


class MeasureKind(StrEnum):
    OUTCOME = "outcome"
    PROCESS = "process"


class Cohort(StrEnum):
    """Whom a measure looks at; ``storage/repositories/measures.py`` holds each as SQL."""

    RELEASED_IN_PERIOD = "released_in_period"
    RELEASED_IN_PERIOD_WITH_TREATMENT_NEED = "released_in_period_with_treatment_need"
    RELEASED_LAST_4_WEEKS = "released_last_4_weeks"
    RELEASING_NEXT_2_WEEKS = "releasing_next_2_weeks"
    RELEASING_NEXT_4_WEEKS = "releasing_next_4_weeks"
    RELEASING_NEXT_12_WEEKS = "releasing_next_12_weeks"
    #: Released in the period, or due within 14 days, once 14 days before release has passed.
    PLAN_DEADLINE_PASSED = "plan_deadline_passed"
    #: Due for release today or in the next 12 weeks, by readiness band.
    READINESS_NEXT_12_WEEKS = "readiness_next_12_weeks"
    #: Released or due from 4 weeks before this week to 12 weeks after it, by week.
    RELEASE_WEEKS = "release_weeks"
    OPEN_CASES = "open_cases"
    #: Released in the period with a first aftercare appointment (on or after release) due
    #: by today.
    RELEASED_WITH_AFTERCARE_APPOINTMENT = "released_with_aftercare_appointment"
    #: Programme referral moves in the period.
    PROGRAMME_MOVES_IN_PERIOD = "programme_moves_in_period"


class Rule(StrEnum):
    """How a process measure picks its numerator (outcome measures use their answers)."""

    IN_COHORT = "in_cohort"
    PLAN_AGREED_BY_DEADLINE = "plan_agreed_by_deadline"
    PLAN_ISSUED_BY_DEADLINE = "plan_issued_by_deadline"
    BY_READINESS_BAND = "by_readiness_band"
    BY_RELEASE_WEEK = "by_release_week"
    OVERDUE_PLAN_ACTIONS = "overdue_plan_actions"
    OPEN_ESSENTIALS_PAST_DUE = "open_essentials_past_due"
    FIRST_APPOINTMENT_ATTENDED = "first_appointment_attended"
    ENTERED_STATUS = "entered_status"
    BY_OFFICER = "by_officer"
    OUTCOME_CHECKS_OVERDUE = "outcome_checks_overdue"


class NationalFigure(BaseModel):
    """The latest published figure for England and Wales, as a percentage written out."""

    model_config = ConfigDict(frozen=True)

    percent: str
    year: str
    source: str


class OutcomeRule(BaseModel):
    """An outcome measure's numerator and exclusions, read from one answer of the check."""

    model_config = ConfigDict(frozen=True)

    #: The check's column: accommodation, employment or treatment.
    answer: str
    counted: frozenset[str]
    excluded: frozenset[str]
    #: PHOF C20: the start counts only this many days after release, at most.
    within_days: int | None = None


class Measure(BaseModel):
    """One measure, as data."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    kind: MeasureKind
    cohort: Cohort
    cohort_words: str
    point: CheckPoint | None = None
    point_words: str = ""
    numerator_words: str
    exclusions_words: str = ""
    outcome: OutcomeRule | None = None
    rule: Rule = Rule.IN_COHORT
    #: The status entered (programme moves).
    status: str | None = None
    #: Process measures with a natural denominator (the cohort) give it.
    has_denominator: bool = True
    #: Split into one figure per group (readiness band, officer).
    grouped: bool = False
    source: str = ""
    source_code: str = ""
    national: NationalFigure | None = None


_A, _E, _T = Accommodation, Employment, TreatmentStart
_ACCOMMODATION_SOURCE = "MoJ Offender Accommodation Outcomes (HMPPS)"
_EMPLOYMENT_SOURCE = "MoJ Offender Employment Outcomes (HMPPS)"
_PHOF_SOURCE = "OHID Public Health Outcomes Framework"
_EMPLOYED = frozenset({_E.EMPLOYED.value, _E.SELF_EMPLOYED.value})
_EMPLOYMENT_EXCLUDED = frozenset({_E.UNKNOWN.value, _E.UNAVAILABLE.value})
_RELEASED = "People released in the period (release date on or before today)"


def _employment(code: str, name: str, point: CheckPoint, words: str, figure: str) -> Measure:
    return Measure(
        code=code,
        name=name,
        kind=MeasureKind.OUTCOME,
        cohort=Cohort.RELEASED_IN_PERIOD,
        cohort_words=f"{_RELEASED} whose {words} check has come",
        point=point,
        point_words=f"{point.label} after release",
        numerator_words="Employed or self-employed (education or training does not count)",
        exclusions_words="Unknown, unavailable for work, or no check recorded",
        outcome=OutcomeRule(answer="employment", counted=_EMPLOYED, excluded=_EMPLOYMENT_EXCLUDED),
        source=_EMPLOYMENT_SOURCE,
        source_code=code,
        national=NationalFigure(percent=figure, year="2023/24", source=_EMPLOYMENT_SOURCE),
    )


def _process(
    code: str,
    name: str,
    cohort: Cohort,
    words: str,
    numerator: str,
    rule: Rule = Rule.IN_COHORT,
    **extra: object,
) -> Measure:
    fields: dict[str, object] = {
        "code": code,
        "name": name,
        "kind": MeasureKind.PROCESS,
        "cohort": cohort,
        "cohort_words": words,
        "numerator_words": numerator,
        "rule": rule,
        "has_denominator": False,
        "source": "Resettle",
    }
    fields.update(extra)
    return Measure.model_validate(fields)


_OPEN = "Open cases (closed cases are left out)"

MEASURES: tuple[Measure, ...] = (
    Measure(
        code="MI014",
        name="Housed on the first night after release",
        kind=MeasureKind.OUTCOME,
        cohort=Cohort.RELEASED_IN_PERIOD,
        cohort_words=f"{_RELEASED}, from the day after release",
        point=CheckPoint.FIRST_NIGHT,
        point_words="The first night after release",
        numerator_words="Settled, other housed (transient), or approved premises or CAS",
        exclusions_words="Unknown, or no check recorded",
        outcome=OutcomeRule(
            answer="accommodation",
            counted=frozenset(a.value for a in Accommodation if a.housed),
            excluded=frozenset({_A.UNKNOWN.value}),
        ),
        source=_ACCOMMODATION_SOURCE,
        source_code="MI014",
        national=NationalFigure(percent="84.0", year="2024/25", source=_ACCOMMODATION_SOURCE),
    ),
    Measure(
        code="MI015",
        name="Settled accommodation at 3 months",
        kind=MeasureKind.OUTCOME,
        cohort=Cohort.RELEASED_IN_PERIOD,
        cohort_words=f"{_RELEASED} whose 3-month check has come",
        point=CheckPoint.MONTH_3,
        point_words="3 months after release",
        numerator_words="Settled accommodation",
        exclusions_words="Unknown, or no check recorded",
        outcome=OutcomeRule(
            answer="accommodation",
            counted=frozenset({_A.SETTLED.value}),
            excluded=frozenset({_A.UNKNOWN.value}),
        ),
        source=_ACCOMMODATION_SOURCE,
        source_code="MI015",
        national=NationalFigure(percent="73.5", year="2023/24", source=_ACCOMMODATION_SOURCE),
    ),
    _employment("MI016", "In employment at 6 weeks", CheckPoint.WEEK_6, "6-week", "19.3"),
    _employment("MI017", "In employment at 6 months", CheckPoint.MONTH_6, "6-month", "31.1"),
    Measure(
        code="PHOF_C20",
        name="Community drug or alcohol treatment started within 3 weeks of release",
        kind=MeasureKind.OUTCOME,
        cohort=Cohort.RELEASED_IN_PERIOD_WITH_TREATMENT_NEED,
        cohort_words=f"{_RELEASED} with a drugs and alcohol need, once 3 weeks have passed",
        point=CheckPoint.TREATMENT,
        point_words=f"{TREATMENT_WINDOW_DAYS} days after release",
        numerator_words=f"Treatment started within {TREATMENT_WINDOW_DAYS} days of release",
        exclusions_words="Unknown, or no check recorded",
        outcome=OutcomeRule(
            answer="treatment",
            counted=frozenset({_T.STARTED.value}),
            excluded=frozenset({_T.UNKNOWN.value}),
            within_days=TREATMENT_WINDOW_DAYS,
        ),
        source=_PHOF_SOURCE,
        source_code="C20",
        national=NationalFigure(percent="38.1", year="2020/21", source=_PHOF_SOURCE),
    ),
    _process(
        "releases_last_4_weeks",
        "Released in the last 4 weeks",
        Cohort.RELEASED_LAST_4_WEEKS,
        "Release date in the 28 days to today, today included",
        "Everyone in the cohort",
    ),
    _process(
        "releases_next_2_weeks",
        "Due for release in the next 2 weeks",
        Cohort.RELEASING_NEXT_2_WEEKS,
        "Release date after today, at most 14 days ahead",
        "Everyone in the cohort",
    ),
    _process(
        "releases_next_4_weeks",
        "Due for release in the next 4 weeks",
        Cohort.RELEASING_NEXT_4_WEEKS,
        "Release date after today, at most 28 days ahead",
        "Everyone in the cohort",
    ),
    _process(
        "releases_next_12_weeks",
        "Due for release in the next 12 weeks",
        Cohort.RELEASING_NEXT_12_WEEKS,
        "Release date after today, at most 84 days ahead",
        "Everyone in the cohort",
    ),
    _process(
        "plans_agreed_by_14_days",
        "Plans agreed by 14 days before release",
        Cohort.PLAN_DEADLINE_PASSED,
        "Released in the period, or due for release, once 14 days before release has passed",
        "A version of the plan agreed on or before 14 days before release",
        Rule.PLAN_AGREED_BY_DEADLINE,
        has_denominator=True,
    ),
    _process(
        "plans_issued_by_14_days",
        "Plans issued by 14 days before release",
        Cohort.PLAN_DEADLINE_PASSED,
        "Released in the period, or due for release, once 14 days before release has passed",
        "A version of the plan issued on or before 14 days before release",
        Rule.PLAN_ISSUED_BY_DEADLINE,
        has_denominator=True,
    ),
    _process(
        "releases_by_week",
        "Releases by week",
        Cohort.RELEASE_WEEKS,
        "Release date from the Monday 4 weeks before this week to the Sunday 12 weeks after"
        " it, by week (Monday to Sunday)",
        "People released or due in the week",
        Rule.BY_RELEASE_WEEK,
        grouped=True,
    ),
    _process(
        "readiness",
        "Release-day readiness",
        Cohort.READINESS_NEXT_12_WEEKS,
        "Due for release today or in the next 12 weeks, by readiness band",
        "People in the band",
        Rule.BY_READINESS_BAND,
        grouped=True,
    ),
    _process(
        "overdue_plan_actions",
        "People with overdue plan actions",
        Cohort.OPEN_CASES,
        _OPEN,
        "An action of the latest plan version still to do or in progress after its due day",
        Rule.OVERDUE_PLAN_ACTIONS,
    ),
    _process(
        "overdue_essentials",
        "People with release-day essentials past due",
        Cohort.OPEN_CASES,
        _OPEN,
        "An essential still to do or in progress after its date (or, with no date, after release)",
        Rule.OPEN_ESSENTIALS_PAST_DUE,
    ),
    _process(
        "aftercare_first_appointments_attended",
        "Aftercare first appointments attended",
        Cohort.RELEASED_WITH_AFTERCARE_APPOINTMENT,
        "Released in the period, with a first aftercare appointment on or after release and"
        " not after today",
        "The first appointment attended",
        Rule.FIRST_APPOINTMENT_ATTENDED,
        has_denominator=True,
    ),
    _process(
        "programme_referrals",
        "People referred to programmes",
        Cohort.PROGRAMME_MOVES_IN_PERIOD,
        "Open cases with a referral submitted in the period",
        "A referral entering 'submitted' in the period (corrected moves do not count)",
        Rule.ENTERED_STATUS,
        status="submitted",
    ),
    _process(
        "programme_completions",
        "People completing programmes",
        Cohort.PROGRAMME_MOVES_IN_PERIOD,
        "Open cases with a programme completed in the period",
        "A referral entering 'programme complete' in the period",
        Rule.ENTERED_STATUS,
        status="programme_complete",
    ),
    _process(
        "programme_deselections",
        "People deselected from programmes",
        Cohort.PROGRAMME_MOVES_IN_PERIOD,
        "Open cases deselected in the period",
        "A referral entering 'deselected' in the period",
        Rule.ENTERED_STATUS,
        status="deselected",
    ),
    _process(
        "caseload_per_officer",
        "Caseload per officer",
        Cohort.OPEN_CASES,
        f"{_OPEN}, by responsible officer",
        "People the officer is responsible for",
        Rule.BY_OFFICER,
        grouped=True,
    ),
    _process(
        "outcome_checks_overdue",
        "People with outcome checks overdue",
        Cohort.OPEN_CASES,
        _OPEN,
        "An outcome check due more than 14 days before today and not recorded",
        Rule.OUTCOME_CHECKS_OVERDUE,
    ),
)

#: How many days after its due day an outcome check counts as overdue.
OUTCOME_CHECK_GRACE_DAYS = 14
#: "Releases by week" shows this many weeks before this week, and this many after it.
WEEKS_BEFORE, WEEKS_AFTER = 4, 12


def release_weeks(today: dt.date) -> tuple[dt.date, ...]:
    """The Mondays of the weeks "releases by week" shows, oldest first (this week's among
    them); a week's group is its position in this list."""
    this_week = today - dt.timedelta(days=today.weekday())
    return tuple(
        this_week + dt.timedelta(weeks=offset) for offset in range(-WEEKS_BEFORE, WEEKS_AFTER + 1)
    )


#: Plans are due agreed and issued this many days before release.
PLAN_LEAD_DAYS = 14

MEASURES_BY_CODE: dict[str, Measure] = {measure.code: measure for measure in MEASURES}


def measure(code: str) -> Measure:
    """The measure of ``code``; refuses an unknown code naming the field."""
    found = MEASURES_BY_CODE.get(code)
    if found is None:
        raise ValidationFailed.single(
            "measure", "unknown", f"No measure has the code {code!r}: see 'resettle report kpis'."
        )
    return found


def latest_release_counted(point: CheckPoint, today: dt.date) -> dt.date:
    """The latest release date whose ``point`` is due by ``today`` (``due_on`` only grows
    with the release date, so the cohort is one range of release dates)."""
    day = today
    while due_on(point, day) > today:
        day -= dt.timedelta(days=1)
    return day


def split_key(key: str) -> tuple[Measure, str]:
    """The measure and group of a figure's key (``code`` or ``code:group``; an outcome
    measure's group is one of its :func:`answer_groups`: the people whose current check gave
    that answer)."""
    code, _, group = key.partition(":")
    found = measure(code)
    if found.kind is MeasureKind.OUTCOME and group:
        if group not in {value for value, _label in answer_groups(found)}:
            raise ValidationFailed.single(
                "measure", "not_grouped", f"{code} has no answer {group!r}."
            )
    elif group and not found.grouped:
        raise ValidationFailed.single("measure", "not_grouped", f"{code} has no groups.")
    return found, group


# --- outcome measures by answer (the stacked bars by category) ----------------------------

#: The answer group of the people with no current check of the point.
NOT_RECORDED_ANSWER = "not_recorded"
#: PHOF C20's answers as grouped: a start within the window counts, a later one does not.
STARTED_IN_TIME, STARTED_LATER = "started_in_time", "started_later"

_TREATMENT_GROUPS = (
    (STARTED_IN_TIME, f"Started within {TREATMENT_WINDOW_DAYS // 7} weeks"),
    (STARTED_LATER, "Started later"),
    (TreatmentStart.NOT_STARTED.value, TreatmentStart.NOT_STARTED.label),
    (TreatmentStart.UNKNOWN.value, TreatmentStart.UNKNOWN.label),
)


def answer_groups(definition: Measure) -> tuple[tuple[str, str], ...]:
    """An outcome measure's answers as (value, label), in the order they are stacked, "not
    recorded" last: MI014's accommodation categories, employment status, or whether
    treatment started within the window, later, not at all or unknown."""
    rule = definition.outcome
    if rule is None:
        return ()
    if rule.within_days is not None:
        groups: tuple[tuple[str, str], ...] = _TREATMENT_GROUPS
    elif rule.answer == "accommodation":
        groups = tuple((a.value, a.label) for a in Accommodation)
    else:
        groups = tuple((e.value, e.label) for e in Employment)
    return (*groups, (NOT_RECORDED_ANSWER, "Not recorded"))


def counted_answers(rule: OutcomeRule) -> frozenset[str]:
    """The answer groups in an outcome measure's numerator (C20: started within the window)."""
    return frozenset({STARTED_IN_TIME}) if rule.within_days is not None else rule.counted
