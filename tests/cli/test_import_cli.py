"""``resettle import people FILE.csv``: encodings, the dry run's report, exit codes, mapping."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from tests.accounts import TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_session, run_cli

HEADER = "NOMS number,CRN,Surname,First name,DOB,Sex,Establishment,Notes"


@pytest.fixture
def data_dir(leeds_data_dir: Path) -> Path:
    return leeds_data_dir


def _row(n: int, surname: str = "Smith", dob: str = "17/05/1990") -> str:
    return f"A{n:04d}BC,X{n:06d},{surname},Zoë,{dob},female,LEI,note {n}"


def _write(file: Path, *rows: str) -> None:
    """``file``: a caseload with the usual header and ``rows``, one a line."""
    file.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")


def _run(
    data_dir: Path, file: Path, *options: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    return run_cli(
        "--data-dir", str(data_dir), "import", "people", str(file), *options, capsys=capsys
    )


def _names(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    code, out, _err = run_cli(
        "--data-dir", str(data_dir), "people", "list", "--json", capsys=capsys
    )
    assert code == 0
    return [p["name"] for p in json.loads(out)]


@pytest.mark.parametrize(
    ("encoding", "newline", "detected"),
    [
        ("utf-8", "\n", "UTF-8"),
        ("utf-8-sig", "\r\n", "UTF-8 with byte-order mark"),
        ("cp1252", "\r\n", "Windows-1252"),
        ("cp1252", "\n", "Windows-1252"),
    ],
)
def test_utf8_with_or_without_bom_and_windows_1252_with_either_line_ending(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    encoding: str,
    newline: str,
    detected: str,
) -> None:
    file = tmp_path / "caseload.csv"
    lines = [HEADER, _row(1, "O’Brien"), _row(2, "Ní Bhriain")]
    file.write_bytes(newline.join(lines).encode(encoding) + newline.encode())
    code, out, err = _run(data_dir, file, capsys=capsys)
    assert code == 0, err
    assert f"as {detected}: 2 rows" in err
    assert "Columns ignored (not Resettle's): Notes" in err
    assert "Imported: 2 made, 0 updated, 0 unchanged, 0 rows refused." in out
    assert sorted(_names(data_dir, capsys)) == ["Zoë Ní Bhriain", "Zoë O’Brien"]


def test_a_dry_run_names_each_bad_cell_writes_a_private_error_report_and_saves_nothing(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    lines = [HEADER, _row(1), _row(2, dob="31/02/1990"), _row(3, surname="=HYPERLINK(1)")]
    lines.append("A0004BC,X000004,Short")
    file.write_text("\r\n".join(lines) + "\r\n", "utf-8")
    code, out, err = _run(data_dir, file, "--dry-run", capsys=capsys)
    assert code == 3  # 2 would be made, 2 refused: as the import of this file exits
    assert "resettle: line 3, DOB: is not a date: February 1990 has no day 31" in err
    assert "resettle: line 5: has 3 cells where the header has 8 columns" in err
    assert "Dry run: 2 would be made, 0 updated, 0 unchanged, 2 rows refused" in out
    report = tmp_path / "caseload-errors.csv"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(report.read_text("utf-8"))))
    assert rows[0] == ["line", "column", "prison_number", "reason"]
    assert [r[:3] for r in rows[1:]] == [["3", "DOB", "A0002BC"], ["5", "", ""]]
    assert _names(data_dir, capsys) == []


def test_the_error_report_is_safe_to_open_in_a_spreadsheet(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "people.csv"
    file.write_text(
        f"{HEADER}\n=cmd|' /C calc'!A0,X000001,Smith,Zoë,17/05/1990,female,LEI,\n", "utf-8"
    )
    errors = tmp_path / "out.csv"
    code, _out, _err = _run(data_dir, file, "--errors", str(errors), capsys=capsys)
    assert code == 2
    (row,) = list(csv.reader(io.StringIO(errors.read_text("utf-8"))))[1:]
    assert row[2].startswith("'=")


def test_all_or_nothing_and_partial_imports_have_their_exit_codes(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    _write(file, _row(1), _row(2, dob="soon"))
    code, _out, err = _run(data_dir, file, "--all-or-nothing", capsys=capsys)
    assert code == 2
    assert "1 row refused and all-or-nothing chosen: nothing was saved" in err
    assert _names(data_dir, capsys) == []
    code, out, _err = _run(data_dir, file, capsys=capsys)
    assert code == 3
    assert "Imported: 1 made" in out
    # Again: nothing new to import is not a success either.
    _write(file, _row(1))
    code, out, err = _run(data_dir, file, capsys=capsys)
    # The counts the import dialog shows, not the bare "Nothing to import".
    assert (code, out) == (
        1,
        "Nothing was saved (0 to make, 0 to update, 1 unchanged, 0 rows refused).\n",
    )
    assert "Nothing to import" in err
    code, out, _err = _run(data_dir, file, "--dry-run", capsys=capsys)
    assert code == 1
    assert "Dry run: 0 would be made, 0 updated, 1 unchanged" in out
    assert _names(data_dir, capsys) == ["Zoë Smith"]


def test_people_changed_in_resettle_since_are_listed_not_overwritten(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    _write(file, _row(1), _row(2))
    assert _run(data_dir, file, capsys=capsys)[0] == 0
    with officer_session(data_dir) as workspace, workspace.uow() as uow:
        person = uow.people.by_prison_number("A0001BC")
        assert person is not None
        person.given_name = "Zoe"  # edited in Resettle (the version moves on)
        uow.commit()
    _write(file, _row(1, "Jones"), _row(2, "Brown"))
    code, out, err = _run(data_dir, file, capsys=capsys)
    assert code == 0
    assert "changed in Resettle since the last import: line 2, A0001BC (left as it is)" in err
    assert "Imported: 0 made, 1 updated" in out
    assert sorted(_names(data_dir, capsys)) == ["Zoe Smith", "Zoë Brown"]


def test_a_mapping_file_names_other_headers(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    file.write_text(
        "Offender No,Case Ref,Family,Given,Born,Gender,Prison\n"
        "A0001BC,X000001,Smith,Zoë,1990-05-17,female,HMP Leeds\n",
        "utf-8",
    )
    code, _out, err = _run(data_dir, file, capsys=capsys)
    assert code == 2
    assert "no column gives Prison number, CRN, Given name, Family name, Date of birth" in err
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps(
            {
                "Offender No": "prison_number",
                "Case Ref": "crn",
                "Family": "family_name",
                "Given": "given_name",
                "Born": "date_of_birth",
                "Gender": "sex",
            }
        ),
        "utf-8",
    )
    code, _out, err = _run(data_dir, file, "--mapping", str(mapping), capsys=capsys)
    assert code == 0, err
    assert _names(data_dir, capsys) == ["Zoë Smith"]


def test_a_mapping_naming_a_column_the_file_lacks_is_refused_naming_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    file.write_text(
        "NOMS No,CRN,First name,Surname,DOB,Sex,Case Officer\n"
        "A0001BC,X000001,Zoë,Smith,1990-05-17,female,\n",
        "utf-8",
    )
    mapping = tmp_path / "map.json"
    mapping.write_text(
        json.dumps({"NOMS No": "prison_number", "Case Oficer": "responsible_officer"}), "utf-8"
    )
    code, out, err = _run(data_dir, file, "--mapping", str(mapping), capsys=capsys)
    assert code == 2
    assert err.strip() == (
        'resettle: --mapping: "Case Oficer" is not a column of caseload.csv (its columns: '
        "NOMS No, CRN, First name, Surname, DOB, Sex, Case Officer)"
    )
    assert out == ""
    assert _names(data_dir, capsys) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (HEADER.encode() + b"\r\n", "holds a header and no rows"),
        (HEADER.encode() + b'\r\n"A1234BC,X1\r\n', "Line 2: the row cannot be read"),
        (b"NOMS number,CRN\r\nA1\x81B,X\r\n", "Line 2, column 3: byte 0x81 is not Windows-1252"),
        (HEADER.encode() + b'\r\n\r\n"x"y,z\r\n', "Line 3: the row cannot be read"),
    ],
)
def test_bad_files_are_refused_naming_the_line(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    file = tmp_path / "bad.csv"
    file.write_bytes(content)
    code, out, err = _run(data_dir, file, capsys=capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and out == ""


def test_nul_in_a_cell_is_named_by_line_and_column(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "nul.csv"
    file.write_bytes(("\n".join([HEADER, _row(1), _row(2, "Sm\0ith")]) + "\n").encode())
    code, _out, err = _run(data_dir, file, capsys=capsys)
    assert code == 3
    assert "line 3, Surname: holds a control character (such as NUL)" in err


def test_a_team_out_of_reach_is_refused(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    _write(file, _row(1))
    code, _out, err = _run(data_dir, file, "--team", "NOPE", capsys=capsys)
    assert code == 2
    assert "--team: not a team you belong to or manage" in err
    assert _names(data_dir, capsys) == []


def _manager(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test team's manager acts (seeded: manages the test team)."""
    from resettle.domain.staff import Role

    with officer_session(data_dir) as workspace:
        seed_account(workspace.database, "test.manager", (Role.MANAGER,))
        seed_account(workspace.database, "col.league")
    act_as(monkeypatch, "test.manager", TEST_PASSWORD)


def _holders(data_dir: Path) -> dict[str, int | None]:
    with officer_session(data_dir) as workspace, workspace.uow() as uow:
        return {
            row.prison_number: row.responsible_officer_id
            for row in (uow.people.get(i) for i in range(1, 20))
            if row is not None
        }


def test_an_officers_import_is_theirs_unless_allocate_to_names_a_colleague(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with officer_session(data_dir) as workspace:
        me = workspace.actor.id
        colleague = seed_account(workspace.database, "col.league")
    file = tmp_path / "caseload.csv"
    _write(file, _row(1))
    assert _run(data_dir, file, capsys=capsys)[0] == 0
    _write(file, _row(2))
    assert _run(data_dir, file, "--allocate-to", "COL.league", capsys=capsys)[0] == 0
    assert _holders(data_dir) == {"A0001BC": me, "A0002BC": colleague}


def test_a_manager_chooses_an_officer_or_none_and_an_unknown_one_is_refused(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _manager(data_dir, monkeypatch)
    file = tmp_path / "caseload.csv"
    _write(file, _row(1))
    code, _out, err = _run(data_dir, file, capsys=capsys)
    assert code == 2
    assert "--allocate-to: choose the officer who holds the people (" in err
    assert "col.league" in err and "or none to leave them unallocated" in err
    code, _out, err = _run(data_dir, file, "--allocate-to", "no.such", capsys=capsys)
    assert code == 2
    assert "--allocate-to: not an active officer of" in err
    assert _holders(data_dir) == {}
    code, out, err = _run(data_dir, file, "--allocate-to", "none", capsys=capsys)
    assert code == 0, err
    assert "Imported: 1 made" in out
    assert _holders(data_dir) == {"A0001BC": None}


def test_a_responsible_officer_column_naming_no_officer_of_the_team_refuses_the_row(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    lines = [HEADER + ",Responsible officer", _row(1) + ",nobody@example.org", _row(2) + ","]
    file.write_text("\n".join(lines) + "\n", "utf-8")
    code, _out, err = _run(data_dir, file, capsys=capsys)
    assert code == 3
    assert (
        "line 2, Responsible officer: is not the user name or email of an active officer in "
        "this team" in err
    )
    assert "nobody@example.org" not in err


def test_each_exit_code_and_a_dry_run_exits_as_its_import_would(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The documented table (docs/importing.md): 0 saved, none refused; 3 saved, some
    refused; 2 nothing saved, the file or a row refused; 1 nothing to import, none refused.
    A dry run exits with the code the import of the same file would (user trial: a dry run
    with refused rows exited 2, the import of the same file 3)."""
    file = tmp_path / "caseload.csv"
    _write(file, *(_row(n) for n in range(1, 4)))
    assert _run(data_dir, file, "--dry-run", capsys=capsys)[0] == 0
    assert _run(data_dir, file, capsys=capsys)[0] == 0
    # 3 unchanged and 7 refused: nothing saved with rows refused is 2, and said so.
    refused = [_row(n, dob="soon") for n in range(4, 11)]
    _write(file, *(_row(n) for n in range(1, 4)), *refused)
    for dry in (("--dry-run",), ()):
        code, out, err = _run(data_dir, file, *dry, capsys=capsys)
        assert code == 2, dry
    assert out == "Nothing was saved (0 to make, 0 to update, 3 unchanged, 7 rows refused).\n"
    assert "resettle: Nothing was saved: 7 rows refused, and no other row makes or" in err
    assert "Nothing to import" not in err
    # One to make and one refused: 3, for the dry run as for the import.
    _write(file, _row(11), _row(12, dob="soon"))
    assert _run(data_dir, file, "--dry-run", capsys=capsys)[0] == 3
    assert _run(data_dir, file, "--dry-run", "--all-or-nothing", capsys=capsys)[0] == 2
    assert _names(data_dir, capsys).count("Zoë Smith") == 3
    code, out, _err = _run(data_dir, file, capsys=capsys)
    assert code == 3 and "Imported: 1 made" in out
    # Nothing new and none refused: 1, dry or not.
    _write(file, _row(11))
    assert _run(data_dir, file, "--dry-run", capsys=capsys)[0] == 1
    assert _run(data_dir, file, capsys=capsys)[0] == 1
