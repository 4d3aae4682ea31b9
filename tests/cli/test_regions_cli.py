"""``resettle regions``, ``teams set-region``, ``establishments set-region`` and
``accounts set-teams --managed-regions``; bad input refused in one line naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_accounts_cli import TEMPORARY, admin_dir, run

__all__ = ["admin_dir"]


def test_an_administrator_keeps_regions_from_the_terminal(
    admin_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from resettle.cli.workspace_opener import NEW_PASSWORD_ENV

    assert run(admin_dir, "teams", "create", "PDU-MAN", "Manchester", capsys=capsys)[0] == 0
    assert (
        run(admin_dir, "establishments", "create", "MRI", "HMP Manchester", capsys=capsys)[0] == 0
    )
    code, out, _ = run(admin_dir, "regions", "list", capsys=capsys)
    assert code == 0 and "No regions yet" in out
    code, out, _ = run(admin_dir, "regions", "add", "gm", "Greater Manchester", capsys=capsys)
    assert (code, out.strip()) == (0, "Created region GM: Greater Manchester")
    code, out, _ = run(admin_dir, "teams", "set-region", "pdu-man", "GM", capsys=capsys)
    assert (code, out.strip()) == (0, "PDU-MAN is in region GM (Greater Manchester).")
    code, out, _ = run(admin_dir, "establishments", "set-region", "MRI", "gm", capsys=capsys)
    assert code == 0
    monkeypatch.setenv(NEW_PASSWORD_ENV, TEMPORARY)
    code, _, err = run(
        admin_dir,
        "accounts",
        "create",
        "head.gm",
        "--name",
        "Head GM",
        "--role",
        "manager",
        "--managed-regions",
        "gm",
        capsys=capsys,
    )
    assert code == 0, err
    code, out, _ = run(admin_dir, "accounts", "show", "head.gm", "--json", capsys=capsys)
    shown = json.loads(out)
    assert (shown["managed_regions"], shown["managed_teams"]) == (["GM"], [])
    code, out, _ = run(admin_dir, "regions", "list", capsys=capsys)
    assert out == "GM\tGreater Manchester\tteams PDU-MAN\testablishments MRI\t1 manager\n"
    code, _, err = run(admin_dir, "regions", "deactivate", "GM", capsys=capsys)
    assert code == 2 and "1 team and 1 establishment are in this region" in err
    assert run(admin_dir, "teams", "set-region", "PDU-MAN", "--none", capsys=capsys)[0] == 0
    assert run(admin_dir, "establishments", "set-region", "MRI", "--none", capsys=capsys)[0] == 0
    code, out, _ = run(admin_dir, "regions", "rename", "GM", "Manchester", capsys=capsys)
    assert (code, out.strip()) == (0, "GM: Manchester")
    code, out, _ = run(admin_dir, "regions", "deactivate", "GM", capsys=capsys)
    assert (code, out.strip()) == (0, "GM is now inactive.")
    code, _, err = run(admin_dir, "teams", "set-region", "PDU-MAN", "GM", capsys=capsys)
    assert code == 2 and "Region: GM is not active" in err
    code, out, _ = run(admin_dir, "regions", "list", "--json", capsys=capsys)
    assert json.loads(out)[0]["active"] is False


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("regions", "add", "x", "Too short a code"), "Code: 2 to 16 capital letters"),
        (("regions", "add", "NW", "   "), "Name: required"),
        (("regions", "rename", "NOPE", "Name"), "Region: no region has the code NOPE."),
        (("regions", "rename", "n w", "Name"), "Code: 2 to 16 capital letters"),
        (("teams", "set-region", "NOPE", "--none"), "Code: no such team NOPE"),
        (("establishments", "set-region", "NOPE", "--none"), "Code: no such establishment"),
        (("teams", "set-region", "NOPE"), "Region: give a region's code or --none"),
        (("teams", "set-region", "NOPE", "NW", "--none"), "Region: give a region's code"),
        (("teams", "set-region", "NOPE", "ZZ"), "Region: no region has the code ZZ."),
        (
            ("accounts", "set-teams", "first.admin", "--managed-regions", "ZZ"),
            "--managed-regions: no such code ZZ",
        ),
    ],
)
def test_bad_input_is_refused_in_one_line_naming_the_field(
    admin_dir: Path, args: tuple[str, ...], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(admin_dir, *args, capsys=capsys)
    assert code == 2, err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_region_code_is_taken_once(admin_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(admin_dir, "regions", "add", "NW", "North West", capsys=capsys)[0] == 0
    code, _, err = run(admin_dir, "regions", "add", "nw", "Another", capsys=capsys)
    assert code == 2 and "Code: another region has it" in err
