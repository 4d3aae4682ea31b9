"""The table modules. Alembic and the migration tests call :func:`import_all` so
``Base.metadata`` holds every table; the first unit of work of a process calls
:func:`ready_for_threads`.

Importing them on first use, from whichever thread first needed a table, raced: SQLAlchemy
configures every mapper it knows of when a query first runs, and a worker thread doing that
while another thread was half-way through importing a table module (its classes defined but
a relationship's target not yet) failed with ``InvalidRequestError`` (seen once on the first
start after a fresh demo, when the caseload's rows and count are read at the same time).
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

from sqlalchemy.orm import configure_mappers

_MODULE_OF = {
    "AcceptedRecommendationRow": "plans",
    "AllocationRow": "cases",
    "CaseClosureRow": "cases",
    "AuditEntryRow": "audit",
    "AuditHeadRow": "audit",
    "CaseNoteRow": "notes",
    "CoverGrantRow": "staff",
    "EstablishmentStaffRow": "staff",
    "ManagedEstablishmentRow": "staff",
    "ManagedTeamRow": "staff",
    "ManagedRegionRow": "staff",
    "RegionRow": "staff",
    "PersonAccessRow": "access",
    "StaffRoleRow": "staff",
    "TeamMemberRow": "staff",
    "TeamRow": "staff",
    "CatalogueEntryRow": "needs",
    "DisclosureNoteRow": "disclosures",
    "EssentialRow": "essentials",
    "EstablishmentRow": "staff",
    "ErasureRow": "retention",
    "EvidencePackRow": "evidence_packs",
    "ImportLedgerRow": "import_ledger",
    "MetaRow": "meta",
    "PathwayNeedRow": "needs",
    "PersonAliasRow": "people",
    "PersonFlagRow": "risk",
    "PersonRow": "people",
    "PlanActionRow": "plans",
    "PlanVersionRow": "plans",
    "ProgrammeGroupRow": "programmes",
    "ProgrammeOfferingRow": "programmes",
    "ProgrammeRow": "programmes",
    "ProgrammeSessionRow": "programmes",
    "ProgrammeNeedItemsRow": "programme_needs",
    "OutcomeCheckRow": "outcome_checks",
    "ProgrammeHistoryRow": "programme_history",
    "ProgrammeAttendanceRow": "programme_attendance",
    "ProgrammeOneToOneSessionRow": "programme_attendance",
    "ProgrammeGroupMemberRow": "programme_referrals",
    "ProgrammeReferralHistoryRow": "programme_referrals",
    "ProgrammeReferralRow": "programme_referrals",
    "ProviderRow": "aftercare",
    "ProgrammeReferralMoveRoleRow": "programme_workflow",
    "ProgrammeReferralMoveRow": "programme_workflow",
    "ProgrammeReferralReasonCategoryRow": "programme_workflow",
    "ProgrammeReferralReasonRow": "programme_workflow",
    "ProgrammeReferralStatusRow": "programme_workflow",
    "RecordPartRevisionRow": "revisions",
    "RecordedScoreRow": "risk",
    "RetentionReviewRow": "retention",
    "RetentionRuleRow": "retention",
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


_ready = threading.Event()
_readying = threading.Lock()


def ready_for_threads() -> None:
    """Import every table module and configure every mapper, once per process, before any
    session runs a query; other threads wait until it is done. Cheap after the first call."""
    if _ready.is_set():
        return
    with _readying:
        if not _ready.is_set():
            import_all()
            configure_mappers()
            _ready.set()


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = sorted(_MODULE_OF)
