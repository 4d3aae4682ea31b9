"""Signing in on PostgreSQL with logins (``resettle db setup-roles``): the app connects as the
signed-in person's own login, and whole user actions work under row-level security.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server whose non-superuser
logins authenticate by password (``scripts/postgres.sh`` sets one up so).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import make_url

from resettle.domain.caseload import CaseloadQuery
from resettle.domain.staff import Actor, Role
from resettle.services import authentication
from resettle.services.authentication import SignInRefused
from resettle.services.case_record.needs import save_pathway_need
from resettle.services.case_record.read import open_case_record
from resettle.services.caseload import list_caseload
from resettle.services.database_logins import set_login_password, setup_roles
from resettle.services.demo_marker import is_demo_database
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage.database import Database, open_database
from resettle.storage.errors import OwnerMustUpgrade
from resettle.storage.postgres_access import login_name
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer
from tests.factories import another_person

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
GATE_PASSWORD = "gate-keeper-password-9"


@dataclass
class Shared:
    owner_url: str
    gate_url: str
    prefix: str
    mine: int
    theirs: int


def _actor(database: Database, username: str) -> Actor:
    with database.uow() as uow:
        row = uow.staff.by_username(username)
        assert row is not None
        return authentication.actor_of(uow, row)


@pytest.fixture
def shared(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Shared]:
    """Two teams' officers, prison staff at the home establishment, one person on each team
    (mine held at home, theirs elsewhere), and roles set up."""
    name = postgres_server.create("resettle_login", postgres_template)
    url = postgres_server.url(name)
    database = open_database(url)
    try:
        with database.uow() as uow:
            home = uow.staff.add_establishment(EstablishmentRow(code="HOM", name="HMP Home")).id
            away = uow.staff.add_establishment(EstablishmentRow(code="AWY", name="HMP Away")).id
            other_team = uow.staff.add_team("OTHER", "Other team").id
            uow.commit()
        seed_account(database, "app.officer")
        seed_account(database, "app.colleague", team_id=other_team)
        seed_account(database, "app.prison", (Role.PRISON_STAFF,), establishment_id=home)
        mine = register_person(
            _actor(database, "app.officer"),
            database.uow(),
            another_person(1, establishment_id=home),
        ).id
        theirs = register_person(
            _actor(database, "app.colleague"),
            database.uow(),
            another_person(2, establishment_id=away),
        ).id
        done = setup_roles(database.uow(), GATE_PASSWORD)
        with database.uow() as uow:
            for username in done.needing_reset:
                row = uow.staff.by_username(username)
                assert row is not None
                set_login_password(uow, row.id, TEST_PASSWORD)
            uow.commit()
        gate = make_url(url).set(username=f"{done.prefix}_gate", password=GATE_PASSWORD)
        yield Shared(url, gate.render_as_string(hide_password=False), done.prefix, mine, theirs)
    finally:
        database.close()
        postgres_server.drop(name)


def _sign_in(url: str, username: str, password: str = TEST_PASSWORD) -> Workspace:
    database = open_database(url)
    try:
        return signed_in_workspace(database, username, password)
    except Exception:
        database.close()
        raise


def test_an_officer_signs_in_through_the_gate_and_works_as_their_own_login(
    shared: Shared,
) -> None:
    gate = open_database(shared.gate_url)
    assert authentication.has_accounts(gate.uow())
    assert not is_demo_database(gate.uow())
    workspace = signed_in_workspace(gate, "app.officer", TEST_PASSWORD)
    try:
        assert workspace.database.url.username == login_name(shared.prefix, "app.officer")
        page = workspace.run(list_caseload, CaseloadQuery())
        assert [row.id for row in page.rows] == [shared.mine]
        record = workspace.run(open_case_record, shared.mine)
        revision = record.revision("needs")
        new = workspace.run(
            save_pathway_need,
            shared.mine,
            revision,
            {"pathway": "accommodation", "status": "support_required", "severity": "high"},
        )
        assert new == revision + 1
    finally:
        workspace.close()


def test_prison_staff_see_only_their_establishments_people(shared: Shared) -> None:
    workspace = _sign_in(shared.owner_url, "app.prison")
    try:
        page = workspace.run(list_caseload, CaseloadQuery())
        assert [row.id for row in page.rows] == [shared.mine]
    finally:
        workspace.close()


def test_a_wrong_password_is_refused_counted_and_audited(shared: Shared) -> None:
    with pytest.raises(SignInRefused) as refused:
        _sign_in(shared.gate_url, "app.officer", "not-the-password-at-all")
    assert "not-the-password" not in str(refused.value)
    owner = open_database(shared.owner_url)
    try:
        with owner.uow() as uow:
            row = uow.staff.by_username("app.officer")
            assert row is not None and row.failed_sign_ins == 1
            assert uow.audit.count("account.sign_in_failed") == 1
    finally:
        owner.close()


def test_a_locked_account_is_refused_before_trying(shared: Shared) -> None:
    owner = open_database(shared.owner_url)
    try:
        with owner.uow() as uow:
            row = uow.staff.by_username("app.officer")
            assert row is not None
            row.locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
            uow.commit()
    finally:
        owner.close()
    with pytest.raises(SignInRefused):
        _sign_in(shared.gate_url, "app.officer")


def test_the_gate_does_not_upgrade_a_database_that_is_behind(shared: Shared) -> None:
    owner = open_database(shared.owner_url)
    try:
        with owner.engine.begin() as connection:
            connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0011'")
    finally:
        owner.close()
    with pytest.raises(OwnerMustUpgrade, match="needs upgrading by its owner: resettle db upgrade"):
        open_database(shared.gate_url)


def test_unlocking_and_changing_the_password_as_the_login(shared: Shared) -> None:
    workspace = _sign_in(shared.gate_url, "app.officer")
    try:
        assert workspace.run(authentication.check_password, TEST_PASSWORD)
        assert not workspace.run(authentication.check_password, "wrong-password-here")
        new = "copper-meadow-violin-77"
        workspace.run(authentication.change_password, TEST_PASSWORD, new)
    finally:
        workspace.close()
    _sign_in(shared.gate_url, "app.officer", new).close()
    with pytest.raises(SignInRefused):
        _sign_in(shared.gate_url, "app.officer", TEST_PASSWORD)
