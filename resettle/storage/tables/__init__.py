"""The table modules. Each is imported when first used (start-up stays quick); Alembic and
the migration tests call :func:`import_all` so ``Base.metadata`` holds every table."""

from __future__ import annotations

import importlib
from typing import Any

_MODULE_OF = {
    "AcceptedRecommendationRow": "plans",
    "AllocationRow": "cases",
    "CaseClosureRow": "cases",
    "AuditEntryRow": "audit",
    "CaseNoteRow": "notes",
    "CatalogueEntryRow": "needs",
    "EssentialRow": "essentials",
    "EstablishmentRow": "staff",
    "EvidencePackRow": "evidence_packs",
    "MetaRow": "meta",
    "PathwayNeedRow": "needs",
    "PersonAliasRow": "people",
    "PersonFlagRow": "risk",
    "PersonRow": "people",
    "PlanActionRow": "plans",
    "PlanVersionRow": "plans",
    "ProviderRow": "aftercare",
    "RecordPartRevisionRow": "revisions",
    "RecordedScoreRow": "risk",
    "ReferralHistoryRow": "aftercare",
    "ReferralRow": "aftercare",
    "RiskProfileRow": "risk",
    "RoshRow": "risk",
    "StaffRow": "staff",
    "SupportNeedHistoryRow": "needs",
    "SupportNeedRow": "needs",
}


def import_all() -> None:
    for module in sorted(set(_MODULE_OF.values())):
        importlib.import_module(f"{__name__}.{module}")


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = sorted(_MODULE_OF)
