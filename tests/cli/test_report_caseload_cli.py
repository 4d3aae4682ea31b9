"""``resettle report caseload``: the PDF with its justification, the CSV with a byte-order
mark, and the options each refuses, by name."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from resettle.cli import main
from tests.services.measures_dataset import Dataset


@pytest.fixture
def data_dir(measures_data_dir: tuple[Path, Dataset]) -> tuple[Path, Dataset]:
    return measures_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "report", "caseload", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_pdf_report_is_written_with_its_justification(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "caseload.pdf"
    code, out, err = run(
        data_dir[0], capsys, "--out", str(target), "--justification", "caseload_management"
    )
    assert (code, err) == (0, "")
    assert f"Wrote the caseload report to {target}" in out
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(target).pages]
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)
    assert "Scope Teams of the people reached: " in pages[0]
    assert "Establishments holding them: " in pages[0]
    assert "Other team" not in " ".join(pages)  # the manager manages the test team only


def test_the_pdf_needs_a_justification_and_never_overwrites_unasked(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "caseload.pdf"
    code, _out, err = run(data_dir[0], capsys, "--out", str(target))
    assert code == 2 and "--justification" in err and not target.exists()
    target.write_bytes(b"keep me")
    code, _out, err = run(
        data_dir[0], capsys, "--out", str(target), "--justification", "inspection"
    )
    assert code == 2 and "--force" in err
    assert target.read_bytes() == b"keep me"


def test_the_csv_is_the_caseload_list_with_a_byte_order_mark(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "caseload.csv"
    code, out, err = run(data_dir[0], capsys, "--csv", str(target))
    assert (code, err) == (0, "")
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Prison number"]
    assert f"Wrote {len(rows) - 1} people to {target}." in out


def test_the_csv_refuses_the_reports_narrowing_by_name(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "caseload.csv"
    code, _out, err = run(data_dir[0], capsys, "--csv", str(target), "--team", "TEST", "--redact")
    assert code == 2
    assert "--team narrows the PDF report only" in err and "--redact" in err
    assert not target.exists()
