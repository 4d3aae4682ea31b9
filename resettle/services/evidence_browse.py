"""Reading the evidence pack in use, for the evidence browser.

The pack is reference data (published studies and practice guidance, no personal data), so
every signed-in user may read it; only administrators may import a new one
(``evidence_pack.import_evidence_pack``).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.staff import Actor
from resettle.evidence import EvidencePack
from resettle.services.evidence_pack import PackStatus, active_pack
from resettle.services.unit_of_work import UnitOfWork


class EvidenceCatalogue(BaseModel):
    """The pack in use (frozen) and what the app knows about it (version, hash, fall-back)."""

    model_config = ConfigDict(frozen=True)

    pack: EvidencePack
    status: PackStatus


def browse_evidence(actor: Actor, uow: UnitOfWork) -> EvidenceCatalogue:
    """The active pack: the newest valid import, else the one shipped with Resettle."""
    with uow:
        loaded, problems = active_pack(uow)
        return EvidenceCatalogue(
            pack=loaded.pack,
            status=PackStatus(
                metadata=loaded.metadata,
                problems=tuple(f"{p.location}: {p.message}" for p in problems),
            ),
        )
