from __future__ import annotations

import json

from resettle.domain.staff import Actor, Role
from resettle.evidence import load_embedded_pack
from resettle.services.evidence_browse import browse_evidence
from resettle.services.evidence_pack import import_evidence_pack
from resettle.services.workspace import Workspace
from resettle.storage.tables.evidence_packs import EvidencePackRow


def _newer_pack(version: str = "1.3.0") -> bytes:
    data = json.loads(load_embedded_pack().raw)
    data["pack_version"] = version
    data["changelog"].append(
        {"version": version, "date": "2026-12-01", "changes": ["Test release."]}
    )
    return json.dumps(data).encode()


def _admin(workspace: Workspace) -> Actor:
    return Actor(id=workspace.actor.id, username="admin", display_name="Admin", role=Role.ADMIN)


def test_the_embedded_pack_is_read_by_any_user(workspace: Workspace) -> None:
    catalogue = browse_evidence(workspace.actor, workspace.uow())
    embedded = load_embedded_pack()
    assert catalogue.pack.pack_version == embedded.version
    assert catalogue.status.metadata.sha256 == embedded.sha256
    assert not catalogue.status.fell_back
    assert len(catalogue.pack.interventions) == catalogue.status.metadata.intervention_count


def test_an_imported_pack_is_the_one_browsed(workspace: Workspace) -> None:
    import_evidence_pack(_admin(workspace), workspace.uow(), _newer_pack())
    catalogue = browse_evidence(workspace.actor, workspace.uow())
    assert catalogue.pack.pack_version == "1.3.0"
    assert catalogue.status.metadata.pack_version == "1.3.0"


def test_a_stored_pack_that_no_longer_loads_falls_back_and_says_why(
    workspace: Workspace,
) -> None:
    with workspace.uow() as uow:
        uow.plans.add(
            EvidencePackRow(
                pack_version="9.0.0",
                sha256="0" * 64,
                content=b"{not json",
                imported_by="Admin",
            )
        )
        uow.commit()
    catalogue = browse_evidence(workspace.actor, workspace.uow())
    assert catalogue.pack.pack_version == load_embedded_pack().version
    assert catalogue.status.fell_back
    assert any("invalid JSON" in problem for problem in catalogue.status.problems)
