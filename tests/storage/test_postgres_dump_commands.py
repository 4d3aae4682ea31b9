"""The PostgreSQL tools' command lines (``storage/postgres_dump.py``): no secret on them (``ps``
shows every argument), file names that cannot be read as options. The tools are not run:
``subprocess.run`` is replaced by a recorder that also reads the service file while it exists."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from resettle.storage import postgres_dump
from resettle.storage.backups import BackupNeedsOwner
from resettle.storage.engine import describe_url

URL = (
    "postgresql+psycopg://clerk:top-secret@db.example/resettle"
    "?sslmode=verify-full&password=query-secret&sslpassword=key-secret"
)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def run(command: list[str], env: dict[str, str], **_kwargs: object) -> Any:
        service = env.get("PGSERVICEFILE")
        calls.append(
            {
                "command": command,
                "env": env,
                "service": Path(service).read_text() if service else None,
                "service_mode": os.stat(service).st_mode & 0o777 if service else None,
            }
        )
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(postgres_dump.subprocess, "run", run)
    monkeypatch.setattr(postgres_dump, "postgres_tool", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(postgres_dump, "empty_schema", lambda _url: None)  # needs a server
    monkeypatch.setattr(postgres_dump, "require_only_restored_kinds", lambda _url: None)
    return calls


def test_no_secret_is_on_the_command_line(
    recorded: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    postgres_dump.dump_postgres(make_url(URL), Path("-out.dump"))
    postgres_dump.restore_postgres(make_url(URL), Path("-out.dump"))
    dump, listing, restore = (call["command"] for call in recorded)
    assert listing[1:] == ["--list", "--", str(tmp_path / "-out.dump")]  # the file's, no address
    for call in (recorded[0], recorded[2]):
        line = " ".join(call["command"])
        for secret in ("top-secret", "query-secret", "key-secret"):
            assert secret not in line
        assert "sslmode=verify-full" in line
        assert call["env"]["PGPASSWORD"] == "top-secret"  # the user part's comes first
        assert call["service"] == "[resettle]\nsslpassword=key-secret\n"
        assert call["service_mode"] == 0o600
        assert not Path(call["env"]["PGSERVICEFILE"]).exists()  # removed afterwards
    absolute = str(tmp_path / "-out.dump")
    assert f"--file={absolute}" in dump and dump[-1].startswith("--dbname=postgresql://")
    assert restore[-2:] == ["--", absolute]
    # Only the entries a restore takes, owned by the restoring login, with no grant.
    assert {"--no-owner", "--no-privileges", "--single-transaction"} <= set(restore)
    assert any(part.startswith("--use-list=") for part in restore)


def test_a_password_given_only_in_the_query_goes_to_the_environment(
    recorded: list[dict[str, Any]], tmp_path: Path
) -> None:
    postgres_dump.restore_postgres(
        make_url("postgresql://clerk@db.example/resettle?password=only-here"), tmp_path / "x"
    )
    _listing, call = recorded
    assert "only-here" not in " ".join(call["command"])
    assert call["env"]["PGPASSWORD"] == "only-here" and call["service"] is None


def test_a_dump_is_listed_and_read_by_its_absolute_name(
    recorded: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    postgres_dump.dump_problems(Path("-list.dump"))
    postgres_dump.dump_revision(Path("-list.dump"))
    for call in recorded:
        assert call["command"][-2:] == ["--", str(tmp_path / "-list.dump")]


def test_descriptions_of_an_address_hide_every_password() -> None:
    shown = describe_url(make_url(URL))
    for secret in ("top-secret", "query-secret", "key-secret"):
        assert secret not in shown
    assert "sslmode=verify-full" in shown and "db.example" in shown


LISTING = """;
; Archive created at 2026-12-03 18:00:00 UTC
;
2; 3079 16997 EXTENSION - pg_trgm\x20
4406; 0 0 COMMENT - EXTENSION pg_trgm\x20
3; 3079 17000 EXTENSION - plpython3u\x20
301; 1255 17100 FUNCTION public resettle_reached_teams() owner
302; 1255 17101 FUNCTION public tampered_reader() owner
310; 1259 17200 TABLE public people owner
311; 1259 17201 SEQUENCE public people_id_seq owner
312; 0 0 SEQUENCE OWNED BY public people_id_seq owner
313; 2604 17202 DEFAULT public people id owner
314; 0 17200 TABLE DATA public people owner
315; 0 0 SEQUENCE SET public people_id_seq owner
316; 2606 17203 CONSTRAINT public people people_pkey owner
317; 1259 17204 INDEX public ix_people_search_trigram owner
318; 2606 17205 FK CONSTRAINT public people people_team_id_fkey owner
320; 2620 17206 TRIGGER public people resettle_login_rules owner
321; 3256 17207 POLICY public people resettle_read owner
322; 0 0 ROW SECURITY public people owner
323; 826 17208 DEFAULT ACL public DEFAULT PRIVILEGES FOR TABLES owner
324; 0 0 ACL public TABLE people owner
325; 0 0 ACL - SCHEMA public pg_database_owner
326; 1259 17300 VIEW public leak owner
327; 1259 17301 TABLE other_schema people owner
328; 0 0 COMMENT public TABLE people owner
"""


def test_a_restore_takes_only_our_tables_sequences_indexes_constraints_and_data() -> None:
    wanted, left_out = postgres_dump.restore_list(LISTING)
    assert [line.split(";")[0] for line in wanted.splitlines()] == [
        "2",  # pg_trgm, made only when missing
        *(str(n) for n in (310, 311, 312, 313, 314, 315, 316, 317, 318)),
    ]
    assert left_out == [
        "COMMENT -",
        "EXTENSION -",
        "FUNCTION public",
        "TRIGGER public",
        "POLICY public",
        "ROW SECURITY",
        "DEFAULT ACL",
        "ACL public",
        "ACL -",
        "VIEW public",
        "TABLE other_schema",
        "COMMENT public",
    ]


def test_a_dump_refused_by_row_level_security_names_the_owners_address(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    said = 'pg_dump: error: query would be affected by row-level security policy for table "people"'

    def refused(command: list[str], **_kwargs: object) -> Any:
        return subprocess.CompletedProcess(command, 1, "", said + "\n")

    monkeypatch.setattr(postgres_dump.subprocess, "run", refused)
    monkeypatch.setattr(postgres_dump, "postgres_tool", lambda name: f"/usr/bin/{name}")
    target = tmp_path / "refused.dump"
    with pytest.raises(BackupNeedsOwner) as problem:
        postgres_dump.dump_postgres(make_url(URL), target)
    assert "made with the owner's address" in str(problem.value)
    assert "pg_dump" not in str(problem.value) and not target.exists()
