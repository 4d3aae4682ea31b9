"""The resettlement measures (``domain/measures.py``): figures, the people behind one, trends.

Scoped to the people the acting account reaches (``services/access_scope.py``): a manager's
teams and establishments (those of the regions it manages included), an officer's teams.
Reading figures holds counts only and is not audited, like the caseload's counts; reading the
people behind a figure is a consultation of their records in bulk and writes one audit row
(``measure.people_listed``: the measure, the part, the period and how many people, codes and
counts only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain import clock
from resettle.domain.access import AccessScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.given_values import quoted_code
from resettle.domain.known_codes import codes_listed
from resettle.domain.measure_figures import Figure, MeasureFilters, MeasurePerson, Part, TrendPoint
from resettle.domain.measures import MEASURES, MeasureKind
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.access_scope import scope_for
from resettle.services.read_only_storage import bring_readiness_to, write_unless_unwritable
from resettle.services.unit_of_work import UnitOfWork


def measure_filters(
    actor: Actor,
    uow: UnitOfWork,
    today: dt.date,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    *,
    team: str | None = None,
    establishment: str | None = None,
    officer: str | None = None,
    pathway: str | None = None,
    region: str | None = None,
) -> MeasureFilters:
    """The filters from what a user types: a team's, an establishment's and a region's code,
    an officer's user name, a pathway's code. Refuses an unknown one naming its field, and a
    period that ends before it starts."""
    require(actor, Permission.VIEW_MEASURES)
    problems: list[FieldProblem] = []
    narrowing: dict[str, object] = {}
    with uow:
        # Each code given, its lookup and every place of its kind (for the codes there are).
        places: tuple[tuple[str, str | None, Callable[[str], Any], Callable[[], Any]], ...] = (
            ("team", team, uow.staff.team_by_code, uow.staff.teams),
            (
                "establishment",
                establishment,
                uow.staff.establishment_by_code,
                uow.staff.establishments,
            ),
            ("region", region, uow.regions.by_code, uow.regions.all),
        )
        for what, code, by_code, every in places:
            if code is None:
                continue
            found = by_code(code.strip().upper())
            if found is None:
                known = (row.code for row in every() if getattr(row, "active", True))
                message = f"No {what} has the code {quoted_code(code)}" + codes_listed(known)
                problems.append(FieldProblem(f"{what}_id", "unknown", message))
            else:
                narrowing[f"{what}_id"] = found.id
        if officer is not None:
            staff = uow.staff.by_username(officer.strip())
            if staff is None:
                problems.append(
                    FieldProblem("officer_id", "unknown", f"No account is called {officer!r}.")
                )
            else:
                narrowing["officer_id"] = staff.id
    if pathway is not None:
        if pathway not in {p.value for p in Pathway}:
            problems.append(
                FieldProblem(
                    "pathway",
                    "unknown",
                    f"No pathway has the code {pathway!r} (the pathways are "
                    + ", ".join(p.value for p in Pathway)
                    + ").",
                )
            )
        else:
            narrowing["pathway"] = pathway
    if problems:
        raise ValidationFailed(problems)
    return MeasureFilters.for_period(today, period_from, period_to, **narrowing)


def measure_figures(
    actor: Actor, uow: UnitOfWork, filters: MeasureFilters, today: dt.date | None = None
) -> tuple[Figure, ...]:
    """Every measure's figure (grouped measures: one per band or officer)."""
    require(actor, Permission.VIEW_MEASURES)
    day = today or clock.today()
    with uow:
        bring_readiness_to(uow, day)
        figures = uow.measures.figures(_reach(actor, uow), filters, day)
        uow.commit()  # the readiness day, when it moved
        return tuple(figures)


def measure_people(
    actor: Actor,
    uow: UnitOfWork,
    key: str,
    part: Part,
    filters: MeasureFilters,
    today: dt.date | None = None,
) -> tuple[MeasurePerson, ...]:
    """The people behind one part of a figure (``key``: a measure's code, or ``code:group``
    for a band or an officer), audited as one consultation."""
    require(actor, Permission.VIEW_MEASURES)
    shown = validate(CaseloadFigure, {"key": key, "part": part, "filters": filters})
    shown.check()  # an unknown measure or group, a part the measure has not
    found, group = shown.measure, shown.group
    day = today or clock.today()
    with uow:
        bring_readiness_to(uow, day)
        people = uow.measures.people(_reach(actor, uow), filters, day, found, part, group)
        # On screen: a full disk or a read-only database shows the list, the consultation
        # logged instead (codes and counts). The ``--with-people`` report stays strict.
        write_unless_unwritable(
            uow,
            lambda: record_listing(uow, actor, shown, len(people)),
            AuditAction.MEASURE_PEOPLE_LISTED.value,
            "account %s listed the %s people behind %s (%s)",
            actor.id,
            len(people),
            shown.key,
            part.value,
        )
        return tuple(people)


def measure_people_all(
    actor: Actor, uow: UnitOfWork, filters: MeasureFilters, today: dt.date | None = None
) -> tuple[tuple[Figure, dict[Part, tuple[MeasurePerson, ...]]], ...]:
    """Every figure with the people behind each of its parts, in one unit of work (the
    ``--with-people`` report), audited as one consultation per figure and part."""
    require(actor, Permission.VIEW_MEASURES)
    day = today or clock.today()
    with uow:
        bring_readiness_to(uow, day)
        scope = _reach(actor, uow)
        result: list[tuple[Figure, dict[Part, tuple[MeasurePerson, ...]]]] = []
        for figure, lists in uow.measures.figures_with_people(scope, filters, day):
            parts = {part: tuple(listed) for part, listed in lists.items()}
            for part, listed in parts.items():
                shown = CaseloadFigure(key=figure.key, part=part, filters=filters)
                record_listing(uow, actor, shown, len(listed))
            result.append((figure, parts))
        uow.commit()
        return tuple(result)


def measure_trends(
    actor: Actor, uow: UnitOfWork, filters: MeasureFilters, today: dt.date | None = None
) -> dict[str, tuple[TrendPoint, ...]]:
    """Each outcome measure by release month over the 12 months to today."""
    require(actor, Permission.VIEW_MEASURES)
    day = today or clock.today()
    with uow:
        scope = _reach(actor, uow)
        return {
            definition.code: tuple(uow.measures.trend(scope, filters, day, definition))
            for definition in MEASURES
            if definition.kind is MeasureKind.OUTCOME
        }


def measure_dashboard(
    actor: Actor, uow: UnitOfWork, filters: MeasureFilters, today: dt.date | None = None
) -> tuple[tuple[Figure, ...], dict[str, tuple[TrendPoint, ...]], dict[str, tuple[Figure, ...]]]:
    """What the dashboard shows at once: :func:`measure_figures`, :func:`measure_trends`
    and each outcome measure's figure split by answer (its stacked bar by category: each
    answer's figure has the key ``code:answer``, its people are :func:`measure_people` of
    that key and ``Part.COHORT``), in one unit of work, each outcome measure's three read by
    one statement (counts only: not audited, like the figures)."""
    require(actor, Permission.VIEW_MEASURES)
    day = today or clock.today()
    with uow:
        bring_readiness_to(uow, day)
        figures, trends, answers = uow.measures.figures_and_trends(_reach(actor, uow), filters, day)
        uow.commit()  # the readiness day, when it moved
        return (
            tuple(figures),
            {code: tuple(points) for code, points in trends.items()},
            {code: tuple(split) for code, split in answers.items()},
        )


def record_listing(uow: UnitOfWork, actor: Actor, figure: CaseloadFigure, people: int) -> None:
    """One consultation of the people behind a figure's part (on screen, in the caseload or
    with ``report kpis --with-people``): its codes, the filters and how many were listed."""
    audit.record(
        uow,
        actor,
        AuditAction.MEASURE_PEOPLE_LISTED,
        None,
        person_id=None,
        **figure.audit_details(),
        people=people,
    )


class DashboardChoices(BaseModel):
    """What the dashboard's filters offer: the teams, establishments and responsible
    officers of the people the account reaches, and the regions holding those teams and
    establishments, each as (id, name)."""

    model_config = ConfigDict(frozen=True)

    teams: tuple[tuple[int, str], ...]
    establishments: tuple[tuple[int, str], ...]
    officers: tuple[tuple[int, str], ...]
    regions: tuple[tuple[int, str], ...] = ()
    #: (officer id, team id) for each team each offered officer is in.
    officer_teams: tuple[tuple[int, int], ...] = ()


def dashboard_choices(actor: Actor, uow: UnitOfWork) -> DashboardChoices:
    """The filters' choices, scoped like the figures (a read of names: not audited)."""
    require(actor, Permission.VIEW_MEASURES)
    with uow:
        teams, establishments, officers = uow.measures.places_reached(_reach(actor, uow))
        held = uow.regions.holding({t for t, _ in teams}, {e for e, _ in establishments})
        regions = sorted(
            ((r.id, r.name) for r in uow.regions.all() if r.id in held), key=lambda r: r[1]
        )
        return DashboardChoices(
            teams=tuple(teams),
            establishments=tuple(establishments),
            officers=tuple(officers),
            regions=tuple(regions),
            officer_teams=tuple(uow.measures.officer_teams([o for o, _ in officers])),
        )


def _reach(actor: Actor, uow: UnitOfWork) -> AccessScope:
    """Whom the figures count: the people reached through the roles that see the measures."""
    return scope_for(actor, uow, Permission.VIEW_MEASURES)


def _exporting(actor: Actor, uow: UnitOfWork) -> AccessScope:
    """Whom an export lists: reached through the roles that see the measures and export."""
    return scope_for(actor, uow, Permission.VIEW_MEASURES, Permission.EXPORT_CASELOAD)
