"""Editing the support-need catalogue (managers and administrators). Entries are retired,
never deleted, and codes never change, so every person's history stays readable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.catalogue import CatalogueEntry, SupportNeedCatalogue, check_person_words
from resettle.domain.catalogue_plain import PlainWords
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.case_record.needs import catalogue_of
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.needs import CatalogueEntryRow


def list_catalogue(actor: Actor, uow: UnitOfWork) -> SupportNeedCatalogue:
    with uow:
        return catalogue_of(uow)


def add_catalogue_entry(
    actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | CatalogueEntry
) -> CatalogueEntry:
    require(actor, Permission.MANAGE_CATALOGUE)
    entry = validate(CatalogueEntry, data)
    check_person_words(entry)  # the person's copy prints them in place of the label
    with uow:
        catalogue_of(uow).add(entry)  # refuses a code already in use, naming it
        position = len(uow.case.catalogue())
        uow.case.add(CatalogueEntryRow(**entry.model_dump(mode="json"), position=position))
        audit.record(uow, actor, AuditAction.CATALOGUE_ADDED, None, person_id=None, code=entry.code)
        uow.commit()
        return entry


def set_catalogue_entry_active(
    actor: Actor, uow: UnitOfWork, code: str, active: bool
) -> CatalogueEntry:
    require(actor, Permission.MANAGE_CATALOGUE)
    with uow:
        changed = catalogue_of(uow).set_active(code, active).require(code)
        row = uow.case.catalogue_entry(code)
        assert row is not None
        row.active = active
        audit.record(
            uow,
            actor,
            AuditAction.CATALOGUE_RESTORED if active else AuditAction.CATALOGUE_RETIRED,
            None,
            person_id=None,
            code=code,
        )
        uow.commit()
        return changed


def relabel_catalogue_entry(
    actor: Actor, uow: UnitOfWork, code: str, label: str, plain: PlainWords | None = None
) -> CatalogueEntry:
    """Change an entry's label, and with ``plain`` the person's words for it (checked)."""
    require(actor, Permission.MANAGE_CATALOGUE)
    with uow:
        changed = catalogue_of(uow).relabel(code, label, plain).require(code)
        row = uow.case.catalogue_entry(code)
        assert row is not None
        row.label = changed.label
        row.plain_title, row.plain_sentence = changed.plain_title, changed.plain_sentence
        audit.record(uow, actor, AuditAction.CATALOGUE_RELABELLED, None, person_id=None, code=code)
        uow.commit()
        return changed
