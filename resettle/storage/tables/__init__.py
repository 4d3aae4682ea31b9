"""Every table module, imported so ``Base.metadata`` is complete for Alembic."""

from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.meta import MetaRow
from resettle.storage.tables.people import PersonAliasRow, PersonRow
from resettle.storage.tables.staff import EstablishmentRow, StaffRow

__all__ = [
    "AuditEntryRow",
    "EstablishmentRow",
    "MetaRow",
    "PersonAliasRow",
    "PersonRow",
    "StaffRow",
]
