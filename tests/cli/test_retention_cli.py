"""``resettle retention ...`` and ``resettle erase`` from a terminal: rules set by an
administrator, the queue and keep decisions for a manager, erasure writing its certificate
beside the database (or into ``--out``), refusals as one line naming the field."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
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
    assert (code, out) == (
        0,
        "7 years after licence end\t7 years after licence (sentence) end\tthen review\tActive\n",
    )
    code, out, err = run(
        data_dir, "retention", "rules", "set", "Closed cases", "--from", "case-closed",
        "--years", "2", "--months", "6", capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (0, "Added rule Closed cases: 2 years 6 months after case closed, "
                              "then review.\n")  # fmt: skip
    code, out, err = run(
        data_dir, "retention", "rules", "set", "closed CASES", "--from", "case_closed",
        "--years", "3", capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (2, "")  # names are unique in any case: not a silent change
    assert err == (
        "resettle: NAME: there is already a rule called Closed cases; to change it, give its "
        "name exactly as `retention rules list` shows it\n"
    )
    code, out, err = run(
        data_dir, "retention", "rules", "set", "Closed cases", "--from", "case_closed",
        "--years", "3", "--inactive", capsys=capsys,
    )  # fmt: skip
    assert code == 0 and out.startswith("Changed rule Closed cases: 3 years")
    code, out, err = run(data_dir, "retention", "rules", "list", capsys=capsys)
    assert out.splitlines()[1].endswith("\tthen review\tNot used")  # the Retention tab's word
    code, out, err = run(data_dir, "retention", "rules", "list", "--json", capsys=capsys)
    assert [(r["name"], r["active"]) for r in json.loads(out)] == [
        ("7 years after licence end", True),
        ("Closed cases", False),
    ]
    code, out, err = run(
        data_dir, "retention", "rules", "set", "Bad", "--from", "birthday", "--years", "1",
        capsys=capsys,
    )  # fmt: skip
    assert code == 2 and err.startswith("resettle: --from: 'birthday' is not one of ")


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
    assert code == 2 and "resettle: --next-review: choose a date after today" in err
    code, out, err = run(
        data_dir, "retention", "keep", "--person", "A1234BC", "--reason", "Appeal pending",
        "--next-review", "2999-01-01", capsys=capsys,
    )  # fmt: skip
    assert (code, out) == (0, "Kept; next review on 2999-01-01.\n")
    assert run(data_dir, "retention", "due", capsys=capsys)[1] == (
        "No one is due for a retention review.\n"
    )
    code, out, err = run(
        data_dir, "erase", "--person", "A1234BC", "--reason", "", "--yes", capsys=capsys
    )
    assert code == 2 and "resettle: --reason: give the reason for erasure" in err
    code, out, err = run(
        data_dir, "erase", "--person", "A1234BC", "--reason", "subject-request", "--yes",
        capsys=capsys,
    )  # fmt: skip
    assert code == 0, err
    certificate = Path(out.strip().rsplit("Certificate: ", 1)[1])
    assert certificate.parent == data_dir  # beside the database
    text = "".join(page.extract_text() for page in PdfReader(certificate).pages)
    assert "Erasure certificate" in text and "people" in text and "case_notes" in text
    assert "A1234BC" not in text and "Bhriain" not in text
    act_as(monkeypatch, "test.officer", TEST_PASSWORD)
    code, out, err = run(
        data_dir, "erase", "--person", "A1234BC", "--reason", "subject_request",
        "--out", str(tmp_path / "certs"), "--yes", capsys=capsys,
    )  # fmt: skip
    assert code == 2 and "may not erase a person's record" in err


class _Terminal(io.StringIO):
    """Standard input as a terminal someone types at."""

    def isatty(self) -> bool:
        return True


def test_erase_asks_for_the_prison_number_at_a_terminal_and_refuses_without_one(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "cli.manager", TEST_PASSWORD)
    erase = ("erase", "--person", "A1234BC", "--reason", "subject_request")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a script: nobody to type
    code, out, err = run(data_dir, *erase, capsys=capsys)
    assert code == 2 and "no terminal to type it at: add --yes" in err
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    typed: list[str] = []

    def answer(prompt: str) -> str:
        typed.append(prompt)
        return answers.pop(0)

    answers = ["A1234BD", " a1234bc "]
    monkeypatch.setattr("builtins.input", answer)
    code, out, err = run(data_dir, *erase, capsys=capsys)
    assert code == 1 and "Not erased: that is not the prison number." in err
    assert typed == ["Type A1234BC to erase, anything else to stop: "]
    assert run(data_dir, "retention", "due", capsys=capsys)[1].startswith("A1234BC")
    code, out, err = run(data_dir, *erase, capsys=capsys)
    assert code == 0 and out.startswith("Erased:"), err
    assert run(data_dir, "retention", "due", capsys=capsys)[1].startswith("No one is due")


@pytest.mark.parametrize(
    "command",
    [
        ("erase", "--reason", "subject_request", "--yes"),
        ("retention", "keep", "--reason", "Appeal", "--next-review", "2999-01-01"),
        ("sar", "--out", "sar-folder"),
        ("plan", "print", "--out", "plan.pdf", "--justification", "plan_for_person"),
        ("people", "show"),
    ],
)
@pytest.mark.parametrize(
    "typed, said",
    [
        ("A12BC", "--person: must look like A1234BC (a letter, four digits, two letters)"),
        (" ", "--person: give the prison number of the person"),
    ],
)
def test_every_command_taking_a_prison_number_refuses_a_malformed_one_alike(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: tuple[str, ...],
    typed: str,
    said: str,
) -> None:
    act_as(monkeypatch, "cli.manager", TEST_PASSWORD)
    code, out, err = run(data_dir, *command, "--person", typed, capsys=capsys)
    assert (code, out, err) == (2, "", f"resettle: {said}\n")


def test_retention_refusals_name_the_option_typed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "cli.manager", TEST_PASSWORD)
    code, _, err = run(
        data_dir, "retention", "keep", "--person", "A1234BC", "--reason", "Appeal",
        "--next-review", "soon", capsys=capsys,
    )  # fmt: skip
    assert (code, err) == (2, "resettle: --next-review: a date as YYYY-MM-DD\n")
    act_as(monkeypatch, "cli.admin", TEST_PASSWORD)
    code, _, err = run(
        data_dir, "retention", "rules", "set", "Short", "--from", "release_date",
        capsys=capsys,
    )  # fmt: skip
    assert (code, err) == (
        2,
        "resettle: --years/--months: give at least one month (in years, months or both)\n",
    )
    code, _, err = run(
        data_dir, "retention", "rules", "set", "Short", "--from", "release_date",
        "--months", "0", capsys=capsys,
    )  # fmt: skip
    assert err.startswith("resettle: --years/--months: give at least one month")
    code, _, err = run(
        data_dir, "retention", "rules", "set", "Short", "--from", "release_date", "--years", "1",
        "--rename", "x" * 101, capsys=capsys,
    )  # fmt: skip
    assert code == 2 and err.startswith("resettle: --rename: ")
    assert "counts_from" not in err and "next_review_on" not in err


def test_keep_and_erase_refuse_a_person_out_of_reach_in_the_same_words(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Neither says whether the person exists."""
    act_as(monkeypatch, "cli.manager", TEST_PASSWORD)
    keep = run(
        data_dir, "retention", "keep", "--person", "Z9999ZZ", "--reason", "Appeal pending",
        "--next-review", "2999-01-01", capsys=capsys,
    )  # fmt: skip
    erase = run(
        data_dir, "erase", "--person", "Z9999ZZ", "--reason", "subject_request", "--yes",
        capsys=capsys,
    )  # fmt: skip
    assert keep[0] == erase[0] == 2
    assert keep[2] == erase[2]
    assert "not on any caseload you can reach (or no longer exists)" in keep[2]
