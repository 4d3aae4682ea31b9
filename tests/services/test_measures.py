"""The measures on a hand-counted caseload (``measures_dataset.py``), figure and people
agreeing for every figure, scope, permissions, audit and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.measure_figures import Figure, MeasureFilters, Part
from resettle.domain.measures import MEASURES
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.measures import (
    measure_dashboard,
    measure_figures,
    measure_people,
    measure_people_all,
    measure_trends,
)
from resettle.services.workspace import Workspace
from tests.accounts import load_demo_for, workspace_as
from tests.services.measures_dataset import (
    TODAY,
    Dataset,
    manager_of,
)


def filters(**narrowing: object) -> MeasureFilters:
    return MeasureFilters.for_period(TODAY, **narrowing)  # type: ignore[arg-type]


def by_key(figures: tuple[Figure, ...]) -> dict[str, Figure]:
    return {figure.key: figure for figure in figures}


def counts(figure: Figure) -> tuple[int, int | None, int, int]:
    return figure.numerator, figure.denominator, figure.excluded, figure.not_recorded


def people_of(ws: Workspace, data: Dataset, key: str, part: Part, **narrowing: object) -> set[int]:
    found = measure_people(ws.actor, ws.uow(), key, part, filters(**narrowing))
    return data.numbers([person.id for person in found])


def test_every_figure_matches_the_hand_count(workspace: Workspace, dataset: Dataset) -> None:
    figures = by_key(measure_figures(workspace.actor, workspace.uow(), filters()))
    officer, colleague = dataset.officer_id, dataset.colleague_id
    assert {key: counts(figure) for key, figure in figures.items()} == {
        "MI014": (3, 4, 3, 2),
        "MI015": (1, 2, 4, 3),
        "MI016": (1, 3, 3, 3),
        "MI017": (1, 1, 2, 1),
        "PHOF_C20": (1, 2, 2, 1),
        "releases_last_4_weeks": (1, None, 0, 0),
        "releases_next_2_weeks": (1, None, 0, 0),
        "releases_next_4_weeks": (1, None, 0, 0),
        "releases_next_12_weeks": (2, None, 0, 0),
        "plans_agreed_by_14_days": (1, 7, 0, 0),
        "plans_issued_by_14_days": (1, 7, 0, 0),
        "readiness:released_no_plan": (1, None, 0, 0),
        "readiness:urgent": (1, None, 0, 0),
        "readiness:at_risk": (0, None, 0, 0),
        "readiness:plan_not_agreed": (0, None, 0, 0),
        "readiness:on_track": (1, None, 0, 0),
        "readiness:ready": (0, None, 0, 0),
        "overdue_plan_actions": (2, None, 0, 0),
        "overdue_essentials": (2, None, 0, 0),
        "aftercare_first_appointments_attended": (1, 2, 0, 0),
        "programme_referrals": (1, None, 0, 0),
        "programme_completions": (1, None, 0, 0),
        "programme_deselections": (1, None, 0, 0),
        f"caseload_per_officer:{officer}": (8, None, 0, 0),
        f"caseload_per_officer:{colleague}": (1, None, 0, 0),
        "caseload_per_officer:none": (1, None, 0, 0),
        "outcome_checks_overdue": (3, None, 0, 0),
        # 17 weeks from Mon 26 Oct: P6 (today, week 4), P9 (1 Dec, week 5), P10 (12 Jan,
        # week 11); P5 (20 Oct) is before the first week, P11's case is closed
        **{f"releases_by_week:{n}": (int(n in (4, 5, 11)), None, 0, 0) for n in range(17)},
    }
    assert figures["releases_by_week:0"].group_label == "w/c 26 Oct"
    assert figures["releases_by_week:4"].group_label == "w/c 23 Nov (this week)"
    assert figures[f"caseload_per_officer:{colleague}"].group_label == "Test Colleague"
    assert figures["MI014"].percent == 75.0


def test_the_people_behind_the_figures_are_the_ones_counted_by_hand(
    workspace: Workspace, dataset: Dataset
) -> None:
    def of(key: str, part: Part = Part.NUMERATOR) -> set[int]:
        return people_of(workspace, dataset, key, part)

    assert of("MI014") == {1, 5, 11}  # P5's homeless check was corrected
    assert of("MI014", Part.DENOMINATOR) == {1, 2, 5, 11}
    assert of("MI014", Part.EXCLUDED) == {3, 4, 8}  # P8's check is of an earlier release
    assert of("MI014", Part.NOT_RECORDED) == {4, 8}
    assert of("MI016", Part.DENOMINATOR) == {1, 2, 3}  # education or training: not employed
    assert of("MI017", Part.EXCLUDED) == {2, 8}  # unavailable for work; not recorded
    assert of("PHOF_C20") == {1}
    assert of("PHOF_C20", Part.DENOMINATOR) == {1, 2}  # P2 started after 31 days
    assert of("plans_agreed_by_14_days") == {1}
    assert of("plans_issued_by_14_days") == {1}  # issued 23:30 UTC on the 14th day before
    assert of("plans_agreed_by_14_days", Part.DENOMINATOR) == {1, 2, 3, 4, 5, 6, 8}
    assert of("overdue_plan_actions") == {1, 9}  # P10's latest version has it done
    assert of("overdue_essentials") == {4, 9}
    assert of("aftercare_first_appointments_attended", Part.DENOMINATOR) == {1, 2}
    assert of("programme_deselections") == {3}  # P2's deselection was corrected
    assert of("programme_referrals") == {1}  # P11's case is closed
    assert of("outcome_checks_overdue") == {4, 7, 8}
    assert of("releases_by_week:4") == {6} and of("releases_by_week:11") == {10}
    assert of("MI014", Part.NOT_COUNTED) == {2}  # rough sleeping
    assert of("MI014", Part.UNKNOWN) == {3}
    assert of("readiness:urgent") == {9}
    assert of("caseload_per_officer:none") == {8}


def test_every_count_equals_its_list_of_people(workspace: Workspace, dataset: Dataset) -> None:
    for figure, parts in measure_people_all(workspace.actor, workspace.uow(), filters()):
        for part, people in parts.items():
            assert figure.count(part) == len(people), (figure.key, part)
            assert len({p.id for p in people}) == len(people), (figure.key, part)


def test_every_count_equals_its_list_on_a_generated_caseload(
    workspace: Workspace, held_day: None
) -> None:
    load_demo_for(workspace, 60, seed=3, today=TODAY)
    with workspace.uow() as uow:  # the demo's released people, checked at random
        _random_checks(uow)
        uow.commit()
    checked = 0
    for narrowing in ({}, {"period_from": dt.date(2026, 6, 1), "pathway": "drugs_alcohol"}):
        report = measure_people_all(workspace.actor, workspace.uow(), filters(**narrowing))
        # The report counts its figures from the rows it lists: the dashboard's figures.
        shown = measure_figures(workspace.actor, workspace.uow(), filters(**narrowing))
        assert tuple(figure for figure, _parts in report) == shown
        for figure, parts in report:
            for part, people in parts.items():
                assert figure.count(part) == len(people), (figure.key, part)
                # The report reads every figure at once; one figure's list is read alone:
                # the same people in the same order.
                alone = measure_people(
                    workspace.actor, workspace.uow(), figure.key, part, filters(**narrowing)
                )
                assert [p.id for p in people] == [p.id for p in alone], (figure.key, part)
                assert people == alone
                checked += 1
    assert checked > 40


def _random_checks(uow: object) -> None:
    import random

    from sqlalchemy import select

    from resettle.domain.outcome_checks import Accommodation, CheckPoint, Employment, due_on
    from resettle.storage.tables.outcome_checks import OutcomeCheckRow
    from resettle.storage.tables.people import PersonRow

    session = uow.session  # type: ignore[attr-defined]
    rng = random.Random(5)
    released = session.execute(
        select(PersonRow.id, PersonRow.release_date).where(PersonRow.release_date <= TODAY)
    ).all()
    for person_id, release in released:
        for point in CheckPoint:
            if due_on(point, release) > TODAY or rng.random() < 0.3:
                continue
            answers: dict[str, object] = {}
            if point.asks_accommodation:
                answers["accommodation"] = rng.choice(list(Accommodation)).value
            if point.asks_employment:
                answers["employment"] = rng.choice(list(Employment)).value
            if point.asks_treatment:
                answers["treatment"] = "started"
                answers["treatment_started_on"] = release + dt.timedelta(days=rng.randint(0, 40))
            session.add(
                OutcomeCheckRow(
                    person_id=person_id,
                    point=point.value,
                    release_date=release,
                    checked_on=TODAY,
                    recorded_by="x",
                    **answers,
                )
            )


def test_filters_narrow_every_figure(workspace: Workspace, dataset: Dataset) -> None:
    mine = by_key(
        measure_figures(workspace.actor, workspace.uow(), filters(officer_id=dataset.colleague_id))
    )
    assert mine["releases_next_12_weeks"].numerator == 1  # P10 only
    assert mine["MI014"].denominator == 0
    drugs = by_key(
        measure_figures(workspace.actor, workspace.uow(), filters(pathway="drugs_alcohol"))
    )
    assert counts(drugs["MI014"]) == (1, 2, 2, 1)  # P1, P2, P3, P4
    recent = by_key(
        measure_figures(workspace.actor, workspace.uow(), filters(period_from=dt.date(2026, 6, 1)))
    )
    assert counts(recent["MI014"]) == (2, 2, 2, 1)  # P3, P4, P5, P11
    assert people_of(
        workspace, dataset, "MI014", Part.EXCLUDED, period_from=dt.date(2026, 6, 1)
    ) == {3, 4}


def test_a_manager_never_counts_another_teams_people(
    workspace: Workspace, dataset: Dataset
) -> None:
    ours = manager_of(workspace, "test.team.manager", dataset.team_id)
    theirs = manager_of(workspace, "other.team.manager", dataset.other_team_id)
    ours_figures = by_key(measure_figures(ours.actor, ours.uow(), filters()))
    officer_figures = by_key(measure_figures(workspace.actor, workspace.uow(), filters()))
    assert {k: counts(f) for k, f in ours_figures.items()} == {
        k: counts(f) for k, f in officer_figures.items()
    }
    reached = {dataset.ids[n] for n in dataset.ids if n != 12}
    for figure, parts in measure_people_all(ours.actor, ours.uow(), filters()):
        for part, people in parts.items():
            assert {p.id for p in people} <= reached, (figure.key, part)
    other = by_key(measure_figures(theirs.actor, theirs.uow(), filters()))
    assert counts(other["MI014"]) == (1, 1, 0, 0)
    assert people_of(theirs, dataset, "MI014", Part.NUMERATOR) == {12}
    assert set(other) == {
        *(m.code for m in MEASURES if not m.grouped),
        *(k for k in other if k.startswith(("readiness:", "releases_by_week:"))),
        f"caseload_per_officer:{dataset.other_officer_id}",
    }
    ours.close()
    theirs.close()


def test_the_people_listing_is_audited_with_codes_and_counts(
    workspace: Workspace, dataset: Dataset
) -> None:
    measure_people(workspace.actor, workspace.uow(), "MI014", Part.EXCLUDED, filters())
    with workspace.uow() as uow:
        row = uow.audit.latest(1)[0]
        action, person_id, details = row.action, row.person_id, dict(row.details)
    assert action == "measure.people_listed" and person_id is None
    assert details == {
        "measure": "MI014",
        "group": None,
        "part": "excluded",
        "from_day": "2025-11-24",
        "to_day": "2026-11-23",
        "people": 3,
    }
    # A narrowed list says what narrowed it (a review found only the period in the row).
    narrowed = filters(team_id=7, officer_id=9, pathway="drugs_alcohol")
    measure_people(workspace.actor, workspace.uow(), "MI014", Part.EXCLUDED, narrowed)
    with workspace.uow() as uow:
        details = dict(uow.audit.latest(1)[0].details)
    assert {k: details[k] for k in ("team_id", "officer_id", "pathway")} == {
        "team_id": 7,
        "officer_id": 9,
        "pathway": "drugs_alcohol",
    }
    assert "establishment_id" not in details and details["people"] == 0


def test_prison_staff_and_administrators_may_not_read_the_measures(
    workspace: Workspace, held_day: None
) -> None:
    for role in (Role.PRISON_STAFF, Role.ADMIN, Role.PROGRAMME_TEAM):
        other = workspace_as(workspace, role)
        with pytest.raises(PermissionDenied):
            measure_figures(other.actor, other.uow(), filters())
        with pytest.raises(PermissionDenied):
            measure_people(other.actor, other.uow(), "MI014", Part.NUMERATOR, filters())
        with pytest.raises(PermissionDenied):
            measure_dashboard(other.actor, other.uow(), filters())


def test_bad_input_names_the_field(workspace: Workspace, held_day: None) -> None:
    with pytest.raises(ValidationFailed) as raised:
        MeasureFilters.for_period(TODAY, period_from=dt.date(2026, 12, 1), period_to=TODAY)
    assert raised.value.problems[0].field == "period_from"
    with pytest.raises(ValidationFailed) as unknown:
        measure_people(workspace.actor, workspace.uow(), "MI999", Part.NUMERATOR, filters())
    assert unknown.value.problems[0].field == "measure"
    with pytest.raises(ValidationFailed) as no_part:
        measure_people(
            workspace.actor, workspace.uow(), "releases_next_2_weeks", Part.EXCLUDED, filters()
        )
    assert no_part.value.problems[0].field == "part"
    with pytest.raises(ValidationFailed) as not_grouped:
        measure_people(workspace.actor, workspace.uow(), "MI014:x", Part.NUMERATOR, filters())
    assert not_grouped.value.problems[0].field == "measure"


def test_trends_count_each_release_month(workspace: Workspace, dataset: Dataset) -> None:
    trends = measure_trends(workspace.actor, workspace.uow(), filters())
    mi014 = {point.month: point for point in trends["MI014"]}
    assert [*mi014][::11] == ["2025-12", "2026-11"]
    assert (mi014["2026-05"].numerator, mi014["2026-05"].denominator) == (1, 2)  # P1, P2
    assert mi014["2026-06"].excluded == 2  # P3 unknown, P4 not recorded
    assert (mi014["2026-10"].numerator, mi014["2026-10"].denominator) == (1, 1)  # P5
    assert mi014["2026-11"].denominator == 0  # P6's first night is not due yet
    assert sum(p.numerator for p in mi014.values()) == 3
    assert set(trends) == {"MI014", "MI015", "MI016", "MI017", "PHOF_C20"}


@pytest.mark.parametrize(
    "narrowing",
    [
        {},
        {"period_from": dt.date(2026, 6, 1)},  # the period inside the trend's months
        {"period_from": dt.date(2024, 1, 1), "period_to": dt.date(2025, 6, 30)},  # before them
        {"pathway": "drugs_alcohol"},
    ],
)
def test_the_dashboard_reads_the_figures_and_trends_together_as_each_alone(
    workspace: Workspace, dataset: Dataset, narrowing: dict[str, object]
) -> None:
    """Each outcome measure's figure and trend come from one statement on the dashboard:
    the same as the figures and the trends read apart, whatever the period."""
    chosen = filters(**narrowing)
    figures, trends, _answers = measure_dashboard(workspace.actor, workspace.uow(), chosen)
    assert figures == measure_figures(workspace.actor, workspace.uow(), chosen)
    assert trends == measure_trends(workspace.actor, workspace.uow(), chosen)
    assert by_key(figures)["MI014"].denominator is not None


def test_the_dashboard_matches_on_a_generated_caseload(
    workspace: Workspace, held_day: None
) -> None:
    load_demo_for(workspace, 60, seed=4, today=TODAY)
    with workspace.uow() as uow:
        _random_checks(uow)
        uow.commit()
    for narrowing in ({}, {"period_from": dt.date(2026, 3, 1)}):
        chosen = filters(**narrowing)
        figures, trends, _answers = measure_dashboard(workspace.actor, workspace.uow(), chosen)
        assert figures == measure_figures(workspace.actor, workspace.uow(), chosen)
        assert trends == measure_trends(workspace.actor, workspace.uow(), chosen)
        assert sum(p.denominator for t in trends.values() for p in t) > 0


def test_an_unknown_code_is_told_with_the_codes_there_are() -> None:
    from resettle.domain.known_codes import codes_listed

    assert codes_listed(["B", "A", "A"]) == " (the codes are A, B)."
    assert codes_listed([]) == "."
    many = codes_listed((f"T{n:02d}" for n in range(35)), budget=150)
    assert many.startswith(" (the codes are T00, T01") and many.endswith("T29 and 5 more).")
    long_codes = codes_listed(f"a_long_support_need_code_{n:02d}" for n in range(71))
    assert len(long_codes) < 360 and long_codes.endswith("and 61 more).")
