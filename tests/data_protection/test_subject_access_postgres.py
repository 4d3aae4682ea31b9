"""The subject access export as a manager's own PostgreSQL login (row-level security on):
it reads the person's rows and the audit's who-did-what, and a person outside the manager's
reach is refused as missing.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from resettle.domain.access import OutOfScope
from resettle.domain.staff import Role
from resettle.domain.subject_access import Period
from resettle.services.subject_access.export import export_subject_access
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage.database import open_database
from tests.accounts import TEST_PASSWORD
from tests.databases import PostgresServer
from tests.storage.secured_postgres import Secured, secured_database, username_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        yield database


@pytest.fixture
def manager(secured: Secured) -> Iterator[Workspace]:
    workspace = signed_in_workspace(
        open_database(secured.url, migrate=False), username_of(Role.MANAGER), TEST_PASSWORD
    )
    yield workspace
    workspace.close()


def test_a_manager_login_exports_a_person_it_reaches(manager: Workspace) -> None:
    manager.run(export_subject_access, "R0001AA", Period())
    content = json.loads(manager.run(export_subject_access, "R0001AA", Period()).json_text)[
        "content"
    ]
    assert content["profile"]["aliases"] == [{"name": "Alias 1"}]
    assert [note["text"] for note in content["notes"]] == ["note"]
    (earlier,) = content["audit"]
    assert earlier["action"] == "subject_access.exported"
    assert earlier["by"] == "Manager, HMP Home, My team"


def test_a_manager_login_cannot_export_a_person_out_of_reach(manager: Workspace) -> None:
    with pytest.raises(OutOfScope):
        manager.run(export_subject_access, "R0002AA", Period())
