"""Migration 0008: existing plan actions linked to their essentials and support needs where
that is certain, wrong links removed, everything else left unlinked; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from alembic import command
from sqlalchemy import Connection, select, text

from resettle.storage.engine import build_engine, normalise_url
from resettle.storage.migrate import alembic_config
from resettle.storage.tables import (
    PlanActionRow,
    PlanVersionRow,
    ProviderRow,
    ReferralRow,
    SupportNeedRow,
)
from tests.storage.migration_steps import people_table_before, table_before

NOW = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)


def _person(connection: Connection, n: int) -> int:
    values = {
        "prison_number": f"Z000{n}AA",
        "crn": f"Z00000{n}",
        "given_name": "Test",
        "family_name": f"Person {n}",
        "sort_name": f"person {n} test",
        "search_text": "test",
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "male",
    }
    return int(
        connection.execute(
            people_table_before("0012").insert().values(values)
        ).inserted_primary_key[0]
    )  # type: ignore[attr-defined,index]


def _insert(connection: Connection, row: type, **values: Any) -> int:
    """A row of ``row``'s table as it was at 0008 (without the columns added since)."""
    table = table_before(row.__table__, "0009")  # type: ignore[attr-defined]
    return int(connection.execute(table.insert().values(values)).inserted_primary_key[0])


def _action(connection: Connection, version_id: int, what: str, pathway: str, **source: Any) -> int:
    return _insert(
        connection,
        PlanActionRow,
        plan_version_id=version_id,
        position=0,
        pathway=pathway,
        what=what,
        owner="prison",
        status="in_progress",
        **source,
    )


def test_links_are_made_where_certain_and_removed_where_wrong(empty_database_url: str) -> None:
    engine = build_engine(normalise_url(empty_database_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0007")
        with engine.begin() as connection:
            label = connection.execute(
                text("SELECT label FROM support_need_catalogue WHERE code = :c"),
                {"c": "help_to_find_accommodation"},
            ).scalar_one()
            first, second = _person(connection, 1), _person(connection, 2)
            need = _insert(
                connection,
                SupportNeedRow,
                person_id=first,
                code="help_to_find_accommodation",
                status="in_progress",
            )
            others_need = _insert(
                connection,
                SupportNeedRow,
                person_id=second,
                code="help_to_find_accommodation",
                status="met",
            )
            provider = _insert(connection, ProviderRow, name="Shelter")
            referral = _insert(
                connection,
                ReferralRow,
                person_id=first,
                provider_id=provider,
                service_type="housing",
                referral_date=dt.date(2026, 10, 1),
                status="referred",
            )
            version = _insert(
                connection,
                PlanVersionRow,
                person_id=first,
                version=1,
                state="draft",
                created_by="Officer",
                created_at=NOW,
            )
            id_action = _action(connection, version, "Get an ID document", "finance_id")
            gp_twice = [
                _action(connection, version, "Register with a GP", "health") for _ in range(2)
            ]
            wrong_pathway = _action(connection, version, "Open a bank account", "health")
            need_action = _action(connection, version, label, "accommodation")
            typed = _action(connection, version, "Get an ID document soon", "finance_id")
            foreign = _action(
                connection, version, "Help", "accommodation", source_support_need_id=others_need
            )
            missing = _action(
                connection, version, "Go", "accommodation", source_referral_id=referral + 99
            )
            kept = _action(connection, version, "Go", "accommodation", source_referral_id=referral)
            unknown = _action(
                connection, version, "Odd", "health", source_essential_kind="teleporter"
            )
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0008")
        with engine.connect() as connection:
            t = PlanActionRow.__table__
            found = {
                row.id: (
                    row.source_essential_kind,
                    row.source_support_need_id,
                    row.source_referral_id,
                )
                # only the columns read: the table has columns added after 0008 (0038)
                for row in connection.execute(
                    select(
                        t.c.id,
                        t.c.source_essential_kind,
                        t.c.source_support_need_id,
                        t.c.source_referral_id,
                    )
                )
            }
        assert found[id_action] == ("id_document", None, None)
        assert found[need_action] == (None, need, None)
        assert found[kept] == (None, None, referral)
        for unlinked in (*gp_twice, wrong_pathway, typed, foreign, missing, unknown):
            assert found[unlinked] == (None, None, None), unlinked
        with engine.begin() as connection:  # the link is now a foreign key
            connection.execute(text("DELETE FROM referrals WHERE id = :id"), {"id": referral})
            left = connection.execute(
                text("SELECT source_referral_id FROM plan_actions WHERE id = :id"), {"id": kept}
            ).scalar_one()
        assert left is None
    finally:
        engine.dispose()
