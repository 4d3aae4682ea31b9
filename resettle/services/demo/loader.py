"""Filling an empty database with the demo caseload, through one unit of work."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from resettle.domain.errors import DomainError
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor, Role
from resettle.services import audit, person_records
from resettle.services.demo import vocabulary as words
from resettle.services.demo.people import Placement, identifiers, person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.staff import EstablishmentRow, StaffRow

Progress = Callable[[int, int], None]
CHUNK = 5_000
MAX_SIZE = 200_000


class DemoRefused(DomainError):
    pass


def load_demo(
    actor: Actor,
    uow: UnitOfWork,
    size: int,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Add ``size`` fictional people to an empty database; return how many were added."""
    require(actor, Permission.LOAD_DEMO_DATA)
    if not 1 <= size <= MAX_SIZE:
        raise DemoRefused(f"Size: choose between 1 and {MAX_SIZE:,} people.")
    today = today or dt.date.today()
    rng = random.Random(seed)
    with uow:
        existing = uow.people.count()
        if existing:
            raise DemoRefused(
                f"The database already holds {existing:,} people; demo data is only loaded into "
                "an empty database."
            )
        placements = _establishments(uow, rng)
        officers = _officers(uow, rng, max(3, min(400, size // 40)))
        if actor.role is Role.OFFICER:
            officers.append(actor.id)
        batch: list[dict[str, object]] = []
        for done, (prison_number, crn) in enumerate(identifiers(rng, size), start=1):
            profile = person(rng, prison_number, crn, today, placements, officers)
            batch.append(person_records.column_values(profile) | {"version": 1})
            if len(batch) == CHUNK or done == size:
                uow.people.bulk_insert(batch)
                batch.clear()
                if progress is not None:
                    progress(done, size)
        audit.record(uow, actor, "demo.loaded", "database", None, size=size, seed=seed)
        uow.commit()
    return size


def _establishments(uow: UnitOfWork, rng: random.Random) -> list[Placement]:
    placements = []
    for code, name in words.ESTABLISHMENTS:
        row = uow.staff.establishment_by_code(code) or uow.staff.add_establishment(
            EstablishmentRow(code=code, name=name)
        )
        workers = tuple(
            _staff(uow, rng, f"keyworker.{code.lower()}{n}", Role.PRISON_STAFF, row.id).id
            for n in range(1, 4)
        )
        placements.append(Placement(row.id, code, workers))
    return placements


def _officers(uow: UnitOfWork, rng: random.Random, count: int) -> list[int]:
    return [_staff(uow, rng, f"officer{n:03d}", Role.OFFICER, None).id for n in range(1, count + 1)]


def _staff(
    uow: UnitOfWork, rng: random.Random, username: str, role: Role, establishment_id: int | None
) -> StaffRow:
    existing = uow.staff.by_username(username)
    if existing is not None:
        return existing
    name = f"{rng.choice(words.OFFICER_GIVEN)} {rng.choice(words.OFFICER_FAMILY)}"
    return uow.staff.add(
        StaffRow(
            username=username,
            display_name=name,
            role=role.value,
            establishment_id=establishment_id,
            email=f"{username}@example.invalid",
            phone=f"01632 {rng.randint(100000, 999999)}",
            active=True,
        )
    )
