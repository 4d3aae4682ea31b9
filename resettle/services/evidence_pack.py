"""The evidence pack in use: the newest valid imported pack, else the one shipped with Resettle.

A stored pack that no longer validates is not used: the app keeps running on the last good
pack and says why (``PackStatus.problems``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.audit_actions import AuditAction
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.evidence import (
    LoadedPack,
    PackMetadata,
    PackProblem,
    check_import,
    load_embedded_pack,
    load_pack_with_fallback,
)
from resettle.evidence.semver import parse_version
from resettle.services import audit
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.evidence_packs import EvidencePackRow

_cache: dict[str, tuple[LoadedPack, tuple[PackProblem, ...]]] = {}


class PackStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    metadata: PackMetadata
    problems: tuple[str, ...] = ()

    @property
    def fell_back(self) -> bool:
        return bool(self.problems)


def active_pack(uow: UnitOfWork) -> tuple[LoadedPack, tuple[PackProblem, ...]]:
    """Call inside an open unit of work. Parsed packs are cached by their hash."""
    stored = uow.plans.evidence_packs()
    newest = max(stored, key=lambda row: parse_version(row.pack_version), default=None)
    if newest is None:
        return load_embedded_pack(), ()
    if newest.sha256 not in _cache:
        loaded, problems = load_pack_with_fallback(newest.content, load_embedded_pack())
        _cache[newest.sha256] = (loaded, tuple(problems))
    return _cache[newest.sha256]


def load_pack_status(uow: UnitOfWork) -> PackStatus:
    """Internal loader: the pack in use and why it fell back, if it did."""
    loaded, problems = active_pack(uow)
    return PackStatus(
        metadata=loaded.metadata,
        problems=tuple(f"{p.location}: {p.message}" for p in problems),
    )


def pack_status(actor: Actor, uow: UnitOfWork) -> PackStatus:
    with uow:
        return load_pack_status(uow)


def import_evidence_pack(actor: Actor, uow: UnitOfWork, data: bytes) -> PackMetadata:
    """Validate a pack file first; refuse an older or equal version; record the import."""
    require(actor, Permission.MANAGE_EVIDENCE)
    with uow:
        current, _problems = active_pack(uow)
        candidate = check_import(current, data)
        row = EvidencePackRow(
            pack_version=candidate.version,
            sha256=candidate.sha256,
            content=candidate.raw,
            imported_by=actor.display_name,
        )
        uow.plans.add(row)
        audit.record(
            uow,
            actor,
            AuditAction.EVIDENCE_PACK_IMPORTED,
            row.id,
            person_id=None,
            version=candidate.version,
            previous=current.version,
            sha256=candidate.sha256,
        )
        uow.commit()
        return candidate.metadata
