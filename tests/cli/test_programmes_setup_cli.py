"""``resettle programmes offer|add-group|sessions|reschedule|retire|restore|add|change``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.staff import Role
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_PASSWORD, seed_account, team_for_tests
from tests.cli.conftest import act_as, officer_workspace
from tests.domain.test_programme_catalogue import programme_data


@pytest.fixture
def data_dir(officer_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = officer_workspace(officer_data_dir)
    with workspace.uow() as uow:
        moorland = uow.staff.add_establishment(EstablishmentRow(code="MDI", name="Moorland")).id
        uow.commit()
    seed_account(
        workspace.database,
        "cli.manager",
        (Role.MANAGER,),
        managed_establishment_ids=[moorland],
        managed_team_ids=[team_for_tests(workspace.database)],
    )
    workspace.close()
    act_as(monkeypatch, "cli.manager", TEST_PASSWORD)
    return officer_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "programmes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_manager_sets_up_a_group_and_moves_a_session(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir, capsys, "offer", "--programme", "BC-MOD", "--establishment", "MDI")
    assert (code, out) == (0, "Offering 1: BC-MOD at MDI\n")
    code, out, _ = run(data_dir, capsys, "offer", "--programme", "BSR", "--team", "TEST")
    assert (code, out) == (0, "Offering 2: BSR at TEST\n")
    group = ("add-group", "--offering", "1", "--code", "G1", "--capacity", "12")
    dates = ("--starts", "2027-01-04", "--ends", "2027-04-16")
    slots = ("--slot", "monday@09:30/150", "--slot", "Thursday@13:30/150")
    code, out, _ = run(data_dir, capsys, *group, *dates, *slots)
    assert (code, out) == (0, "Group 1: G1, 2027-01-04 to 2027-04-16\n")
    code, out, err = run(data_dir, capsys, "sessions", "--group", "1", "--generate")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + 26
    # User trial: a header naming the group and programme, column headings, the module and
    # session in words and a status word for every session (planned ones were blank).
    assert lines[0] == "Group G1 (id 1): Building Choices: moderate intensity at MDI, 26 sessions"
    assert lines[1].split("  ")[0] == "Session"
    for heading in ("Date", "Time", "Type", "Module and session", "Status"):
        assert heading in lines[1], heading
    assert lines[2].split() [:8] == [
        "1", "Mon", "2027-01-04", "09:30-10:30", "One-to-one", "Module", "1,", "session"
    ]  # fmt: skip
    assert "Module 1, session 1: Pre-group: one-to-one session" in lines[2]
    assert all(line.endswith("  Planned") for line in lines[2:])
    assert lines[1].index("Status") == lines[2].index("Planned")
    assert "Bringing it all together: group session 3 of 3" in lines[-1]
    assert lines[3].split()[:5] == ["2", "Thu", "2027-01-07", "13:30-16:00", "Group"]
    code, out, _ = run(data_dir, capsys, "reschedule", "--session", "2", "--to", "2027-01-08T10:00")
    assert (code, out) == (0, "Rescheduled as session 27 at 2027-01-08 10:00\n")
    code, out, _ = run(data_dir, capsys, "sessions", "--group", "g1")
    by_id = {line.split()[0]: line for line in out.splitlines()[2:]}
    assert by_id["2"].endswith("  Replaced (not run)")
    assert by_id["27"].endswith("  Rescheduled (replaces 2)")
    code, out, _ = run(data_dir, capsys, "sessions", "--group", "G1", "--json")
    sessions = {s["id"]: s for s in json.loads(out)}
    assert sessions[2]["replaced"] and sessions[27]["replaces_session_id"] == 2
    assert sessions[27]["starts_at"] == "2027-01-08T10:00:00+00:00"
    code, _, err = run(data_dir, capsys, "reschedule", "--session", "2", "--to", "2027-01-09T10:00")
    assert code != 0 and "Session: was already replaced" in err
    # Out of session hours, on a bank holiday, out of module order: refused naming the start.
    for to, words in (
        ("2027-01-12T18:00", "New start: a session at 18:00-20:30 is outside session hours"),
        ("2027-03-29T10:00", "New start: 29/03/2027 is a bank holiday in England and Wales"),
        ("2027-04-13T10:00", "New start: module 2 session 2 on 13/04/2027 would run after"),
    ):
        code, _, err = run(data_dir, capsys, "reschedule", "--session", "3", "--to", to)
        assert code != 0 and words in err, err
    code, out, _ = run(data_dir, capsys, "sessions", "--group", "1", "--json")
    assert len(json.loads(out)) == 27  # nothing added


def test_refusals_name_the_field(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(data_dir, capsys, "offer", "--programme", "BC-MOD", "--establishment", "XX")
    assert code != 0 and "Establishment: 'XX' is not a known establishment" in err
    code, _, err = run(data_dir, capsys, "offer", "--programme", "NOPE", "--establishment", "MDI")
    assert code != 0 and "Programme: 'NOPE' is not in the programme catalogue" in err
    run(data_dir, capsys, "offer", "--programme", "BC-MOD", "--establishment", "MDI")
    base = ("add-group", "--offering", "1", "--code", "G1", "--starts", "2027-01-04")
    code, _, err = run(data_dir, capsys, *base, "--capacity", "0", "--ends", "2027-03-26")
    assert code != 0 and "Capacity" in err
    code, _, err = run(data_dir, capsys, *base, "--capacity", "5", "--ends", "2027-01-01")
    assert code != 0 and "End date: is before the start date" in err
    code, _, err = run(data_dir, capsys, *base, "--capacity", "5", "--ends", "2027-03-26")
    assert code != 0 and "Weekly schedule: needs at least one day of the week" in err
    with pytest.raises(SystemExit):
        run(data_dir, capsys, *base, "--capacity", "5", "--ends", "2027-03-26", "--slot", "9am")
    assert "is not a slot like monday@09:30/150" in capsys.readouterr().err


def test_catalogue_edits(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(data_dir, capsys, "retire", "BSR")
    assert (code, out) == (0, "BSR is now retired.\n")
    code, out, _ = run(data_dir, capsys, "list")
    assert not any(line.startswith("BSR\t") for line in out.splitlines())
    code, out, _ = run(data_dir, capsys, "list", "--all")
    assert any(line.startswith("BSR\t") and line.endswith("(retired)") for line in out.splitlines())
    run(data_dir, capsys, "restore", "BSR")
    file = tmp_path / "programme.json"
    file.write_text(json.dumps(programme_data()), encoding="utf-8")
    code, out, _ = run(data_dir, capsys, "add", "--file", str(file))
    assert (code, out) == (0, "Added TEST-PROG: Test programme\n")
    file.write_text(json.dumps(programme_data(name="Renamed")), encoding="utf-8")
    code, out, _ = run(data_dir, capsys, "change", "TEST-PROG", "--file", str(file))
    assert (code, out) == (0, "TEST-PROG: Renamed\n")
    file.write_text("{", encoding="utf-8")
    code, _, err = run(data_dir, capsys, "add", "--file", str(file))
    assert code != 0 and "File: programme.json is not valid JSON" in err


def test_an_officer_may_not_set_up_delivery(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(officer_data_dir, capsys, "retire", "BSR")
    assert code != 0 and "may not change the programme catalogue" in err


def test_a_group_code_used_at_two_places_is_refused_naming_them(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(data_dir, capsys, "offer", "--programme", "BC-MOD", "--establishment", "MDI")
    run(data_dir, capsys, "offer", "--programme", "BSR", "--team", "TEST")
    dates = ("--starts", "2027-01-04", "--ends", "2027-04-16", "--slot", "monday@09:30/150")
    for offering in ("1", "2"):
        code, _, err = run(
            data_dir, capsys, "add-group", "--offering", offering, "--code", "G1",
            "--capacity", "12", *dates,
        )  # fmt: skip
        assert code == 0, err
    code, out, err = run(data_dir, capsys, "sessions", "--group", "G1")
    assert (code, out) == (2, "")
    assert (
        "--group: 'G1' is the code of several groups; give the id of one: 1 at MDI, 2 at TEST"
        in err
    )
    code, out, _ = run(data_dir, capsys, "sessions", "--group", "2")
    assert code == 0 and out.startswith("Group G1 (id 2): Building Skills for Recovery at TEST")
    assert "No sessions yet" in out
    code, out, err = run(data_dir, capsys, "sessions", "--group", "G9")
    assert code == 2 and "--group: no group 'G9' that you see" in err


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(["programmes", *args, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps: one line


def test_the_help_names_who_may_from_the_permission_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """User trial: the help said "reschedule ... (managers)" though the programme team may
    reschedule, and --to, --revision and --person had no help text."""
    from resettle.domain.permissions import ROLE_PERMISSIONS, Permission

    def holders(permission: Permission) -> set[str]:
        return {role.label for role, held in ROLE_PERMISSIONS.items() if permission in held}

    assert holders(Permission.RUN_PROGRAMME_SESSIONS) == {"Programme team", "Manager"}
    listing = _help(capsys)
    assert "(managers)" not in listing
    assert "or add a catch-up (Programme team, Manager)" in listing
    assert "offer a programme at a place (Manager)" in listing
    assert "give or withdraw a referral's group place (Programme team)" in listing
    assert "add a programme from a JSON file (Manager, Administrator)" in listing
    assert "from the schedule first (Programme team, Manager)" in _help(capsys, "sessions")
    reschedule = _help(capsys, "reschedule")
    assert "--to YYYY-MM-DDTHH:MM the new start" in reschedule
    move = _help(capsys, "move")
    assert "--to STATUS the status code to move to" in move
    assert "--revision N the referral's revision you read" in move
    assert "--person PRISON_NUMBER the person's prison number" in _help(capsys, "history")
    assert "--person PRISON_NUMBER the person's prison number" in _help(capsys, "refer")


def test_the_readme_lists_every_programmes_command() -> None:
    """User trial: the README's command table had only ``programmes statuses`` and still said
    programme delivery "comes next"."""
    import argparse
    import importlib
    import re

    from resettle.cli.programmes_cmd import ACTION_MODULES

    actions = argparse.ArgumentParser().add_subparsers()
    for module in ACTION_MODULES:
        importlib.import_module(f"resettle.cli.{module}").register(actions)
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if re.match(r"\| `resettle .*programmes ", line)]
    listed = " ".join(row.split(" | ")[0] for row in rows)
    missing = [name for name in actions.choices if not re.search(rf"[ `|]{name}\b", listed)]
    assert missing == []
    assert "comes next" not in readme


def test_the_programmes_help_says_how_to_put_a_mistake_right_and_what_the_files_hold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """User trial: the help did not say a withdrawal made by mistake is corrected, nor what
    the attendance file counts; and it had no way to correct a mark."""
    with pytest.raises(SystemExit):
        main(["programmes", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "correct a referral's last move made by mistake (a withdrawal too" in text
    assert "correct-mark correct one person's mark at a session, saying why" in text
    assert "a session's register (marks, reasons, notes)" in text
    assert "sessions held, attended, absent (acceptable or not), not yet marked" in text
    with pytest.raises(SystemExit):
        main(["programmes", "register", "--help"])
    register = " ".join(capsys.readouterr().out.split())
    assert "--details show notes in full (the table cuts them at 40 characters)" in register
    assert "(the header is row 1)" in register
