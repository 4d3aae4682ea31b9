"""Test data builders."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain.staff import Actor, Role

TODAY = dt.date(2026, 11, 23)


def person_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "prison_number": "A1234BC",
        "crn": "X123456",
        "pnc_number": "2004/0012345X",
        "given_name": "Zoë",
        "family_name": "Ní Bhriain",
        "date_of_birth": dt.date(1990, 5, 17),
        "sex": "female",
        "sentence_date": dt.date(2024, 2, 1),
        "release_date": dt.date(2027, 1, 15),
        "licence_end_date": dt.date(2028, 1, 15),
        "release_type": "conditional_release",
        "offence_category": "theft_non_motor",
    }
    data.update(overrides)
    return data


def another_person(n: int, **overrides: Any) -> dict[str, Any]:
    """Data for the ``n``-th person other than :func:`person_data`'s: different identifiers,
    no PNC number and another date of birth, so registering them finds no possible duplicate."""
    data = person_data(
        prison_number=f"B{n:04d}CC",
        crn=f"Y{n:06d}",
        pnc_number=None,
        date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=n),
    )
    data.update(overrides)
    return data


def actor(
    role: Role = Role.OFFICER, actor_id: int = 1, establishment_id: int | None = None
) -> Actor:
    return Actor(
        id=actor_id,
        username=f"{role.value}.test",
        display_name=f"Test {role.label}",
        role=role,
        establishment_id=establishment_id,
    )


def housing_referral(workspace: Any) -> dict[str, Any]:
    """Add a housing provider through the services; return a referral to it, as a form sends."""
    from resettle.services.case_record import aftercare

    provider = aftercare.add_provider(workspace.actor, workspace.uow(), {"name": "Harbour"})
    return {"provider_id": provider.id, "service_type": "housing_support", "referral_date": TODAY}


def staff_member(
    workspace: Any, username: str, role: Role = Role.OFFICER, establishment_id: int | None = None
) -> Actor:
    """A staff account stored in the workspace's database, as the actor it signs in as: an
    officer on the test team (the signed-in test officer's colleague), prison staff in
    ``establishment_id``, a manager over the test team and every establishment so far."""
    from tests.accounts import seed_account

    staff_id = seed_account(
        workspace.database, username, (role,), establishment_id=establishment_id
    )
    return Actor(
        id=staff_id,
        username=username,
        display_name=username.replace(".", " ").title(),
        role=role,
        establishment_id=establishment_id,
    )


def establishment(workspace: Any, code: str = "LEI", name: str = "HMP Leeds") -> int:
    from resettle.storage.tables.staff import EstablishmentRow

    with workspace.uow() as uow:
        row = uow.staff.add_establishment(EstablishmentRow(code=code, name=name))
        uow.commit()
        return row.id
