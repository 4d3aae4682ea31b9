"""The programme catalogue's links to the evidence pack: its criminogenic needs are the
pack's codes (``codes.CriminogenicNeed``), and its intervention ids name interventions in the
pack. Checked when the shipped catalogue is tested and when a programme is added or changed."""

from __future__ import annotations

from resettle.domain.errors import FieldProblem
from resettle.domain.programmes.catalogue import Programme, programme_problems
from resettle.evidence.codes import CriminogenicNeed
from resettle.evidence.schema import EvidencePack

NEED_CODES = frozenset(need.value for need in CriminogenicNeed)


def link_problems(programme: Programme, pack: EvidencePack) -> list[FieldProblem]:
    """Needs that are not the pack's codes, and an intervention the pack does not hold."""
    problems = programme_problems(programme, NEED_CODES)
    wanted = programme.evidence_intervention_id
    if wanted is not None and wanted not in {i.id for i in pack.interventions}:
        problems.append(
            FieldProblem(
                "evidence_intervention_id",
                "unknown_intervention",
                f"Evidence pack intervention: {wanted!r} is not in evidence pack "
                f"{pack.pack_version}",
            )
        )
    return problems
