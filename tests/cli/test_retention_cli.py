"""``resettle retention ...`` and ``resettle erase`` from a terminal: rules set by an
administrator, the queue and keep decisions for a manager, erasure writing its certificate
beside the database (or into ``--out``), refusals as one line naming the field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from resettle.cli import main
from resettle.domain.staff import Role
from resettle.services.people import register_person
from tests.accounts import TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace
from tests.factories import person_data


def run(data: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data_dir(migrated_data_dir: Path) -> Path:
    """A person whose licence ended eight years ago, an administrator and a manager."""
    workspace = officer_workspace(migrated_data_dir)
    try:
        workspace.run(
            register_person,
            person_data(
                sentence_date=dt.date(2010, 1, 1),
                release_date=dt.date(2012, 1, 1),
                licence_end_date=dt.date(2014, 1, 1),
            ),
        )
        seed_account(workspace.database, "cli.admin", (Role.ADMIN,))
        seed_account(workspace.database, "cli.manager", (Role.MANAGER,))
    finally:
        workspace.close()
    return migrated_data_dir


def test_an_administrator_lists_and_sets_rules(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "cli.admin", TEST_PASSWORD)
    code, out, err = run(data_dir, "retention", "rules", "list", capsys=capsys)
    assert (code, out) == (0, "7 years after licence end\t7 years after licence_end\tthen review\n")
    code, out, err = run(
        data_dir, "retention", "rules", "set", "Closed cases", "--from", "case-closed",
        "--years", "2", "--months", "6", capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (0, "Added rule Closed cases: 2 years 6 months after case_closed, "
                              "then review.\n")  # fmt: skip
    code, out, err = run(
        data_dir, "retention", "rules", "set", "closed cases", "--from", "case_closed",
        "--years", "3", "--inactive", capsys=capsys,
    )  # fmt: skip
    assert code == 0 and out.startswith("Changed rule Closed cases: 3 years")
    code, out, err = run(data_dir, "retention", "rules", "list", "--json", capsys=capsys)
    assert [(r["name"], r["active"]) for r in json.loads(out)] == [
        ("7 years after licence end", True),
        ("Closed cases", False),
    ]
    code, out, err = run(
        data_dir, "retention", "rules", "set", "Bad", "--from", "birthday", "--years", "1",
        capsys=capsys,
    )  # fmt: skip
    assert code == 2 and err.startswith("resettle: counts_from: Counts from:")


def test_a_manager_reviews_keeps_and_erases_with_a_certificate(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    act_as(monkeypatch, "cli.manager", TEST_PASSWORD)
    code, out, err = run(data_dir, "retention", "due", capsys=capsys)
    assert code == 0 and out.startswith("A1234BC\tZoë Ní Bhriain\tdue 2021-01-01\t7 years")
    code, out, err = run(
        data_dir, "retention", "keep", "--person", "A1234BC", "--reason", "Appeal pending",
        "--next-review", "2000-01-01", capsys=capsys,
    )  # fmt: skip
    assert code == 2 and "Next review: choose a date after today" in err
    code, out, err = run(
        data_dir, "retention", "keep", "--person", "A1234BC", "--reason", "Appeal pending",
        "--next-review", "2999-01-01", capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (0, "Kept; next review on 2999-01-01.\n")
    assert run(data_dir, "retention", "due", capsys=capsys)[1] == (
        "Nobody is due for a retention review.\n"
    )
    code, out, err = run(data_dir, "erase", "--person", "A1234BC", "--reason", "", capsys=capsys)
    assert code == 2 and "Reason: give the reason for erasure" in err
    code, out, err = run(
        data_dir, "erase", "--person", "A1234BC", "--reason", "subject-request", capsys=capsys
    )
    assert code == 0, err
    certificate = Path(out.strip().rsplit("Certificate: ", 1)[1])
    assert certificate.parent == data_dir  # beside the database
    text = "".join(page.extract_text() for page in PdfReader(certificate).pages)
    assert "Erasure certificate" in text and "people" in text and "case_notes" in text
    assert "A1234BC" not in text and "Bhriain" not in text
    act_as(monkeypatch, "test.officer", TEST_PASSWORD)
    code, out, err = run(
        data_dir, "erase", "--person", "A1234BC", "--reason", "subject_request",
        "--out", str(tmp_path / "certs"), capsys=capsys,
    )  # fmt: skip
    assert code == 2 and "may not do this (erase_person)" in err
