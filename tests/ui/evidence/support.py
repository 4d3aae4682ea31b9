"""Helpers for the evidence screen tests."""

from __future__ import annotations

import json

from resettle.domain.staff import Role
from resettle.evidence import load_embedded_pack
from resettle.services.workspace import Workspace
from tests.accounts import workspace_as


def as_role(workspace: Workspace, role: Role) -> Workspace:
    """The same database, signed in with another role."""
    return workspace_as(workspace, role)


def newer_pack(version: str = "1.9.0") -> bytes:
    data = json.loads(load_embedded_pack().raw)
    data["pack_version"] = version
    data["changelog"].append(
        {"version": version, "date": "2026-12-01", "changes": ["Test release."]}
    )
    return json.dumps(data).encode()
