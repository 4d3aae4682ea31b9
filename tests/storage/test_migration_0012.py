"""Migration 0012: roles and places of work move to tables, and a database that already held
staff and people gets one team keeping exactly the reach each role had; on SQLite and
PostgreSQL, and back on downgrade."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text

from tests.storage.migration_steps import migration_steps, people_table_before


def _staff(connection: Connection, username: str, role: str, establishment: int | None) -> int:
    return int(
        connection.execute(
            text(
                "INSERT INTO staff (username, display_name, role, establishment_id, email, "
                "phone, active) VALUES (:u, :u, :r, :e, '', '', :a) RETURNING id"
            ),
            {"u": username, "r": role, "e": establishment, "a": True},
        ).scalar_one()
    )


def _rows(connection: Connection, sql: str) -> set[tuple[object, ...]]:
    return {tuple(row) for row in connection.execute(text(sql))}


def test_existing_staff_and_people_keep_their_reach(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0011")
        with engine.begin() as connection:
            leeds, bristol = (
                int(
                    connection.execute(
                        text(
                            "INSERT INTO establishments (code, name) VALUES (:c, :n) RETURNING id"
                        ),
                        {"c": code, "n": name},
                    ).scalar_one()
                )
                for code, name in (("LEI", "HMP Leeds"), ("BLI", "HMP Bristol"))
            )
            officer = _staff(connection, "o.one", "officer", None)
            keyworker = _staff(connection, "k.one", "prison_staff", leeds)
            manager = _staff(connection, "m.one", "manager", None)
            admin = _staff(connection, "a.one", "admin", None)
            person = int(
                connection.execute(
                    people_table_before("0012")
                    .insert()
                    .values(
                        prison_number="A1234BC",
                        crn="X123456",
                        given_name="Test",
                        family_name="Person",
                        sort_name="person test",
                        search_text="test",
                        date_of_birth=dt.date(1990, 1, 1),
                        sex="male",
                        establishment_id=bristol,
                        responsible_officer_id=officer,
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            )
        migrate("0012")
        with engine.connect() as connection:
            assert _rows(connection, "SELECT staff_id, role FROM staff_roles") == {
                (officer, "officer"),
                (keyworker, "prison_staff"),
                (manager, "manager"),
                (admin, "admin"),
            }
            assert _rows(
                connection, "SELECT establishment_id, staff_id FROM establishment_staff"
            ) == {(leeds, keyworker)}
            (team,) = _rows(connection, "SELECT id, code FROM teams")
            assert team[1] == "TEAM1"
            assert _rows(connection, "SELECT team_id, staff_id FROM team_members") == {
                (team[0], officer)
            }
            assert _rows(connection, "SELECT staff_id, team_id FROM managed_teams") == {
                (manager, team[0])
            }
            assert _rows(
                connection, "SELECT staff_id, establishment_id FROM managed_establishments"
            ) == {(manager, leeds), (manager, bristol)}
            assert _rows(connection, "SELECT id, team_id, restricted FROM people") in (
                {(person, team[0], False)},
                {(person, team[0], 0)},
            )
            # Nobody can sign in until an administrator sets a password.
            assert _rows(connection, "SELECT DISTINCT password_hash FROM staff") == {("",)}
        migrate("0011", down=True)
        with engine.connect() as connection:
            assert _rows(connection, "SELECT id, role, establishment_id FROM staff") == {
                (officer, "officer", None),
                (keyworker, "prison_staff", leeds),
                (manager, "manager", None),
                (admin, "admin", None),
            }


def test_a_new_database_gets_no_team(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0012")
        with engine.connect() as connection:
            assert _rows(connection, "SELECT id FROM teams") == set()
