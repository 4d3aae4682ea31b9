"""``resettle audit verify`` and ``resettle audit checkpoint`` on SQLite and PostgreSQL: no
sign-in, exit 0 and the head when intact, exit 1 naming every bad sequence number, and a
checkpoint file that catches rows cut off the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from resettle.cli import main
from resettle.cli.workspace_opener import PASSWORD_ENV
from resettle.settings import USER_ENV
from resettle.storage.database import Database, open_database
from tests.accounts import seed_account
from tests.audit_chain_helpers import append_rows, chain_actor, restamp, tamper


@pytest.fixture
def chained(database_url: str) -> Database:
    """A database with five audit rows."""
    database = open_database(database_url)
    append_rows(database, chain_actor(seed_account(database, "chain.officer")), 5)
    database.close()
    return database


def _audit(tmp_path: Path, database: Database, *words: str) -> list[str]:
    url = database.url.render_as_string(hide_password=False)
    return ["--data-dir", str(tmp_path), "--database-url", url, "audit", *words]


def test_verify_reports_the_rows_and_the_head(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_audit(tmp_path, chained, "checkpoint")) == 0
    head = json.loads(capsys.readouterr().out)
    assert head["seq"] == 5 and len(head["hash"]) == 64 and head["at"]
    assert main(_audit(tmp_path, chained, "verify")) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"5 rows, chain intact, head seq 5 hash {head['hash']}"


def test_verify_names_the_bad_sequence_number_and_fails(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(chained, "UPDATE audit_log SET action = 'team.created' WHERE seq = 4")
    assert main(_audit(tmp_path, chained, "verify")) == 1
    err = capsys.readouterr().err
    assert "1 bad sequence number in 5 rows read:" in err
    assert "  4: the row does not match its hash" in err


def test_one_bad_row_hides_no_later_edit(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A changed row at seq 2 used to stop the walk, so an edit of seq 4 went unreported."""
    tamper(
        chained,
        "UPDATE audit_log SET entity_type = 'junk' WHERE seq = 2",
        "UPDATE audit_log SET action = 'team.created' WHERE seq = 4",
    )
    assert main(_audit(tmp_path, chained, "verify")) == 1
    err = capsys.readouterr().err
    assert "2 bad sequence numbers in 5 rows read:" in err
    assert "  2: the row does not match its hash" in err
    assert "  4: the row does not match its hash" in err
    assert "  3:" not in err and "  5:" not in err  # judged from the stored hash before them


def test_a_checkpoint_file_catches_rows_cut_off_the_end(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "checkpoint.json"
    assert main(_audit(tmp_path, chained, "checkpoint", "--out", str(saved))) == 0
    assert main(_audit(tmp_path, chained, "verify", "--against", str(saved))) == 0
    assert "Checkpoint seq 5 found with the same hash." in capsys.readouterr().out
    tamper(
        chained,
        "DELETE FROM audit_log WHERE seq > 3",
        "UPDATE audit_head SET last_seq = 3, "
        "last_hash = (SELECT row_hash FROM audit_log WHERE seq = 3)",
    )
    assert main(_audit(tmp_path, chained, "verify")) == 0
    capsys.readouterr()
    assert main(_audit(tmp_path, chained, "verify", "--against", str(saved))) == 1
    err = capsys.readouterr().err
    assert "1 bad sequence number in 3 rows read:" in err
    assert "  4: the checkpoint's row is gone (rows cut off the end)" in err


def test_a_bad_checkpoint_file_is_refused_naming_the_field(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "checkpoint.json"
    saved.write_text(json.dumps({"seq": 3, "hash": "not a hash"}), encoding="utf-8")
    assert main(_audit(tmp_path, chained, "verify", "--against", str(saved))) == 2
    err = capsys.readouterr().err
    assert f"resettle: --against: {saved}: hash: String should match pattern" in err
    assert main(_audit(tmp_path, chained, "verify", "--against", str(tmp_path / "none"))) == 2
    assert (
        f"resettle: --against: cannot read {tmp_path / 'none'} (No such file"
        in capsys.readouterr().err
    )


def test_verify_on_an_encrypted_database_opens_it_with_the_users_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    monkeypatch.delenv("RESETTLE_DATABASE_URL", raising=False)
    monkeypatch.setenv(PASSWORD_ENV, "quartz-meadow-lantern-61")
    assert main(["--data-dir", str(data), "accounts", "create-admin", "--user", "jo.admin"]) == 0
    monkeypatch.delenv(USER_ENV, raising=False)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "audit", "verify"]) == 2
    assert "is encrypted: it opens when an account signs in" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "--user", "jo.admin", "audit", "verify"]) == 0
    assert "chain intact" in capsys.readouterr().out


def test_verify_in_a_folder_with_no_database_makes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("RESETTLE_DATABASE_URL", raising=False)
    missing = tmp_path / "mistyped"
    assert main(["--data-dir", str(missing), "audit", "verify"]) == 2
    assert "There is no database at" in capsys.readouterr().err
    assert not list(missing.glob("*.sqlite3"))


def test_time_going_backwards_is_a_warning_naming_the_row_not_a_failure(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    restamp(chained, 3, "2000-01-01 00:00:00.000000")  # rehashed: only the time is odd
    assert main(_audit(tmp_path, chained, "verify")) == 0
    out, err = capsys.readouterr()
    assert "chain intact" in out
    assert "Warning: time goes backwards at sequence number 3: 1 row is timed earlier" in err
    assert "transaction's start time" in err
    tamper(chained, "UPDATE audit_log SET action = 'team.created' WHERE seq = 4")
    assert main(_audit(tmp_path, chained, "verify")) == 1  # hash failures still fail
    err = capsys.readouterr().err
    assert "  4: the row does not match its hash" in err and "sequence number 3" in err


def test_a_checkpoint_is_not_written_over_an_earlier_one_unless_forced(
    chained: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "checkpoint.json"
    saved.write_text("an earlier checkpoint\n", encoding="utf-8")
    assert main(_audit(tmp_path, chained, "checkpoint", "--out", str(saved))) == 2
    err = capsys.readouterr().err
    assert f"--out: {saved} already exists" in err and "--force" in err
    assert saved.read_text(encoding="utf-8") == "an earlier checkpoint\n"
    assert main(_audit(tmp_path, chained, "checkpoint", "--out", str(saved), "--force")) == 0
    assert json.loads(saved.read_text(encoding="utf-8"))["seq"] == 5
    assert [path.name for path in tmp_path.glob("checkpoint.json*")] == ["checkpoint.json"]


def test_a_file_made_while_the_database_is_read_is_not_written_over(
    chained: Database,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The check before reading passes; a file made between it and the write is kept."""
    from resettle.services import audit_chain

    saved = tmp_path / "checkpoint.json"
    read_head = audit_chain.audit_checkpoint

    def made_meanwhile(database: Database) -> object:
        saved.write_text("an earlier checkpoint\n", encoding="utf-8")
        return read_head(database)

    monkeypatch.setattr(audit_chain, "audit_checkpoint", made_meanwhile)
    assert main(_audit(tmp_path, chained, "checkpoint", "--out", str(saved))) == 2
    assert f"--out: {saved} already exists" in capsys.readouterr().err
    assert saved.read_text(encoding="utf-8") == "an earlier checkpoint\n"
    assert [path.name for path in tmp_path.glob("checkpoint.json*")] == ["checkpoint.json"]
    assert main(_audit(tmp_path, chained, "checkpoint", "--out", str(saved), "--force")) == 0
    assert json.loads(saved.read_text(encoding="utf-8"))["seq"] == 5


def _disclosed(database_url: str) -> Database:
    """A database with one person and one disclosure with words typed (a note)."""
    from resettle.services import authentication, disclosures, people
    from tests.factories import person_data

    database = open_database(database_url)
    staff_id = seed_account(database, "notes.officer")
    with database.uow() as uow:
        row = uow.staff.get(staff_id)
        assert row is not None
        actor = authentication.actor_of(uow, row)
    person = people.register_person(actor, database.uow(), person_data()).id
    words = {"justification": "other", "justification_text": "Asked", "recipient": "Court"}
    disclosures.record_disclosure(actor, database.uow(), person, words)
    database.close()
    return database


def test_verify_checks_each_disclosure_note_against_its_audit_row(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = _disclosed(database_url)
    assert main(_audit(tmp_path, database, "verify")) == 0
    assert "1 disclosure note matches its audit row." in capsys.readouterr().out
    tamper(database, "UPDATE disclosure_notes SET recipient = 'Someone else'")
    assert main(_audit(tmp_path, database, "verify")) == 1
    captured = capsys.readouterr()
    assert "chain intact" in captured.out  # the chain is fine: the note is not
    with database.engine.connect() as connection:
        seq = connection.execute(
            text("SELECT seq FROM audit_log WHERE action = 'person.disclosed'")
        ).scalar_one()
    assert "Disclosure notes CHANGED" in captured.err and f"audit row(s) {seq} " in captured.err
    tamper(database, "DELETE FROM disclosure_notes")  # as erasure does: nothing to check
    assert main(_audit(tmp_path, database, "verify")) == 0
    capsys.readouterr()
    tamper(
        database,
        "INSERT INTO disclosure_notes (id, person_id, salt, justification_text, recipient, "
        f"created_at) VALUES ('{'a' * 32}', 1, '{'0' * 64}', 'Planted', '', CURRENT_TIMESTAMP)",
    )
    # Words stored without a disclosure recorded (staff who record disclosures may insert
    # notes): said, but not a failure, as a changed note is.
    assert main(_audit(tmp_path, database, "verify")) == 0
    err = capsys.readouterr().err
    assert "Warning: 1 disclosure note(s) named by no audit row: words stored" in err
    assert "erased with their person" in err
