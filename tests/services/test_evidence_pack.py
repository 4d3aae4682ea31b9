from __future__ import annotations

import json

import pytest

from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.evidence import PackImportRefused, PackInvalid, load_embedded_pack
from resettle.services.evidence_pack import (
    active_pack,
    import_evidence_pack,
    pack_status,
)
from resettle.services.workspace import Workspace
from resettle.storage.tables.evidence_packs import EvidencePackRow


def _admin(workspace: Workspace) -> Actor:
    return Actor(id=workspace.actor.id, username="admin", display_name="Admin", role=Role.ADMIN)


def _bumped(version: str) -> bytes:
    data = json.loads(load_embedded_pack().raw)
    data["pack_version"] = version
    data["changelog"].insert(
        0, {"version": version, "date": data["release_date"], "changes": ["Test import."]}
    )
    return json.dumps(data).encode()


def test_new_database_uses_the_embedded_pack(workspace: Workspace) -> None:
    status = pack_status(workspace.actor, workspace.uow())
    assert status.metadata.pack_version == load_embedded_pack().version
    assert status.metadata.sha256 == load_embedded_pack().sha256
    assert not status.fell_back


def test_admin_imports_a_newer_pack_and_it_is_audited(workspace: Workspace) -> None:
    admin = _admin(workspace)
    metadata = import_evidence_pack(admin, workspace.uow(), _bumped("9.0.0"))
    assert metadata.pack_version == "9.0.0"
    assert pack_status(workspace.actor, workspace.uow()).metadata.pack_version == "9.0.0"
    with workspace.uow() as uow:
        assert uow.audit.count("evidence_pack.imported") == 1
    with pytest.raises(PackImportRefused):
        import_evidence_pack(admin, workspace.uow(), _bumped("9.0.0"))
    with pytest.raises(PackImportRefused):
        import_evidence_pack(admin, workspace.uow(), _bumped("8.0.0"))


def test_officer_cannot_import(workspace: Workspace) -> None:
    with pytest.raises(PermissionDenied):
        import_evidence_pack(workspace.actor, workspace.uow(), _bumped("9.0.0"))


def test_corrupt_pack_lists_problems_and_changes_nothing(workspace: Workspace) -> None:
    admin = _admin(workspace)
    with pytest.raises(PackInvalid) as caught:
        import_evidence_pack(admin, workspace.uow(), b'{"schema_version": 1, "interventions": [')
    assert caught.value.problems
    with workspace.uow() as uow:
        assert uow.plans.evidence_packs() == []
        assert uow.audit.count("evidence_pack.imported") == 0


def test_a_stored_pack_that_no_longer_validates_falls_back(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        uow.plans.add(
            EvidencePackRow(
                pack_version="99.0.0",
                sha256="0" * 64,
                content=b"{not json",
                imported_by="someone",
            )
        )
        uow.commit()
    status = pack_status(workspace.actor, workspace.uow())
    assert status.fell_back and status.problems
    assert status.metadata.pack_version == load_embedded_pack().version
    with workspace.uow() as uow:
        assert active_pack(uow)[0].version == load_embedded_pack().version


def test_a_pack_without_the_persons_words_is_refused_naming_each_and_nothing_is_stored(
    workspace: Workspace,
) -> None:
    """No fallback to the technical name: the person's copy would print it. Every intervention
    and field left out is named, and nothing is imported."""
    data = json.loads(_bumped("9.0.0"))
    for item in data["interventions"][:2]:
        del item["plain_title"]
    del data["interventions"][5]["plain_sentence"]
    with pytest.raises(PackInvalid) as caught:
        import_evidence_pack(_admin(workspace), workspace.uow(), json.dumps(data).encode())
    found = [(p.location, p.code) for p in caught.value.problems]
    assert found == [
        ("interventions[0].plain_title", "missing_field"),
        ("interventions[1].plain_title", "missing_field"),
        ("interventions[5].plain_sentence", "missing_field"),
    ]
    named = data["interventions"][5]["id"]
    assert f"interventions[5].plain_sentence: field required in {named!r}" in str(caught.value)
    with workspace.uow() as uow:
        assert uow.plans.evidence_packs() == []
        assert uow.audit.count("evidence_pack.imported") == 0


def test_a_stored_pack_from_before_the_persons_words_falls_back_saying_why(
    workspace: Workspace,
) -> None:
    """A schema 1 pack imported before an upgrade: the embedded pack is used, and the status
    says the stored one lacks the person's words."""
    old = json.loads(_bumped("99.0.0"))
    old["schema_version"] = 1
    for item in old["interventions"]:
        del item["plain_title"], item["plain_sentence"]
    with workspace.uow() as uow:
        uow.plans.add(
            EvidencePackRow(
                pack_version="99.0.0",
                sha256="1" * 64,
                content=json.dumps(old).encode(),
                imported_by="someone",
            )
        )
        uow.commit()
    status = pack_status(workspace.actor, workspace.uow())
    assert status.fell_back
    assert status.metadata.pack_version == load_embedded_pack().version
    assert len(status.problems) == 1
    assert status.problems[0].startswith("schema_version: schema version 1 is not supported")
    assert "plain_title" in status.problems[0] and "plain_sentence" in status.problems[0]
