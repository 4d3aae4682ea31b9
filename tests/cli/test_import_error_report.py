"""``resettle import people``'s error report beside the file: the latest run's, replacing an
earlier run's report (repeated dry runs leave one file, no ``-errors-2.csv``), never a file
of the user's under that name unless ``--force``; and a re-import naming another officer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.accounts import TEST_OFFICER
from tests.cli.conftest import officer_workspace, run_cli
from tests.factories import staff_member

HEADER = "NOMS number,CRN,Surname,First name,DOB,Sex,Establishment"


@pytest.fixture
def data_dir(leeds_data_dir: Path) -> Path:
    return leeds_data_dir


def _run(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli("--data-dir", str(data_dir), "import", "people", *args, capsys=capsys)


def _write(file: Path, *rows: str) -> None:
    file.write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")


def _report_lines(path: Path) -> list[str]:
    return [row[0] for row in list(csv.reader(io.StringIO(path.read_text("utf-8"))))[1:]]


def test_repeated_dry_runs_replace_the_report_beside_the_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    file = folder / "caseload.csv"
    _write(file, "A0001BC,X000001,Smith,Sam,31/02/1990,male,LEI")
    report = folder / "caseload-errors.csv"
    for _ in range(3):
        code, _out, err = _run(data_dir, str(file), "--dry-run", capsys=capsys)
        assert code == 2 and f"Wrote the error report to {report}" in err
    assert sorted(p.name for p in folder.iterdir()) == ["caseload-errors.csv", "caseload.csv"]
    assert _report_lines(report) == ["2"]
    # The file corrected by a row: the report is the latest run's, not the first's.
    _write(
        file,
        "A0001BC,X000001,Smith,Sam,17/02/1990,male,LEI",
        "A0002BC,X000002,Jones,Al,soon,male,LEI",
    )
    code, _out, _err = _run(data_dir, str(file), "--dry-run", capsys=capsys)
    assert code == 3 and _report_lines(report) == ["3"]  # as the import exits
    # A real run replaces it too; a run with nothing to report says the one there is old.
    code, _out, _err = _run(data_dir, str(file), capsys=capsys)
    assert code == 3 and _report_lines(report) == ["3"]
    _write(file, "A0001BC,X000001,Smith,Sam,17/02/1990,male,LEI")
    code, _out, err = _run(data_dir, str(file), "--dry-run", capsys=capsys)
    assert code == 1
    assert f"No row to report: {report} is an earlier run's report." in err
    assert sorted(p.name for p in folder.iterdir()) == ["caseload-errors.csv", "caseload.csv"]


def test_a_users_file_under_the_reports_name_is_refused_before_anything_is_read(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    _write(file, "A0001BC,X000001,Smith,Sam,31/02/1990,male,LEI")
    report = tmp_path / "caseload-errors.csv"
    report.write_text("my own notes\n", "utf-8")
    code, out, err = _run(data_dir, str(file), capsys=capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"resettle: --errors: {report} already exists and is not an error report of an "
        "earlier import: choose a new name, or add --force to replace it.\n"
    )
    assert report.read_text("utf-8") == "my own notes\n"
    # A link to a report is not replaced either (it would write through the link).
    report.unlink()
    target = tmp_path / "elsewhere.csv"
    target.write_text("line,column,prison_number,reason\r\n", "utf-8")
    report.symlink_to(target)
    code, _out, err = _run(data_dir, str(file), "--dry-run", capsys=capsys)
    assert code == 2 and "already exists and is not an error report" in err
    report.unlink()
    report.write_text("my own notes\n", "utf-8")
    code, _out, err = _run(data_dir, str(file), "--dry-run", "--force", capsys=capsys)
    assert code == 2 and _report_lines(report) == ["2"]
    # --errors names another file, and leaves the default one alone.
    other = tmp_path / "other.csv"
    code, _out, err = _run(data_dir, str(file), "--dry-run", "--errors", str(other), capsys=capsys)
    assert code == 2 and _report_lines(other) == ["2"]
    assert f"Wrote the error report to {other}" in err


def test_a_re_import_naming_another_officer_says_it_did_not_re_allocate(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = officer_workspace(data_dir)
    staff_member(workspace, "col.league")
    workspace.close()
    file = tmp_path / "caseload.csv"
    header = HEADER + ",Responsible officer\n"
    file.write_text(header + "A0001BC,X000001,Smith,Sam,17/02/1990,male,LEI,col.league\n")
    assert _run(data_dir, str(file), capsys=capsys)[0] == 0
    file.write_text(header + "A0001BC,X000001,Smith,Sam,17/02/1990,male,LEI,\n")
    # An empty cell names nobody: nothing to say.
    code, out, err = _run(data_dir, str(file), capsys=capsys)
    assert (code, out) == (
        1,
        "Nothing was saved (0 to make, 0 to update, 1 unchanged, 0 rows refused).\n",
    )
    assert "re-allocate" not in err
    file.write_text(header + f"A0001BC,X000001,Smith,Sam,17/02/1990,male,LEI,{TEST_OFFICER}\n")
    code, out, err = _run(data_dir, str(file), capsys=capsys)
    assert (code, out) == (
        1,
        "Nothing was saved (0 to make, 0 to update, 1 unchanged, 0 rows refused).\n",
    )
    assert (
        "line 2, Responsible officer: names another officer than the one who holds the "
        "person: an import does not re-allocate; use Cases > Allocate (A0001BC not re-allocated)"
    ) in err
    report = tmp_path / "caseload-errors.csv"
    assert _report_lines(report) == ["2"]


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_the_report_is_never_written_over_the_file_being_imported(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], force: tuple[str, ...]
) -> None:
    """--errors naming the import file itself (here through another spelling) is refused,
    --force or not, before anything is read: the file is left as it was."""
    file = tmp_path / "caseload.csv"
    _write(file, "A0001BC,X000001,Smith,Sam,31/02/1990,male,LEI")
    before = file.read_bytes()
    same = tmp_path / "sub" / ".." / "caseload.csv"
    (tmp_path / "sub").mkdir()
    code, out, err = _run(data_dir, str(file), "--errors", str(same), *force, capsys=capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"resettle: --errors: {same} is the file being imported: choose another name for "
        "the error report.\n"
    )
    assert file.read_bytes() == before
