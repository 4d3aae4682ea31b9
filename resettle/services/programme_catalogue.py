"""The programme catalogue: every signed-in account lists it; managers and administrators
add, change, retire and restore programmes, audited. Codes never change and programmes are
retired, never deleted, so offerings, referrals and history stay readable."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.known_codes import codes_listed
from resettle.domain.permissions import Permission, require
from resettle.domain.programmes.catalogue import Programme, ProgrammeCatalogue
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.domain.validation import validate
from resettle.evidence.programme_links import link_problems
from resettle.services import audit
from resettle.services.evidence_pack import active_pack
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.programmes import ProgrammeRow


def programme_catalogue_of(uow: UnitOfWork) -> ProgrammeCatalogue:
    """Internal loader: the catalogue as stored (inside the caller's unit of work)."""
    return ProgrammeCatalogue(
        programmes=tuple(
            Programme.model_validate(row.definition, context=STORED)
            for row in uow.programmes.programmes()
        )
    )


def list_programmes(actor: Actor, uow: UnitOfWork) -> ProgrammeCatalogue:
    """The whole catalogue, retired programmes too (each says whether it is active)."""
    with uow:
        return programme_catalogue_of(uow)


def _checked(uow: UnitOfWork, data: Mapping[str, Any] | Programme) -> Programme:
    programme = validate(Programme, data)
    loaded, _ = active_pack(uow)
    problems = link_problems(programme, loaded.pack)
    if problems:
        raise ValidationFailed(problems)
    return programme


def _row(uow: UnitOfWork, code: str) -> ProgrammeRow:
    row = uow.programmes.programme_by_code(code)
    if row is None:
        raise ValidationFailed.single(
            "code",
            "unknown",
            f"Programme: {code!r} is not in the programme catalogue"
            + codes_listed(p.code for p in uow.programmes.programmes()),
        )
    return row


def add_programme(actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | Programme) -> Programme:
    require(actor, Permission.MANAGE_PROGRAMME_CATALOGUE)
    with uow:
        programme = _checked(uow, data)
        programme_catalogue_of(uow).add(programme)  # refuses a code in use, naming it
        row = uow.programmes.add_programme(
            programme.code, programme.name, programme.active, programme.model_dump(mode="json")
        )
        audit.record(uow, actor, AuditAction.PROGRAMME_ADDED, row.id, person_id=None, code=row.code)
        uow.commit()
        return programme


def change_programme(
    actor: Actor, uow: UnitOfWork, code: str, data: Mapping[str, Any] | Programme
) -> Programme:
    """Replace a programme's definition; its code and active flag do not change here."""
    require(actor, Permission.MANAGE_PROGRAMME_CATALOGUE)
    with uow:
        row = _row(uow, code)
        before = Programme.model_validate(row.definition, context=STORED)
        raw = data.model_dump() if isinstance(data, Programme) else dict(data)
        if raw.get("code", code) != code:
            raise ValidationFailed.single("code", "fixed", "Code: a programme's code never changes")
        changed = _checked(uow, {**raw, "code": code, "active": before.active})
        fields = sorted(
            name
            for name in Programme.model_fields
            if getattr(before, name) != getattr(changed, name)
        )
        if not fields:
            return before
        row.name = changed.name
        row.definition = changed.model_dump(mode="json")
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_CHANGED,
            row.id,
            person_id=None,
            code=code,
            fields=fields,
        )
        uow.commit()
        return changed


def set_programme_active(actor: Actor, uow: UnitOfWork, code: str, active: bool) -> Programme:
    """Retire a programme (no new offerings or referrals) or bring it back."""
    require(actor, Permission.MANAGE_PROGRAMME_CATALOGUE)
    with uow:
        row = _row(uow, code)
        changed = Programme.model_validate(row.definition, context=STORED).model_copy(
            update={"active": active}
        )
        row.active = active
        row.definition = changed.model_dump(mode="json")
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_RESTORED if active else AuditAction.PROGRAMME_RETIRED,
            row.id,
            person_id=None,
            code=code,
        )
        uow.commit()
        return changed
