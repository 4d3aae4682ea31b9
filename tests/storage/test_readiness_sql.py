from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import select

from resettle.domain.readiness import person_score
from resettle.services.workspace import Workspace
from resettle.storage.repositories.readiness_sql import readiness_expression
from resettle.storage.tables.people import PersonRow
from tests.factories import TODAY

DAYS = [-30, -1, 0, 1, 7, 13, 14, 15, 30, 41, 42, 43, 60, 83, 84, 85, 200, None]


def test_sql_readiness_matches_the_domain_rule(workspace: Workspace) -> None:
    grid = list(itertools.product(range(4), range(4), DAYS, (False, True)))
    with workspace.uow() as uow:
        rows = []
        for n, (critical, other, days, agreed) in enumerate(grid):
            rows.append(
                {
                    "id": n + 1,
                    "version": 1,
                    "prison_number": f"A{n:04d}BC",
                    "crn": f"X{n:06d}",
                    "given_name": "T",
                    "family_name": "T",
                    "sort_name": "t",
                    "search_text": "t",
                    "date_of_birth": dt.date(1990, 1, 1),
                    "sex": "male",
                    "gender": "",
                    "preferred_language": "English",
                    "interpreter_needed": False,
                    "learning_disability": False,
                    "learning_notes": "",
                    "sexual_offence": False,
                    "release_date": None if days is None else TODAY + dt.timedelta(days=days),
                    "open_critical_essentials": critical,
                    "open_other_essentials": other,
                    "plan_agreed": agreed,
                }
            )
        uow.bulk.insert(PersonRow, rows)
        uow.flush()
        dialect = uow.session.get_bind().dialect.name
        expression = readiness_expression(
            PersonRow.open_critical_essentials,
            PersonRow.open_other_essentials,
            PersonRow.release_date,
            PersonRow.plan_agreed,
            TODAY,
            dialect,
        )
        computed = dict(uow.session.execute(select(PersonRow.id, expression)).all())
    for n, (critical, other, days, agreed) in enumerate(grid):
        expected = person_score(critical, other, days, agreed)
        assert computed[n + 1] == expected, (critical, other, days, agreed)
