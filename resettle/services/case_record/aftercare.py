"""Referrals to community services and the provider directory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.aftercare import (
    ReferralInput,
    ReferralStatus,
)
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.limits import PROVIDERS_MAX, REFERRALS_PER_PERSON_MAX, check_count
from resettle.domain.permissions import Permission, require
from resettle.domain.record_parts import referral_part
from resettle.domain.staff import Actor
from resettle.domain.text_fields import MULTI_LINE, CheckedText
from resettle.domain.validation import validate
from resettle.domain.withheld import Withheld
from resettle.services import audit
from resettle.services.case_record.staging import record_referral_change, referral_history_row
from resettle.services.person_access import (
    changeable_person,
    commit_change,
    part_for_change,
    visibility_for_save,
)
from resettle.services.plans.linked import follow_sources
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import DuplicateRecord, NotFound
from resettle.storage.tables.aftercare import ProviderRow, ReferralRow


class ProviderInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200, title="Provider")
    phone: str = Field(default="", max_length=40, title="Phone")
    email: str = Field(default="", max_length=200, title="Email")
    address: Annotated[str, MULTI_LINE] = Field(default="", max_length=500, title="Address")


class ProviderView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    phone: str
    email: str
    address: str
    active: bool


def list_providers(actor: Actor, uow: UnitOfWork) -> list[ProviderView]:
    require(actor, Permission.VIEW_PERSON)
    with uow:
        return [_provider_view(row) for row in uow.case.providers()]


def add_provider(
    actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | ProviderInput
) -> ProviderView:
    require(actor, Permission.EDIT_REFERRALS)
    provider = validate(ProviderInput, data)
    with uow:
        check_count("name", "Provider", uow.case.provider_count() + 1, PROVIDERS_MAX, "providers")
        if uow.case.provider_named(provider.name) is not None:
            raise DuplicateRecord("name", f"Provider: {provider.name} is already in the directory.")
        row = ProviderRow(**provider.model_dump(), active=True)
        uow.case.add(row)
        audit.record(uow, actor, AuditAction.PROVIDER_ADDED, row.id, person_id=None)
        uow.commit()
        return _provider_view(row)


def add_referral(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | ReferralInput,
) -> int:
    """Add a referral; returns its id. Needs no revision: a new referral overwrites nothing
    (it starts its own part of the record)."""
    require(actor, Permission.EDIT_REFERRALS)
    referral = validate(ReferralInput, data)
    with uow:
        changeable_person(actor, uow, person_id, Permission.EDIT_REFERRALS)
        _check_provider(uow, referral.provider_id)
        check_count(
            "provider_id",
            "Referral",
            len(uow.case.referral_statuses(person_id)) + 1,
            REFERRALS_PER_PERSON_MAX,
            "referrals on one record",
        )
        row = ReferralRow(person_id=person_id)
        _apply(row, referral)
        row.history.append(referral_history_row(actor, None, referral.status, referral.reason))
        uow.case.add(row)
        audit.record(
            uow,
            actor,
            AuditAction.REFERRAL_ADDED,
            row.id,
            person_id=person_id,
            service_type=referral.service_type.value,
        )
        uow.commit()
        return row.id


def update_referral(
    actor: Actor,
    uow: UnitOfWork,
    referral_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | ReferralInput,
) -> int:
    """Save edited details; a status change is checked against the allowed transitions.

    An account that may not see referral reasons keeps the stored reason (it was shown
    nothing), checked with the rest, so a reason required by the status is the stored one."""
    raw = data.model_dump() if isinstance(data, ReferralInput) else dict(data)
    with uow:
        row = uow.case.referral(referral_id)
        if row is None:
            raise NotFound("That referral no longer exists.")
        raw["reason"] = visibility_for_save(actor, uow, row.person_id).kept(
            Withheld.REFERRAL_REASONS, raw.get("reason", ""), row.reason
        )
        referral = validate(ReferralInput, raw)
        revision = part_for_change(
            actor, uow, row.person_id, referral_part(referral_id), expected_revision
        )
        if referral.provider_id != row.provider_id:  # keeping a since-retired provider is fine
            _check_provider(uow, referral.provider_id)
        old_status = ReferralStatus(row.status)
        if referral.status is not old_status:
            record_referral_change(actor, row, referral.status, referral.reason)
        _apply(row, referral)
        audit.record(
            uow,
            actor,
            AuditAction.REFERRAL_UPDATED,
            row.id,
            person_id=row.person_id,
            status=referral.status.value,
        )
        follow_sources(uow, actor, row.person_id)
        return commit_change(uow, revision)


def _check_provider(uow: UnitOfWork, provider_id: int) -> None:
    provider = uow.case.provider(provider_id)
    if provider is None or not provider.active:
        raise ValidationFailed.single(
            "provider_id", "unknown", "Provider: choose one from the directory"
        )


def _apply(row: ReferralRow, referral: ReferralInput) -> None:
    row.provider_id = referral.provider_id
    row.service_type = referral.service_type.value
    row.contact = referral.contact
    row.referral_date = referral.referral_date
    row.appointment_date = referral.appointment_date
    row.appointment_time = referral.appointment_time
    row.status = referral.status.value
    row.reason = referral.reason


def _provider_view(row: ProviderRow) -> ProviderView:
    return ProviderView(
        id=row.id,
        name=row.name,
        phone=row.phone,
        email=row.email,
        address=row.address,
        active=row.active,
    )
