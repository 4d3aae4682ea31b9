"""A justification for tests that print plans (every print takes one)."""

from __future__ import annotations

from resettle.domain.disclosure import DisclosureReason, Justification

FOR_THE_PERSON = DisclosureReason(justification=Justification.PLAN_FOR_PERSON)
TO_MAPPA = DisclosureReason(
    justification=Justification.MAPPA_MEETING, recipient="MAPPA panel", justification_text="L2"
)
