from __future__ import annotations

import datetime as dt

from resettle.domain.access import AccessScope
from resettle.domain.caseload import CaseloadColumn, CaseloadQuery, CaseloadReach
from resettle.domain.person import PersonInput
from resettle.domain.staff import Role
from resettle.services import person_records
from resettle.services.workspace import Workspace
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.factories import person_data

EVERYONE = CaseloadReach()


def _add(workspace: Workspace, **overrides: object) -> int:
    person = PersonInput.model_validate(person_data(**overrides))
    with workspace.uow() as uow:
        row = PersonRow(version=1)
        person_records.apply(row, person)
        uow.people.add(row)
        uow.commit()
        return row.id


def test_round_trip_keeps_every_field(workspace: Workspace) -> None:
    person_id = _add(workspace, aliases=["Zoe Brian", "Zoë B"], interpreter_needed=True)
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert row is not None
        stored = person_records.to_input(row)
    expected = PersonInput.model_validate(
        person_data(aliases=["Zoe Brian", "Zoë B"], interpreter_needed=True)
    )
    assert stored.model_dump() == expected.model_dump()


def test_caseload_search_folds_accents_and_matches_identifiers(workspace: Workspace) -> None:
    _add(workspace)
    _add(
        workspace,
        prison_number="B2345CD",
        crn="Y234567",
        given_name="Łukasz",
        family_name="Nowak",
        sex="male",
        pnc_number=None,
    )
    with workspace.uow() as uow:

        def names(search: str) -> list[str]:
            return [
                r.name for r in uow.people.caseload(CaseloadQuery(search=search), EVERYONE).rows
            ]

        assert names("zoe") == ["Zoë Ní Bhriain"]
        assert names("NI BHRIAIN") == ["Zoë Ní Bhriain"]
        assert names("lukasz") == ["Łukasz Nowak"]
        assert names("b2345") == ["Łukasz Nowak"]
        assert names("Y234567") == ["Łukasz Nowak"]
        assert names("2004/0012345X") == ["Zoë Ní Bhriain"]
        assert names("zoe nowak") == []
        assert names("%") == []
        assert len(names("")) == 2


def test_caseload_sorts_pages_and_scopes(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        other = uow.staff.add_establishment(EstablishmentRow(code="ZZZ", name="HMP Elsewhere"))
        other_id = other.id
        uow.commit()
    for n in range(5):
        _add(
            workspace,
            prison_number=f"A{n:04d}BC",
            crn=f"X{n:06d}",
            family_name=f"Person{n}",
            release_date=dt.date(2027, 1, 10 + n),
            establishment_id=other_id if n == 4 else None,
        )
    with workspace.uow() as uow:
        query = CaseloadQuery(sort=CaseloadColumn.RELEASE_DATE, descending=True, limit=2)
        first = uow.people.caseload(query, EVERYONE)
        second = uow.people.caseload(
            query.model_copy(update={"after": first.next_cursor}), EVERYONE
        )
        assert [r.prison_number for r in first.rows + second.rows] == [
            "A0004BC",
            "A0003BC",
            "A0002BC",
            "A0001BC",
        ]
        prison_staff = AccessScope(
            staff_id=1,
            roles=frozenset({Role.PRISON_STAFF}),
            establishment_ids=frozenset({other_id}),
        )
        scoped = uow.people.caseload(CaseloadQuery(), CaseloadReach(scope=prison_staff))
        assert [r.prison_number for r in scoped.rows] == ["A0004BC"]
        assert uow.people.caseload_count(CaseloadQuery(), EVERYONE) == 5
        assert uow.people.caseload_count(CaseloadQuery(search="person1"), EVERYONE) == 1
