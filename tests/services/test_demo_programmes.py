"""Programme delivery in the demo: a programme team account in each establishment that sees
and runs its own establishment's offerings, groups started in the past and running on, their
sessions generated (one of them today), the same for the same day every time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from resettle.domain.staff import Role
from resettle.services import authentication
from resettle.services.demo.loader import DEMO_PASSWORD, start_demo_database
from resettle.services.demo.programmes import OFFERED, PER_ESTABLISHMENT
from resettle.services.demo.vocabulary import ESTABLISHMENTS
from resettle.services.programme_delivery import delivery_overview, delivery_places
from resettle.services.programme_offerings import list_programme_offerings
from resettle.services.programme_sessions import list_group_sessions
from resettle.services.workspace import open_settings_database, signed_in_workspace
from resettle.settings import Settings
from resettle.storage.engine import sqlite_url
from tests.databases import copy_sqlite_template
from tests.factories import TODAY


def _programme_rows(settings: Settings, today: dt.date) -> list[tuple[object, ...]]:
    database = open_settings_database(settings)
    try:
        start_demo_database(database.uow(), 30, seed=4, today=today)
        with database.uow() as uow:
            from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeSessionRow

            groups = uow.session.query(ProgrammeGroupRow).order_by(ProgrammeGroupRow.id).all()
            sessions = uow.session.query(ProgrammeSessionRow).order_by(ProgrammeSessionRow.id)
            return [(g.code, g.starts_on, g.ends_on, g.schedule) for g in groups] + [
                (s.group_id, s.sequence, s.starts_at) for s in sessions
            ]
    finally:
        database.close()


def test_each_establishment_has_a_programme_team_running_groups(settings: Settings) -> None:
    database = open_settings_database(settings)
    try:
        start_demo_database(database.uow(), 30, seed=4, today=TODAY)
        usernames = ["demo.programmes"] + [
            f"programmes.{code.lower()}" for code, _name in ESTABLISHMENTS[1:]
        ]
        for username in usernames:
            signed = authentication.sign_in(database.uow(), username, DEMO_PASSWORD)
            assert signed.actor.roles == {Role.PROGRAMME_TEAM}, username
        team = signed_in_workspace(database, "demo.programmes", DEMO_PASSWORD)
        listing = list_programme_offerings(team.actor, team.uow())
        # Only its own establishment's offerings: four programmes, the first of the list first.
        assert {o.establishment_code for o in listing.offerings} == {ESTABLISHMENTS[0][0]}
        assert [o.programme_code for o in listing.offerings] == list(OFFERED[:PER_ESTABLISHMENT])
        assert all(g.session_count > 0 for g in listing.groups)
        assert any(g.starts_on < TODAY < g.ends_on for g in listing.groups)
        assert any(g.starts_on > TODAY for g in listing.groups)  # one starting soon
        assert all(team.actor.id in g.facilitator_ids for g in listing.groups)
        first = next(g for g in listing.groups if g.code == "BC-HIGH-1")
        days = {s.starts_at.date() for s in list_group_sessions(team.actor, team.uow(), first.id)}
        assert TODAY in days  # Building Choices meets today (a Monday)
        assert min(days) < TODAY < max(days)
        manager = signed_in_workspace(database, "demo.manager", DEMO_PASSWORD)
        everywhere = list_programme_offerings(manager.actor, manager.uow())
        assert len(everywhere.offerings) == PER_ESTABLISHMENT * len(ESTABLISHMENTS)
        assert len({o.programme_code for o in everywhere.offerings}) == len(OFFERED)
        for place in manager.run(delivery_places):  # something on today everywhere
            assert manager.run(delivery_overview, place.id, TODAY).day_sessions, place.code
        team.close()
        manager.close()
    finally:
        database.close()


def test_demo_programmes_are_the_same_for_the_same_day(
    settings: Settings, sqlite_template: Path, tmp_path: Path
) -> None:
    first = _programme_rows(settings, TODAY)
    second_file = copy_sqlite_template(sqlite_template, tmp_path / "b.sqlite3")
    other = Settings(data_dir=tmp_path, database_url=sqlite_url(second_file))
    assert _programme_rows(other, TODAY) == first
    assert len(first) > 100


def test_programmes_with_only_a_least_time_meet_as_often_as_it_allows() -> None:
    """Kaizen (68 + 11 sessions, at least 26 weeks) meets three times a week, Horizon (34, at
    least 26 weeks) and Becoming New Me+ (92, at least 52 weeks) once; Building Choices as
    delivered; a programme with no time to complete once."""
    from resettle.domain.programmes.catalogue_file import shipped_catalogue
    from resettle.services.demo.programmes import slots_a_week

    catalogue = shipped_catalogue()
    assert {
        code: slots_a_week(catalogue.require(code))
        for code in ("KAIZEN", "HORIZON", "BNM-PLUS", "BC-HIGH", "BC-MOD", "BSR")
    } == {"KAIZEN": 3, "HORIZON": 1, "BNM-PLUS": 1, "BC-HIGH": 3, "BC-MOD": 2, "BSR": 1}
    for code in ("KAIZEN", "HORIZON", "BNM-PLUS"):
        programme = catalogue.require(code)
        weeks = programme.weeks_to_complete
        assert weeks is not None
        # As many a week as still takes at least the least time, and no more.
        a_week = slots_a_week(programme)
        sessions = len(programme.session_templates())
        assert sessions / a_week >= weeks.minimum > sessions / (a_week + 1), code


def test_demo_groups_of_the_long_programmes_hold_their_whole_plan(settings: Settings) -> None:
    """Kaizen, Horizon and Becoming New Me+ groups have every session of the catalogue's plan,
    all within the group's dates, and take at least the least time to complete."""
    from resettle.domain.programmes.catalogue import Programme
    from resettle.storage.tables.programmes import (
        ProgrammeGroupRow,
        ProgrammeOfferingRow,
        ProgrammeRow,
        ProgrammeSessionRow,
    )

    database = open_settings_database(settings)
    try:
        start_demo_database(database.uow(), 30, seed=4, today=TODAY)
        seen: set[str] = set()
        with database.uow() as uow:
            rows = (
                uow.session.query(ProgrammeGroupRow, ProgrammeRow)
                .join(
                    ProgrammeOfferingRow, ProgrammeOfferingRow.id == ProgrammeGroupRow.offering_id
                )
                .join(ProgrammeRow, ProgrammeRow.id == ProgrammeOfferingRow.programme_id)
                .filter(ProgrammeRow.code.in_(["KAIZEN", "HORIZON", "BNM-PLUS"]))
                .all()
            )
            for group, programme_row in rows:
                programme = Programme.model_validate(programme_row.definition)
                sessions = (
                    uow.session.query(ProgrammeSessionRow)
                    .filter(ProgrammeSessionRow.group_id == group.id)
                    .order_by(ProgrammeSessionRow.sequence)
                    .all()
                )
                planned = [(s.module_number, s.session_number) for s in sessions]
                assert planned == [
                    (module.number, template.number)
                    for module, template in programme.session_templates()
                ], group.code
                days = [s.starts_at.date() for s in sessions]
                assert group.starts_on <= days[0] and days[-1] <= group.ends_on, group.code
                weeks = programme.weeks_to_complete
                assert weeks is not None
                assert (days[-1] - days[0]).days >= (weeks.minimum - 1) * 7, group.code
                seen.add(programme.code)
        assert seen == {"KAIZEN", "HORIZON", "BNM-PLUS"}
    finally:
        database.close()
