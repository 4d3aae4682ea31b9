"""Administrators' use cases on accounts: create, list, roles, places of work, disable,
enable and unlock (``authentication.reset_password`` resets a password).

Nothing here reads or returns case content: administrators manage accounts, never people.

- Every change is audited in its own transaction, with ids and codes only (never names), and
  the account's PostgreSQL login follows in the same unit of work (``database_logins``).
- Changes to accounts run one at a time (``AccountsRepository.serialise_changes``), so the
  rules checked hold at the commit: an administrator cannot disable their own account, and
  the last active administrator can never be disabled or lose the administrator role.
- Two administrators saving the same account: roles and places are separate parts, saved
  independently (a change of one never conflicts with the other). A save that names the value
  its form was read at (``was``) is refused with ``ConcurrentEdit`` when someone has changed
  that part since, and nothing is overwritten; without ``was`` (the CLI, which reads and
  writes in one step) the last save wins. Disabling, enabling and unlocking set a state and
  are repeatable: a second administrator doing the same changes nothing and audits nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain.account_places import (
    AccountPlaces,
    NewAccount,
    checked_roles,
    place_problems,
)
from resettle.domain.accounts import checked_account_names, checked_contact
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ConcurrentEdit, DomainError, FieldProblem, ValidationFailed
from resettle.domain.password_policy import password_field_problems
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor, Role
from resettle.domain.validation import validate
from resettle.services import audit, database_logins, key_slot_sync, passwords
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.errors import NotFound
from resettle.storage.tables.staff import EstablishmentRow, RegionRow, StaffRow, TeamRow


class LastAdministrator(DomainError):
    code = "account.last_admin"

    def __init__(self) -> None:
        super().__init__(
            "This is the last active administrator account: make another administrator "
            "first, so someone can still manage accounts."
        )


class OwnAccount(DomainError):
    code = "account.own_account"

    def __init__(self, what: str = "disable your own account") -> None:
        super().__init__(f"You cannot {what}: ask another administrator.")


class PlaceRef(BaseModel):
    """A team or establishment as an account list shows it."""

    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str


class AccountSummary(BaseModel):
    """One row of the administration window's account list (never the password hash)."""

    model_config = ConfigDict(frozen=True)

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    teams: tuple[PlaceRef, ...]
    establishments: tuple[PlaceRef, ...]
    managed_teams: tuple[PlaceRef, ...]
    managed_establishments: tuple[PlaceRef, ...]
    managed_regions: tuple[PlaceRef, ...] = ()
    active: bool
    #: While locked after wrong passwords (None once the lock has ended).
    locked_until: dt.datetime | None
    must_change_password: bool

    @property
    def places(self) -> AccountPlaces:
        """The ids, as ``set_places`` takes them (and as its ``was``)."""
        return AccountPlaces(
            team_ids=frozenset(p.id for p in self.teams),
            establishment_ids=frozenset(p.id for p in self.establishments),
            managed_team_ids=frozenset(p.id for p in self.managed_teams),
            managed_establishment_ids=frozenset(p.id for p in self.managed_establishments),
            managed_region_ids=frozenset(p.id for p in self.managed_regions),
        )


class AccountDetail(AccountSummary):
    email: str
    phone: str
    failed_sign_ins: int
    password_changed_at: dt.datetime | None
    can_sign_in: bool


def create_account(
    actor: Actor, uow: UnitOfWork, data: Mapping[str, Any] | NewAccount
) -> AccountDetail:
    """A new active account with a temporary password it must change at its first sign-in."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    new = validate(NewAccount, data)
    username, display_name = checked_account_names(new.username, new.display_name)
    email, phone = checked_contact(new.email, new.phone)
    problems = place_problems(new.roles, new.places) + [
        FieldProblem("temporary_password", p.code, f"Temporary password: {p.message}")
        for p in password_field_problems(new.temporary_password, username, display_name)
    ]
    if problems:
        raise ValidationFailed(problems)
    with uow:
        uow.accounts.serialise_changes()
        if uow.staff.by_username(username) is not None:
            raise ValidationFailed.single(
                "username", "account.username_taken", "User name: already in use"
            )
        _require_places_exist(uow, new.places, AccountPlaces())
        row = uow.staff.add(
            StaffRow(
                username=username,
                display_name=display_name,
                email=email,
                phone=phone,
                active=True,
                password_hash=passwords.hash_password(new.temporary_password),
                must_change_password=True,
                password_changed_at=utc_now(),
            )
        )
        uow.accounts.replace_roles(row.id, sorted(new.roles))
        uow.accounts.replace_places(row.id, new.places.by_kind())
        database_logins.sync_login(uow, row.id)
        database_logins.set_login_password(uow, row.id, new.temporary_password)
        audit.record(
            uow,
            actor,
            AuditAction.STAFF_CREATED,
            row.id,
            person_id=None,
            roles=sorted(new.roles),
            **_place_details(new.places),
        )
        detail = _detail(uow, row)
        uow.commit()
        return detail


def list_accounts(actor: Actor, uow: UnitOfWork) -> list[AccountSummary]:
    """Every account, by user name."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with uow:
        names = _place_names(uow)
        roles = uow.accounts.roles()
        places = uow.accounts.places()
        return [
            AccountSummary(
                **_summary_fields(row, roles.get(row.id, frozenset()), places.get(row.id), names)
            )
            for row in uow.accounts.accounts()
        ]


def account_detail(actor: Actor, uow: UnitOfWork, staff_id: int) -> AccountDetail:
    require(actor, Permission.MANAGE_ACCOUNTS)
    with uow:
        return _detail(uow, _account(uow, staff_id))


def set_roles(
    actor: Actor,
    uow: UnitOfWork,
    staff_id: int,
    roles: Iterable[Role | str],
    *,
    was: Iterable[Role | str] | None = None,
) -> AccountDetail:
    """Give the account these roles (one or more). Places a removed role used are dropped
    with it. ``was``: the roles the form was read at (see the module's note)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    if staff_id == actor.id:
        # An administrator giving themself a case role and a team would read case records.
        raise OwnAccount("change your own roles")
    new = checked_roles(roles)
    with uow:
        uow.accounts.serialise_changes()
        row = _account(uow, staff_id)
        before = _roles_of(uow, staff_id)
        if was is not None and checked_roles(was, "was") != before:
            raise _changed_elsewhere("roles")
        if new == before:
            return _detail(uow, row)
        if row.active and Role.ADMIN in before and Role.ADMIN not in new:
            _require_another_admin(uow, staff_id)
        places = _places_of(uow, staff_id)
        kept = places.kept_for(new)
        uow.accounts.replace_roles(staff_id, sorted(new))
        uow.accounts.replace_places(staff_id, kept.by_kind())
        database_logins.sync_login(uow, staff_id)
        audit.record(
            uow,
            actor,
            AuditAction.ACCOUNT_ROLES_SET,
            staff_id,
            person_id=None,
            roles=sorted(new),
            previous=sorted(before),
            places_dropped=kept != places,
        )
        detail = _detail(uow, row)
        uow.commit()
        return detail


def set_places(
    actor: Actor,
    uow: UnitOfWork,
    staff_id: int,
    places: AccountPlaces | Mapping[str, Any],
    *,
    was: AccountPlaces | Mapping[str, Any] | None = None,
) -> AccountDetail:
    """Set the account's teams, establishments, managed teams and managed establishments in
    one save; each kind needs the role that uses it. ``was``: as read (the module's note)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    if staff_id == actor.id:
        raise OwnAccount("change your own teams or establishments")
    new = validate(AccountPlaces, places)
    with uow:
        uow.accounts.serialise_changes()
        row = _account(uow, staff_id)
        before = _places_of(uow, staff_id)
        if was is not None and validate(AccountPlaces, was) != before:
            raise _changed_elsewhere("teams and establishments")
        problems = place_problems(_roles_of(uow, staff_id), new)
        if problems:
            raise ValidationFailed(problems)
        if new == before:
            return _detail(uow, row)
        _require_places_exist(uow, new, before)
        uow.accounts.replace_places(staff_id, new.by_kind())
        database_logins.sync_login(uow, staff_id)
        audit.record(
            uow,
            actor,
            AuditAction.ACCOUNT_PLACES_SET,
            staff_id,
            person_id=None,
            **_place_details(new),
        )
        detail = _detail(uow, row)
        uow.commit()
        return detail


def disable_account(actor: Actor, uow: UnitOfWork, staff_id: int) -> AccountDetail:
    """The account can no longer sign in, and its next action is refused."""
    return _set_active(actor, uow, staff_id, False)


def enable_account(actor: Actor, uow: UnitOfWork, staff_id: int) -> AccountDetail:
    return _set_active(actor, uow, staff_id, True)


def unlock_account(actor: Actor, uow: UnitOfWork, staff_id: int) -> AccountDetail:
    """Lift a lock after too many wrong passwords (and clear the count) before it ends."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with uow:
        uow.accounts.serialise_changes()
        row = _account(uow, staff_id)
        slot_was_locked = key_slot_sync.unlock_slot(uow, staff_id)
        if row.locked_until is not None or row.failed_sign_ins or slot_was_locked:
            row.locked_until, row.failed_sign_ins = None, 0
            audit.record(uow, actor, AuditAction.ACCOUNT_UNLOCKED, staff_id, person_id=None)
            uow.flush()
            uow.commit()
        return _detail(uow, row)


def _set_active(actor: Actor, uow: UnitOfWork, staff_id: int, active: bool) -> AccountDetail:
    require(actor, Permission.MANAGE_ACCOUNTS)
    if not active and staff_id == actor.id:
        raise OwnAccount()
    with uow:
        uow.accounts.serialise_changes()
        row = _account(uow, staff_id)
        if row.active == active:
            return _detail(uow, row)
        if not active and Role.ADMIN in _roles_of(uow, staff_id):
            _require_another_admin(uow, staff_id)
        row.active = active
        uow.flush()
        database_logins.sync_login(uow, staff_id)
        audit.record(
            uow,
            actor,
            AuditAction.ACCOUNT_ENABLED if active else AuditAction.ACCOUNT_DISABLED,
            staff_id,
            person_id=None,
        )
        detail = _detail(uow, row)
        uow.commit()
        return detail


def _account(uow: UnitOfWork, staff_id: int) -> StaffRow:
    row = uow.staff.get(staff_id)
    if row is None:
        raise NotFound("There is no such account.")
    return row


def _roles_of(uow: UnitOfWork, staff_id: int) -> frozenset[Role]:
    return frozenset(Role(r) for r in uow.accounts.roles(staff_id).get(staff_id, frozenset()))


def _places_of(uow: UnitOfWork, staff_id: int) -> AccountPlaces:
    return AccountPlaces(**uow.accounts.places(staff_id).get(staff_id, {}))


def _require_another_admin(uow: UnitOfWork, staff_id: int) -> None:
    if not uow.accounts.active_holders(Role.ADMIN.value) - {staff_id}:
        raise LastAdministrator()


def _changed_elsewhere(part: str) -> ConcurrentEdit:
    return ConcurrentEdit(
        f"Someone else changed this account's {part} after you opened it, so nothing was "
        "saved. Open the account again to see the change."
    )


def _require_places_exist(uow: UnitOfWork, new: AccountPlaces, before: AccountPlaces) -> None:
    """Every place exists; a team or region newly given is active."""
    problems: list[FieldProblem] = []
    for kind, ids in new.by_kind().items():
        is_team = kind.endswith("team_ids")
        is_region = kind.endswith("region_ids")
        label = "Team" if is_team else "Region" if is_region else "Establishment"
        for place_id in sorted(ids):
            place: TeamRow | RegionRow | EstablishmentRow | None
            if is_team:
                place = uow.staff.team(place_id)
            elif is_region:
                place = uow.regions.get(place_id)
            else:
                place = uow.staff.establishment(place_id)
            if place is None:
                problems.append(
                    FieldProblem(kind, "account.place_unknown", f"{label}: no such id {place_id}")
                )
            elif (
                isinstance(place, TeamRow | RegionRow)
                and not place.active
                and place_id not in before.by_kind()[kind]
            ):
                problems.append(
                    FieldProblem(
                        kind,
                        "account.region_inactive" if is_region else "account.team_inactive",
                        f"{label}: {place.code} is not active",
                    )
                )
    if problems:
        raise ValidationFailed(problems)


def _place_details(places: AccountPlaces) -> dict[str, list[int]]:
    return {kind: sorted(ids) for kind, ids in places.by_kind().items()}


_Names = tuple[dict[int, PlaceRef], dict[int, PlaceRef], dict[int, PlaceRef]]


def _place_names(uow: UnitOfWork) -> _Names:
    teams = {t.id: PlaceRef(id=t.id, code=t.code, name=t.name) for t in uow.staff.teams()}
    establishments = {
        e.id: PlaceRef(id=e.id, code=e.code, name=e.name) for e in uow.staff.establishments()
    }
    regions = {r.id: PlaceRef(id=r.id, code=r.code, name=r.name) for r in uow.regions.all()}
    return teams, establishments, regions


def _summary_fields(
    row: StaffRow,
    roles: frozenset[str],
    places: Mapping[str, frozenset[int]] | None,
    names: _Names,
) -> dict[str, Any]:
    teams, establishments, regions = names
    held = places or {}

    def refs(kind: str, known: dict[int, PlaceRef]) -> tuple[PlaceRef, ...]:
        return tuple(sorted((known[i] for i in held.get(kind, ())), key=lambda p: p.code))

    return {
        "id": row.id,
        "username": row.username,
        "display_name": row.display_name,
        "roles": frozenset(Role(r) for r in roles),
        "teams": refs("team_ids", teams),
        "establishments": refs("establishment_ids", establishments),
        "managed_teams": refs("managed_team_ids", teams),
        "managed_establishments": refs("managed_establishment_ids", establishments),
        "managed_regions": refs("managed_region_ids", regions),
        "active": row.active,
        "locked_until": row.locked_until if _locked(row) else None,
        "must_change_password": row.must_change_password,
    }


def _locked(row: StaffRow) -> bool:
    """As ``domain.lockout.is_locked``: until the lock's end (an ended lock is no lock)."""
    return row.locked_until is not None and utc_now() < row.locked_until


def _detail(uow: UnitOfWork, row: StaffRow) -> AccountDetail:
    fields = _summary_fields(
        row,
        uow.accounts.roles(row.id).get(row.id, frozenset()),
        uow.accounts.places(row.id).get(row.id),
        _place_names(uow),
    )
    return AccountDetail(
        **fields,
        email=row.email,
        phone=row.phone,
        failed_sign_ins=row.failed_sign_ins,
        password_changed_at=row.password_changed_at,
        can_sign_in=uow.staff.has_password(row.id),
    )
