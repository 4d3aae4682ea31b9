"""``resettle accounts``, ``teams`` and ``establishments``; the first administrator of a new
database; the demo database made without signing in. Passwords come from the environment
(scripts) or from prompts (``getpass``, replaced here)."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from resettle.cli import main, password_prompt
from resettle.cli.workspace_opener import NEW_PASSWORD_ENV, PASSWORD_ENV
from resettle.settings import USER_ENV
from tests.cli.conftest import act_as, act_as_demo

ADMIN_PASSWORD = "quartz-meadow-lantern-61"
TEMPORARY = "copper-harbour-violet-27"


def run(data: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """The prompts ``getpass`` is called with; each answers the next of ``answers``."""
    prompts: list[str] = []
    given: Iterator[str] = iter(answers)

    def fake(prompt: str = "Password: ") -> str:
        prompts.append(prompt)
        return next(given)

    monkeypatch.setattr(getpass, "getpass", fake)
    monkeypatch.setattr(password_prompt, "has_terminal", lambda: True)
    return prompts


@pytest.fixture
def admin_dir(
    migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A new database whose first administrator ``first.admin`` was made through the CLI with
    the password from the environment; commands act as it."""
    for name in (USER_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV):
        monkeypatch.delenv(name, raising=False)
    act_as(monkeypatch, "first.admin", ADMIN_PASSWORD)
    code, out, err = run(
        migrated_data_dir, "accounts", "create-admin", "--name", "First Admin", capsys=capsys
    )
    assert code == 0, err
    assert "Created the administrator first.admin" in out
    return migrated_data_dir


def test_the_first_administrator_from_prompts_typed_twice(
    migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    prompts = _typed(monkeypatch, ADMIN_PASSWORD, ADMIN_PASSWORD + "x")
    code, _, err = run(
        migrated_data_dir, "accounts", "create-admin", "--user", "jo.admin", capsys=capsys
    )
    assert code == 2 and "Password: the two passwords typed differ" in err
    assert prompts == ["Password: ", "Password again: "]
    _typed(monkeypatch, ADMIN_PASSWORD, ADMIN_PASSWORD)
    code, out, _ = run(
        migrated_data_dir, "accounts", "create-admin", "--user", "jo.admin", capsys=capsys
    )
    assert code == 0 and "jo.admin" in out
    _typed(monkeypatch, ADMIN_PASSWORD, ADMIN_PASSWORD)
    code, _, err = run(
        migrated_data_dir, "accounts", "create-admin", "--user", "another.admin", capsys=capsys
    )
    assert code == 2 and "already has an administrator" in err
    # The new administrator signs in with the password typed at the prompt.
    _typed(monkeypatch, ADMIN_PASSWORD)
    code, out, _ = run(
        migrated_data_dir, "--user", "jo.admin", "accounts", "list", "--json", capsys=capsys
    )
    assert code == 0 and [a["username"] for a in json.loads(out)] == ["jo.admin"]


def test_a_weak_first_password_names_the_field(
    migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "jo.admin", "short")
    code, _, err = run(migrated_data_dir, "accounts", "create-admin", capsys=capsys)
    assert code == 2 and err.startswith("resettle: password:") and "12 characters" in err
    assert err.count("\n") == 1


def test_an_administrator_manages_accounts_from_the_terminal(
    admin_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(admin_dir, "teams", "create", "pdu-ne", "North East", capsys=capsys)[0] == 0
    assert run(admin_dir, "establishments", "create", "LEI", "HMP Leeds", capsys=capsys)[0] == 0
    monkeypatch.setenv(NEW_PASSWORD_ENV, TEMPORARY)
    code, out, err = run(
        admin_dir,
        "accounts",
        "create",
        "jo.bloggs",
        "--name",
        "Jo Bloggs",
        "--role",
        "officer",
        "--teams",
        "PDU-NE",
        capsys=capsys,
    )
    assert code == 0, err
    assert "must be changed" in out
    code, out, _ = run(admin_dir, "accounts", "show", "jo.bloggs", "--json", capsys=capsys)
    shown = json.loads(out)
    assert (shown["roles"], shown["teams"], shown["must_change_password"]) == (
        ["officer"],
        ["PDU-NE"],
        True,
    )
    assert "password_hash" not in shown
    code, out, _ = run(
        admin_dir, "accounts", "set-roles", "jo.bloggs", "officer", "manager", capsys=capsys
    )
    assert code == 0 and "manager, officer" in out
    code, out, _ = run(
        admin_dir, "accounts", "set-teams", "jo.bloggs", "--managed-teams", "pdu-ne", capsys=capsys
    )
    assert code == 0 and "teams PDU-NE; manages teams PDU-NE" in out
    code, out, _ = run(admin_dir, "accounts", "disable", "jo.bloggs", capsys=capsys)
    assert (code, out.strip()) == (0, "jo.bloggs: disabled, must change password")
    code, out, _ = run(admin_dir, "accounts", "list", capsys=capsys)
    assert "jo.bloggs\tJo Bloggs\tmanager,officer\t" in out
    assert run(admin_dir, "accounts", "enable", "jo.bloggs", capsys=capsys)[0] == 0
    assert run(admin_dir, "accounts", "unlock", "jo.bloggs", capsys=capsys)[0] == 0
    assert run(admin_dir, "accounts", "reset-password", "jo.bloggs", capsys=capsys)[0] == 0
    code, out, _ = run(admin_dir, "teams", "list", "--json", capsys=capsys)
    assert json.loads(out) == [
        {
            "id": 1,
            "code": "PDU-NE",
            "name": "North East",
            "active": True,
            "officers": 1,
            "people": 0,
            "office_phone": "",
            "office_address": "",
        }
    ]
    office = ("teams", "office", "pdu-ne", "--phone", "0191 498 0000", "--address", "1 Quay\\nNE1")
    code, out, _ = run(admin_dir, *office, capsys=capsys)
    assert (code, out.strip()) == (0, "PDU-NE: 0191 498 0000; 1 Quay, NE1")
    code, out, _ = run(admin_dir, "teams", "office", "PDU-NE", "--phone", "", capsys=capsys)
    assert (code, out.strip()) == (0, "PDU-NE: no phone; 1 Quay, NE1")  # the address is kept
    code, _, err = run(admin_dir, "teams", "office", "PDU-NE", "--phone", "999", capsys=capsys)
    assert code == 2 and "Office phone: a UK phone number" in err and err.count("\n") == 1
    assert run(admin_dir, "teams", "rename", "PDU-NE", "North East PDU", capsys=capsys)[0] == 0
    code, out, _ = run(admin_dir, "teams", "deactivate", "PDU-NE", capsys=capsys)
    assert (code, out.strip()) == (0, "PDU-NE is now inactive.")
    code, out, _ = run(admin_dir, "establishments", "rename", "lei", "HMP Leeds", capsys=capsys)
    assert (code, out.strip()) == (0, "LEI: HMP Leeds")
    code, out, _ = run(admin_dir, "establishments", "list", capsys=capsys)
    assert out == "LEI\tHMP Leeds\t0 prison staff\n"

    # The new officer signs in with the temporary password and must change it first.
    act_as(monkeypatch, "jo.bloggs", TEMPORARY)
    code, _, err = run(admin_dir, "accounts", "list", capsys=capsys)
    assert code == 2 and "choose your own" in err
    monkeypatch.setenv(NEW_PASSWORD_ENV, "slate-river-bramble-44")
    code, out, _ = run(admin_dir, "accounts", "change-password", capsys=capsys)
    assert (code, out.strip()) == (0, "Your password is changed.")
    act_as(monkeypatch, "jo.bloggs", "slate-river-bramble-44")
    code, _, err = run(admin_dir, "accounts", "list", capsys=capsys)
    assert code == 2 and "may not manage staff accounts" in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("accounts", "show", "nobody.here"), "User name: no such account."),
        (("accounts", "disable", "first.admin"), "cannot disable your own account"),
        (("accounts", "set-roles", "first.admin", "officer"), "cannot change your own roles"),
        (("accounts", "set-teams", "first.admin", "--teams", "NOPE"), "--teams: no such code"),
        (("teams", "create", "x", "Too short a code"), "Code: 2 to 16 capital letters"),
        (("teams", "rename", "NOPE", "Name"), "Code: no such team"),
        (("teams", "office", "NOPE", "--phone", "0113 496 0000"), "Code: no such team"),
        (("establishments", "rename", "NOPE", "Name"), "Code: no such establishment"),
    ],
)
def test_refusals_are_one_line_naming_the_field(
    admin_dir: Path, args: tuple[str, ...], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(admin_dir, *args, capsys=capsys)
    assert code == 2
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_programme_team_account_needs_an_establishment(
    admin_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(admin_dir, "establishments", "create", "LEI", "HMP Leeds", capsys=capsys)[0] == 0
    monkeypatch.setenv(NEW_PASSWORD_ENV, TEMPORARY)
    create = ("accounts", "create", "tam.tutor", "--name", "Tam Tutor", "--role", "programme_team")
    code, _, err = run(admin_dir, *create, capsys=capsys)
    assert code == 2 and "at least one establishment" in err and err.count("\n") == 1
    code, _, _ = run(admin_dir, "accounts", "show", "tam.tutor", capsys=capsys)
    assert code == 2  # nothing saved
    code, _, err = run(admin_dir, *create, "--establishments", "lei", capsys=capsys)
    assert code == 0, err
    code, out, _ = run(admin_dir, "accounts", "show", "tam.tutor", "--json", capsys=capsys)
    shown = json.loads(out)
    assert (shown["roles"], shown["establishments"]) == (["programme_team"], ["LEI"])


def test_a_new_accounts_password_is_prompted_twice(
    admin_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts = _typed(monkeypatch, TEMPORARY, TEMPORARY)
    code, _, err = run(
        admin_dir,
        "accounts",
        "create",
        "sam.admin",
        "--name",
        "Sam Admin",
        "--role",
        "admin",
        capsys=capsys,
    )
    assert code == 0, err
    assert prompts == ["Temporary password: ", "Temporary password again: "]


def test_the_acting_user_may_follow_the_command(
    admin_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(USER_ENV)
    code, _, err = run(admin_dir, "accounts", "list", capsys=capsys)
    assert code == 2 and "--user NAME" in err
    code, out, _ = run(admin_dir, "accounts", "list", "--user", "first.admin", capsys=capsys)
    assert code == 0 and out.startswith("first.admin\tFirst Admin\tadmin\t")


def test_demo_needs_no_sign_in_and_refuses_a_database_with_accounts(
    admin_dir: Path, migrated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(admin_dir, "demo", "--size", "3", capsys=capsys)
    assert code == 2 and "already has accounts or people" in err
    code, out, _ = run(admin_dir, "demo", "--size", "3", "--if-empty", capsys=capsys)
    assert code == 0 and "not loaded" in out


def test_demo_accounts_sign_in_with_the_documented_password(
    migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(migrated_data_dir, "demo", "--size", "3", capsys=capsys)
    assert code == 0 and "demo-password" in out
    act_as_demo(monkeypatch, "demo.admin")
    code, out, _ = run(migrated_data_dir, "accounts", "list", "--json", capsys=capsys)
    names = {account["username"] for account in json.loads(out)}
    assert {"demo.admin", "demo.manager", "demo.officer", "demo.prison"} <= names


def test_resettle_user_names_the_account_unless_user_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resettle.settings import resolve_settings

    monkeypatch.delenv(USER_ENV, raising=False)
    assert resolve_settings().username is None
    monkeypatch.setenv(USER_ENV, " jo.bloggs ")
    assert resolve_settings().username == "jo.bloggs"
    assert resolve_settings(username="sam.admin").username == "sam.admin"
