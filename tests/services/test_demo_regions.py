"""The demo's regions: its teams and prisons in probation regions, ``demo.manager`` reaching
everyone as before, and ``demo.regional`` exactly the people of its region's teams and
prisons."""

from __future__ import annotations

from sqlalchemy import or_, select

from resettle.domain.caseload import CaseloadQuery
from resettle.services.caseload import count_caseload
from resettle.services.demo.loader import DEMO_PASSWORD, start_demo_database
from resettle.services.demo.vocabulary import DEMO_REGION, REGIONS
from resettle.services.workspace import open_settings_database, signed_in_workspace
from resettle.settings import Settings
from resettle.storage.tables.people import PersonRow
from tests.factories import TODAY


def test_the_regional_demo_manager_reaches_its_regions_people(settings: Settings) -> None:
    database = open_settings_database(settings)
    try:
        start_demo_database(database.uow(), 60, seed=2, today=TODAY)
        with database.uow() as uow:
            regions = {r.code: r.id for r in uow.regions.all()}
            assert sorted(regions) == sorted(code for code, *_ in REGIONS)
            region = regions[DEMO_REGION]
            teams = [t.id for t in uow.staff.teams() if t.region_id == region]
            prisons = [e.id for e in uow.staff.establishments() if e.region_id == region]
            assert teams and prisons
            # Open cases placed in the region's teams or prisons (the demo restricts nobody).
            in_region = len(
                uow.session.scalars(
                    select(PersonRow.id).where(
                        or_(PersonRow.team_id.in_(teams), PersonRow.establishment_id.in_(prisons)),
                        PersonRow.case_closed.is_(False),
                    )
                ).all()
            )
        regional = signed_in_workspace(database, "demo.regional", DEMO_PASSWORD)
        manager = signed_in_workspace(database, "demo.manager", DEMO_PASSWORD)
        everyone = count_caseload(manager.actor, manager.uow(), CaseloadQuery())
        reached = count_caseload(regional.actor, regional.uow(), CaseloadQuery())
        assert 0 < reached < everyone
        assert reached == in_region
        regional.close()
        manager.close()
    finally:
        database.close()
