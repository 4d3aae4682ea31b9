"""``resettle sar``: arguments, dates, an unknown person, refusal, and the files written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.staff import Role
from resettle.services.case_record.notes import add_case_note
from resettle.services.people import register_person
from tests.accounts import TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace
from tests.factories import person_data


@pytest.fixture
def data_dir(officer_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A person on the test team with one note; commands act as the team's manager."""
    workspace = officer_workspace(officer_data_dir)
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    add_case_note(workspace.actor, workspace.uow(), detail.id, {"text": "Met today."})
    seed_account(workspace.database, "test.manager", (Role.MANAGER,))
    workspace.close()
    act_as(monkeypatch, "test.manager", TEST_PASSWORD)
    return officer_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "sar", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_exports_json_and_pdf_into_the_folder_and_says_where(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "requests"
    code, out, _ = run(data_dir, capsys, "--person", "a1234bc", "--out", str(out_dir))
    assert code == 0
    files = sorted(out_dir.iterdir())
    assert [f.suffix for f in files] == [".json", ".pdf"]
    assert all(f"Wrote {f}" in out for f in files) and "keeps no copy" in out
    content = json.loads(files[0].read_text(encoding="utf-8"))["content"]
    assert content["profile"]["prison_number"] == "A1234BC"
    assert content["notes"][0]["text"] == "Met today."
    assert content["request"]["from"] is None and content["request"]["to"] is None
    assert files[1].read_bytes().startswith(b"%PDF")


def test_the_dates_asked_for_are_inclusive(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, _ = run(
        data_dir,
        capsys,
        *("--person", "A1234BC", "--out", str(tmp_path / "old")),
        *("--from", "2020-01-01", "--to", "2020-12-31"),
    )
    assert code == 0
    (old,) = (tmp_path / "old").glob("*.json")
    content = json.loads(old.read_text(encoding="utf-8"))["content"]
    assert content["request"]["from"] == "2020-01-01" and content["request"]["to"] == "2020-12-31"
    assert content["notes"] == [] and content["audit"] == []


def test_a_date_that_is_not_one_is_refused_naming_the_option(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(
            data_dir,
            capsys,
            "--person",
            "A1234BC",
            "--out",
            str(tmp_path / "x"),
            "--from",
            "2026-13-01",
        )
    assert stopped.value.code == 2
    assert "argument --from: '2026-13-01' is not a date" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_an_end_before_the_start_is_refused_naming_the_option(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        data_dir,
        capsys,
        *("--person", "A1234BC", "--out", str(tmp_path / "x")),
        *("--from", "2026-03-02", "--to", "2026-03-01"),
    )
    assert code == 2 and "resettle: --to: 2026-03-01 is before the from date (2026-03-02)" in err
    assert not (tmp_path / "x").exists()


def test_an_unknown_prison_number_writes_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(data_dir, capsys, "--person", "Z9999ZZ", "--out", str(tmp_path / "x"))
    assert code != 0 and out == ""
    assert "not on any caseload you can reach (or no longer exists)" in err
    assert not (tmp_path / "x").exists()


def test_an_officer_is_refused_and_nothing_is_written(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    act_as(monkeypatch, "test.officer", TEST_PASSWORD)
    code, _, err = run(data_dir, capsys, "--person", "A1234BC", "--out", str(tmp_path / "x"))
    assert code == 2 and "may not export a subject access request" in err
    assert not (tmp_path / "x").exists()


def test_a_file_given_as_the_folder_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    taken = tmp_path / "taken.txt"
    taken.write_text("mine", encoding="utf-8")
    code, _, err = run(data_dir, capsys, "--person", "A1234BC", "--out", str(taken))
    assert code == 2 and "--out" in err and "not a folder" in err
    assert taken.read_text(encoding="utf-8") == "mine"
