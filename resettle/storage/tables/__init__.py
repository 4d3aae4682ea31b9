"""Every table module, imported so ``Base.metadata`` is complete for Alembic."""

from resettle.storage.tables.aftercare import ProviderRow, ReferralHistoryRow, ReferralRow
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.essentials import EssentialRow
from resettle.storage.tables.evidence_packs import EvidencePackRow
from resettle.storage.tables.meta import MetaRow
from resettle.storage.tables.needs import (
    CatalogueEntryRow,
    PathwayNeedRow,
    SupportNeedHistoryRow,
    SupportNeedRow,
)
from resettle.storage.tables.notes import CaseNoteRow
from resettle.storage.tables.people import PersonAliasRow, PersonRow
from resettle.storage.tables.plans import AcceptedRecommendationRow, PlanActionRow, PlanVersionRow
from resettle.storage.tables.risk import PersonFlagRow, RecordedScoreRow, RiskProfileRow, RoshRow
from resettle.storage.tables.staff import EstablishmentRow, StaffRow

__all__ = [
    "AcceptedRecommendationRow",
    "AuditEntryRow",
    "CaseNoteRow",
    "CatalogueEntryRow",
    "EssentialRow",
    "EstablishmentRow",
    "EvidencePackRow",
    "MetaRow",
    "PathwayNeedRow",
    "PersonAliasRow",
    "PersonFlagRow",
    "PersonRow",
    "PlanActionRow",
    "PlanVersionRow",
    "ProviderRow",
    "RecordedScoreRow",
    "ReferralHistoryRow",
    "ReferralRow",
    "RiskProfileRow",
    "RoshRow",
    "StaffRow",
    "SupportNeedHistoryRow",
    "SupportNeedRow",
]
