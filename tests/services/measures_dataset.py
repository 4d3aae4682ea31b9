"""A small caseload whose every measure was counted by hand (``test_measures.py``).

Today is 23 Nov 2026; the default period is 24 Nov 2025 to 23 Nov 2026. People are
registered through the service, then their release, officer, closure and after-release facts
are written straight into the tables, as the services of other parts would have.

    P1  released 1 May 2026   drugs need; first night settled, 6 weeks employed, 3 months
        settled, 6 months self-employed; treatment started 15 May (14 days); plan agreed
        10 Apr, issued 17 Apr 23:30 UTC (14 days before), with an action overdue; first
        aftercare appointment 5 May attended; referred 1 Mar, completed 20 Apr
    P2  released 10 May 2026  drugs need; rough sleeping, unemployed, other housed,
        unavailable for work; treatment started 10 Jun (31 days); plan agreed 5 May (late);
        aftercare 8 May attended (before release: not counted), 12 May did not attend;
        deselected 1 Feb, then corrected
    P3  released 1 Jun 2026   drugs need; unknown, education or training, unknown, unknown;
        treatment unknown; aftercare appointment 5 Dec (not yet); deselected 3 Mar
    P4  released 15 Jun 2026  drugs need; nothing recorded; an essential open with no date;
        the first night's check due 16 Jun (overdue)
    P5  released 20 Oct 2026  first night homeless, corrected to approved premises or CAS
    P6  released today        first night not yet due; no plan: readiness 0
    P7  released 10 Jan 2025  (before the period) first night settled; the 6-week check due
        21 Feb 2025 never recorded (overdue)
    P8  released 1 Apr 2026   a first-night check of an earlier release date (1 Mar), so
        this release's first night is due 2 Apr (overdue); no responsible officer
    P9  due 1 Dec 2026        plan with an action due 14 days before release (overdue) and
        one due 20 Dec; a critical essential due 20 Nov (past due): readiness urgent
    P10 due 12 Jan 2027       a colleague's; plan v1 (agreed) with an overdue action, v2 with
        it done; an essential (not critical) due 10 Dec: readiness on track
    P11 released 1 Jul 2026   closed case (no check is due of a closed case); first night
        settled; referred 1 Mar
    P12 released 1 May 2026   another team's; first night settled
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from resettle.domain import clock
from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.settings import resolve_settings
from resettle.storage.tables.aftercare import ProviderRow, ReferralHistoryRow, ReferralRow
from resettle.storage.tables.essentials import EssentialRow
from resettle.storage.tables.needs import PathwayNeedRow
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import ProgrammeRow
from tests.accounts import seed_account, signed_in_test_officer
from tests.databases import BuiltTemplate, built_template, copy_of_built
from tests.factories import another_person

TODAY = dt.date(2026, 11, 23)
D = dt.date


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), dt.UTC)


RELEASES = {
    1: D(2026, 5, 1),
    2: D(2026, 5, 10),
    3: D(2026, 6, 1),
    4: D(2026, 6, 15),
    5: D(2026, 10, 20),
    6: TODAY,
    7: D(2025, 1, 10),
    8: D(2026, 4, 1),
    9: D(2026, 12, 1),
    10: D(2027, 1, 12),
    11: D(2026, 7, 1),
    12: D(2026, 5, 1),
}


@dataclass
class Dataset:
    ids: dict[int, int]  # P-number -> person id
    officer_id: int
    colleague_id: int
    other_officer_id: int
    team_id: int
    other_team_id: int

    def numbers(self, person_ids: set[int] | list[int]) -> set[int]:
        """P-numbers of person ids."""
        back = {pid: n for n, pid in self.ids.items()}
        return {back[pid] for pid in person_ids}


def build(workspace: Workspace) -> Dataset:
    database = workspace.database
    with database.uow() as uow:
        other_team = uow.staff.add_team("OTHER", "Other team")
        uow.commit()
        other_team_id = other_team.id
    colleague_id = seed_account(database, "test.colleague")
    other_officer_id = seed_account(database, "other.officer", team_id=other_team_id)
    ids: dict[int, int] = {}
    for n, release in RELEASES.items():
        detail = register_person(
            workspace.actor,
            workspace.uow(),
            another_person(
                n,
                release_date=release,
                licence_end_date=release + dt.timedelta(days=700),
                given_name=f"Person{n}",
                family_name="Example",
            ),
        )
        ids[n] = detail.id
    with database.uow() as uow:
        s = uow.session
        people = {n: s.get(PersonRow, pid) for n, pid in ids.items()}
        team_id = people[1].team_id
        for person in people.values():
            person.responsible_officer_id = workspace.actor.id
        people[8].responsible_officer_id = None
        people[10].responsible_officer_id = colleague_id
        people[11].case_closed = True
        people[12].team_id = other_team_id
        people[12].responsible_officer_id = other_officer_id
        for person in people.values():  # the counters the essentials service keeps
            person.open_critical_essentials = person.open_other_essentials = 0
        people[4].open_critical_essentials = people[9].open_critical_essentials = 1
        people[10].open_other_essentials = 1
        # people.outcome_check_due_on follows the release dates, needs and checks written
        # here (``repositories/outcome_check_keys.py``), as it does for every service.
        s.flush()
        for n, status in _NEEDS.items():
            _set_need(s, ids[n], status)
        _checks(s, ids)
        _plans(s, ids)
        _essentials(s, ids)
        _aftercare(s, ids)
        _programmes(s, ids)
        uow.commit()
    return Dataset(ids, workspace.actor.id, colleague_id, other_officer_id, team_id, other_team_id)


_NEEDS = {
    1: "support_required",
    2: "in_progress",
    3: "done",
    4: "support_required",
    5: "not_started",
    8: "support_declined",
}


def _set_need(s: object, person_id: int, status: str) -> None:
    from sqlalchemy import select

    row = s.scalars(  # type: ignore[attr-defined]
        select(PathwayNeedRow).where(
            PathwayNeedRow.person_id == person_id, PathwayNeedRow.pathway == "drugs_alcohol"
        )
    ).first()
    if row is None:
        row = PathwayNeedRow(person_id=person_id, pathway="drugs_alcohol", severity="medium")
        s.add(row)  # type: ignore[attr-defined]
    row.status = status


def _check(n: int, ids: dict[int, int], point: str, **answers: object) -> OutcomeCheckRow:
    release = answers.pop("release_date", RELEASES[n])
    assert isinstance(release, dt.date)
    return OutcomeCheckRow(
        person_id=ids[n],
        point=point,
        release_date=release,
        checked_on=TODAY,
        recorded_by="Test Officer",
        recorded_at=at(TODAY),
        **answers,
    )


def _checks(s: object, ids: dict[int, int]) -> None:
    add = s.add  # type: ignore[attr-defined]
    for n, night, week6, month3, month6 in (
        (1, "settled", "employed", "settled", "self_employed"),
        (2, "rough_sleeping", "unemployed", "other_housed", "unavailable"),
        (3, "unknown", "education_training", "unknown", "unknown"),
    ):
        add(_check(n, ids, "first_night", accommodation=night))
        add(_check(n, ids, "week_6", accommodation="settled", employment=week6))
        add(_check(n, ids, "month_3", accommodation=month3, employment="unemployed"))
        add(_check(n, ids, "month_6", accommodation="settled", employment=month6))
    add(_check(1, ids, "treatment", treatment="started", treatment_started_on=D(2026, 5, 15)))
    add(_check(2, ids, "treatment", treatment="started", treatment_started_on=D(2026, 6, 10)))
    add(_check(3, ids, "treatment", treatment="unknown"))
    first = _check(5, ids, "first_night", accommodation="homeless_not_rough_sleeping")
    add(first)
    s.flush()  # type: ignore[attr-defined]
    add(
        _check(5, ids, "first_night", accommodation="approved_premises_cas", supersedes_id=first.id)
    )
    add(_check(7, ids, "first_night", accommodation="settled"))
    add(_check(8, ids, "first_night", accommodation="settled", release_date=D(2026, 3, 1)))
    add(_check(11, ids, "first_night", accommodation="settled"))
    add(_check(12, ids, "first_night", accommodation="settled"))


def _version(person_id: int, version: int, **fields: object) -> PlanVersionRow:
    return PlanVersionRow(person_id=person_id, version=version, created_by="Test Officer", **fields)


def _action(version: PlanVersionRow, position: int, status: str, **due: object) -> None:
    version.actions.append(
        PlanActionRow(
            position=position, pathway="accommodation", what="Do it", status=status, **due
        )
    )


def _plans(s: object, ids: dict[int, int]) -> None:
    add = s.add  # type: ignore[attr-defined]
    p1 = _version(
        ids[1],
        1,
        state="issued",
        agreed_by="Test Officer",
        agreed_at=at(D(2026, 4, 10)),
        issued_by="Test Officer",
        issued_at=at(D(2026, 4, 17), 23, 30),
    )
    _action(p1, 1, "to_do", due_kind="relative", due_offset_days=-7)
    p2 = _version(ids[2], 1, state="agreed", agreed_by="Test Officer", agreed_at=at(D(2026, 5, 5)))
    _action(p2, 1, "done", due_kind="relative", due_offset_days=-7)
    p9 = _version(ids[9], 1, state="draft")
    _action(p9, 1, "in_progress", due_kind="relative", due_offset_days=-14)
    _action(p9, 2, "to_do", due_kind="absolute", due_on=D(2026, 12, 20))
    p10a = _version(ids[10], 1, state="agreed", agreed_by="X", agreed_at=at(D(2026, 10, 1)))
    _action(p10a, 1, "to_do", due_kind="absolute", due_on=D(2026, 11, 1))
    p10b = _version(ids[10], 2, state="draft")
    _action(p10b, 1, "done", due_kind="absolute", due_on=D(2026, 11, 1))
    add(p1), add(p2), add(p9), add(p10a), add(p10b)


def _essentials(s: object, ids: dict[int, int]) -> None:
    add = s.add  # type: ignore[attr-defined]
    add(EssentialRow(person_id=ids[4], kind="id_document", status="to_do"))
    add(
        EssentialRow(person_id=ids[1], kind="id_document", status="done", action_date=D(2026, 4, 1))
    )
    add(
        EssentialRow(
            person_id=ids[9],
            kind="first_night_address",
            status="to_do",
            action_date=D(2026, 11, 20),
        )
    )
    add(
        EssentialRow(
            person_id=ids[10],
            kind="bank_account",
            status="in_progress",
            action_date=D(2026, 12, 10),
        )
    )


def _aftercare(s: object, ids: dict[int, int]) -> None:
    add = s.add  # type: ignore[attr-defined]
    provider = ProviderRow(name="Harbour Housing")
    add(provider)
    s.flush()  # type: ignore[attr-defined]

    def referral(n: int, appointment: dt.date, status: str) -> None:
        row = ReferralRow(
            person_id=ids[n],
            provider_id=provider.id,
            service_type="housing_support",
            referral_date=D(2026, 4, 1),
            appointment_date=appointment,
            status="accepted",
        )
        add(row)
        s.flush()  # type: ignore[attr-defined]
        if status != "accepted":
            add(
                ReferralHistoryRow(
                    referral_id=row.id,
                    changed_by="Test Officer",
                    changed_at=at(appointment),
                    from_status="accepted",
                    to_status=status,
                )
            )
            row.status = "closed" if status == "attended" else status

    referral(1, D(2026, 5, 5), "attended")
    referral(1, D(2026, 5, 20), "did_not_attend")
    referral(2, D(2026, 5, 8), "attended")
    referral(2, D(2026, 5, 12), "did_not_attend")
    referral(3, D(2026, 12, 5), "accepted")
    referral(11, D(2026, 7, 2), "attended")


def _programmes(s: object, ids: dict[int, int]) -> None:
    add = s.add  # type: ignore[attr-defined]
    programme = ProgrammeRow(code="TEST_BB", name="Test programme", position=99, definition={})
    add(programme)
    s.flush()  # type: ignore[attr-defined]

    def moves(n: int, *steps: tuple[str | None, str, dt.date]) -> list[ProgrammeReferralHistoryRow]:
        referral = ProgrammeReferralRow(
            person_id=ids[n],
            programme_id=programme.id,
            status=steps[-1][1],
            status_since=at(steps[-1][2]),
            referred_at=at(steps[0][2]),
        )
        add(referral)
        s.flush()  # type: ignore[attr-defined]
        rows = []
        for before, after, day in steps:
            row = ProgrammeReferralHistoryRow(
                referral_id=referral.id,
                person_id=ids[n],
                from_status=before,
                to_status=after,
                moved_at=at(day),
            )
            add(row)
            s.flush()  # type: ignore[attr-defined]
            rows.append(row)
        return rows

    moves(
        1,
        (None, "submitted", D(2026, 3, 1)),
        ("submitted", "on_programme", D(2026, 3, 10)),
        ("on_programme", "programme_complete", D(2026, 4, 20)),
    )
    p2 = moves(
        2,
        (None, "submitted", D(2025, 10, 1)),
        ("submitted", "on_programme", D(2025, 10, 10)),
        ("on_programme", "deselected", D(2026, 2, 1)),
    )
    add(
        ProgrammeReferralHistoryRow(
            referral_id=p2[0].referral_id,
            person_id=ids[2],
            from_status="deselected",
            to_status="on_programme",
            moved_at=at(D(2026, 2, 2)),
            corrects_id=p2[-1].id,
        )
    )
    moves(
        3,
        (None, "submitted", D(2025, 9, 1)),
        ("submitted", "on_programme", D(2025, 9, 10)),
        ("on_programme", "deselected", D(2026, 3, 3)),
    )
    moves(11, (None, "submitted", D(2026, 3, 1)))


def manager_of(workspace: Workspace, username: str, team_id: int) -> Workspace:
    """A manager of ``team_id`` alone (no establishment)."""
    from tests.accounts import sign_in_as

    seed_account(
        workspace.database,
        username,
        (Role.MANAGER,),
        managed_team_ids=[team_id],
        managed_establishment_ids=[],
    )
    return sign_in_as(workspace.database, username)


class DatasetTemplates:
    """The dataset built once per backend in a session (on first use) into a template database
    that each test using it copies (``dataset_database_url``): building it took a few seconds
    of each of about a hundred tests. Built as the test officer, on the day held at TODAY."""

    def __init__(
        self, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
    ) -> None:
        self._request = request
        self._tmp_path_factory = tmp_path_factory
        self._stack = ExitStack()
        self._built: dict[str, tuple[BuiltTemplate, Dataset]] = {}

    def get(self, backend: str) -> tuple[BuiltTemplate, Dataset]:
        if backend not in self._built:
            found: list[Dataset] = []

            def make(url: str, data_dir: Path) -> None:
                with pytest.MonkeyPatch.context() as held:
                    held.setattr(clock, "_day_source", lambda: TODAY)
                    workspace = signed_in_test_officer(resolve_settings(data_dir, url, None))
                    try:
                        found.append(build(workspace))
                    finally:
                        workspace.close()

            template = self._stack.enter_context(
                built_template(self._request, self._tmp_path_factory, make, backend=backend)
            )
            self._built[backend] = (template, found[0])
        return self._built[backend]

    def close(self) -> None:
        self._stack.close()


def _backend(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def dataset_database_url(
    empty_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """For a module's own ``database_url`` (given the conftest's empty copy): a test that asks
    for ``dataset`` gets a copy of the dataset's template instead."""
    if "dataset" not in request.fixturenames:
        yield empty_url
        return
    templates: DatasetTemplates = request.getfixturevalue("dataset_templates")
    template, _dataset = templates.get(_backend(empty_url))
    yield from copy_of_built(template, request, tmp_path)


def dataset_of(workspace: Workspace, templates: DatasetTemplates) -> Dataset:
    """The dataset in ``workspace``'s copy of the template. Refuses a workspace whose database
    is not such a copy (its people are not the dataset's), which would make every count 0."""
    backend = "sqlite" if workspace.database.is_sqlite else "postgresql"
    found = templates.get(backend)[1]
    with workspace.database.uow() as uow:
        if uow.session.get(PersonRow, found.ids[1]) is None:
            raise AssertionError(
                "This test's database is not a copy of the dataset: ask for the fixture "
                "`dataset` through tests/services/conftest.py's `database_url`."
            )
    return found
