"""``resettle audit list``: the trail's rows, newest first, filtered by account, person,
action and day, opened as ``audit verify`` opens the database (no sign-in)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.audit_actions import AuditAction
from resettle.domain.staff import Role
from resettle.services.audit import record_without_actor
from resettle.services.erasure.erase import erase_person
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.storage.database import Database
from tests.accounts import seed_account
from tests.audit_chain_helpers import append_rows, chain_actor
from tests.factories import person_data, staff_member


def _audit_list(tmp_path: Path, database: Database, *words: str) -> list[str]:
    url = database.url.render_as_string(hide_password=False)
    return ["--data-dir", str(tmp_path), "--database-url", url, "audit", "list", *words]


def _seqs(out: str) -> list[int]:
    return [int(line.split()[0]) for line in out.splitlines() if line[:1].isdigit()]


def test_rows_newest_first_by_account_person_action_and_limit(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = workspace.database
    staff_id = seed_account(database, "listed.officer")
    append_rows(database, chain_actor(staff_id), 3)
    with database.uow() as uow:  # a refused sign-in: no actor, about the account
        record_without_actor(
            uow, AuditAction.ACCOUNT_SIGN_IN_FAILED, staff_id, reason="wrong_password"
        )
        uow.commit()
    registered = workspace.run(register_person, person_data())

    assert main(_audit_list(tmp_path, database, "--limit", "2")) == 0
    out = capsys.readouterr().out
    newest = _seqs(out)
    assert len(newest) == 2 and newest[0] > newest[1]
    assert "--limit N for more" in out

    assert main(_audit_list(tmp_path, database, "--account", "listed.officer")) == 0
    out = capsys.readouterr().out
    assert out.count("team.renamed") == 3 and "account.sign_in_failed" in out
    assert '"reason":"wrong_password"' in out and "person.registered" not in out

    assert main(_audit_list(tmp_path, database, "--person", "a1234bc")) == 0
    out = capsys.readouterr().out
    assert "person.registered" in out and "team.renamed" not in out
    assert f" {registered.id} " in out
    assert "Zoë" not in out  # codes and ids, never the person's data

    assert main(_audit_list(tmp_path, database, "--action", "team.renamed", "--limit", "1")) == 0
    assert capsys.readouterr().out.count("team.renamed") == 1


def test_days_and_bad_filters_are_refused_naming_the_option(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = workspace.database
    append_rows(database, chain_actor(seed_account(database, "days.officer")), 1)
    assert main(_audit_list(tmp_path, database, "--from", "2000-01-01", "--to", "2000-01-02")) == 0
    assert "No audit rows match." in capsys.readouterr().out
    for words, expected in (
        (("--account", "nobody.here"), "--account: no account has that user name"),
        (("--person", "12345"), "--person: must look like A1234BC"),
        (("--person", "B9999ZZ"), "--person: no person with that prison number is held"),
        (("--limit", "0"), "--limit: give a number from 1 to 10,000"),
        (("--from", "2026-03-02", "--to", "2026-03-01"), "--to: the day is before --from"),
    ):
        assert main(_audit_list(tmp_path, database, *words)) == 2
        assert expected in capsys.readouterr().err


def test_an_erased_persons_rows_are_found_by_their_internal_id(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = workspace.database
    person_id = workspace.run(register_person, person_data()).id
    manager = Workspace(database, staff_member(workspace, "list.manager", Role.MANAGER))
    manager.run(erase_person, "A1234BC", "subject_request")

    assert main(_audit_list(tmp_path, database, "--person-id", str(person_id))) == 0

    out = capsys.readouterr().out
    assert "person.erased" in out and "person.registered" in out
