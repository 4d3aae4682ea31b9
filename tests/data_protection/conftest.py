"""Fixtures shared by the subject access tests."""

from __future__ import annotations

import pytest

from resettle.domain.staff import Role
from resettle.services.workspace import Workspace
from tests.accounts import workspace_as
from tests.data_protection.full_person import populate_everything


@pytest.fixture
def recorded(workspace: Workspace) -> Workspace:
    """The workspace with the fully recorded person in it; returns the test manager's."""
    populate_everything(workspace)
    return workspace_as(workspace, Role.MANAGER)
