"""User trial: ``plan print --out EXISTING.pdf`` replaced the file without ``--force``, and a
batch could replace an earlier file of the same name before its audit row was committed.
One rule for every command that writes a file (``resettle/cli/output_files.py``): an
existing file is refused in one line naming it, before any work, unless ``--force``."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pytest

from resettle.cli import build_parser
from resettle.services.people import register_person
from resettle.services.plans import printing
from resettle.services.plans.edit import save_plan
from tests.cli.conftest import (
    BANK_ACCOUNT,
    FOR_THE_PERSON,
    officer_session,
    plan_print,
    plans_printed,
    run_cli,
)
from tests.disclosures import FOR_THE_PERSON as REASON
from tests.factories import another_person, person_data
from tests.storage_faults import limit_every_connection

#: The two people printed: the same name (Zoë Ní Bhriain), different prison numbers.
FILES = ["plan-A1234BC-person.pdf", "plan-B0001CC-person.pdf"]


@pytest.fixture
def data_dir(leeds_data_dir: Path) -> Path:
    with officer_session(leeds_data_dir) as workspace:
        for data in (person_data(), another_person(1)):
            detail = register_person(workspace.actor, workspace.uow(), data)
            save_plan(workspace.actor, workspace.uow(), detail.id, None, [BANK_ACCOUNT])
    return leeds_data_dir


def _refusal(path: Path, option: str = "--out", more: str = "") -> str:
    return (
        f"resettle: {option}: {path} already exists{more}: choose a new name, or add --force "
        "to replace it.\n"
    )


def test_plan_print_refuses_an_existing_file_unless_forced(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"an earlier plan")
    before = plans_printed(data_dir)
    code, out, err = run_cli(*plan_print(data_dir, "A1234BC", target), capsys=capsys)
    assert (code, out, err) == (2, "", _refusal(target))
    assert target.read_bytes() == b"an earlier plan"
    assert plans_printed(data_dir) == before  # refused before anything was read or audited
    code, out, _ = run_cli(*plan_print(data_dir, "A1234BC", target, "--force"), capsys=capsys)
    assert code == 0 and f"Wrote {target}" in out
    assert target.read_bytes().startswith(b"%PDF")
    assert sum(plans_printed(data_dir).values()) == sum(before.values()) + 1


@pytest.mark.parametrize("there", ["copy.pdf", "copy.html"])
def test_plan_print_both_refuses_either_existing_file_unless_forced(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], there: str
) -> None:
    """``--format both`` writes FILE.pdf and FILE.html: either already there refuses the
    whole print before any work, naming that file; nothing is written or audited."""
    folder = tmp_path / "copies"
    folder.mkdir()
    out = folder / "copy.pdf"
    earlier = folder / there
    earlier.write_bytes(b"an earlier copy")
    before = plans_printed(data_dir)
    both = plan_print(data_dir, "A1234BC", out, "--format", "both")
    code, printed, err = run_cli(*both, capsys=capsys)
    assert (code, printed, err) == (2, "", _refusal(earlier))
    assert sorted(p.name for p in folder.iterdir()) == [there]
    assert earlier.read_bytes() == b"an earlier copy"
    assert plans_printed(data_dir) == before
    code, printed, _ = run_cli(*both, "--force", capsys=capsys)
    assert code == 0 and f"Wrote {out}" in printed and f"Wrote {folder / 'copy.html'}" in printed
    assert out.read_bytes().startswith(b"%PDF")
    assert (folder / "copy.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert sum(plans_printed(data_dir).values()) == sum(before.values()) + 1


def test_plan_print_html_refuses_an_existing_page_unless_forced(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "plan.html"
    page.write_text("an earlier page", "utf-8")
    html = plan_print(data_dir, "A1234BC", page, "--format", "html")
    assert run_cli(*html, capsys=capsys) == (2, "", _refusal(page))
    assert page.read_text("utf-8") == "an earlier page"
    code, _, _ = run_cli(*html, "--force", capsys=capsys)
    assert code == 0 and page.read_text("utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.usefixtures("renders_in_a_thread")
def test_a_batch_names_people_of_the_same_name_apart_and_never_replaces_unasked(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "plans"
    common = ("--data-dir", str(data_dir), "plan", "print-batch", *FOR_THE_PERSON)
    code, out, _ = run_cli(*common, "--out-dir", str(folder), capsys=capsys)
    assert code == 0 and "Wrote 2 plans" in out
    assert sorted(p.name for p in folder.iterdir()) == FILES
    first = {name: (folder / name).read_bytes() for name in FILES}
    (folder / FILES[0]).write_bytes(b"annotated by hand")
    before = plans_printed(data_dir)
    code, out, err = run_cli(*common, "--out-dir", str(folder), capsys=capsys)
    assert (code, out) == (2, "")
    assert err == (
        f"resettle: --out-dir: {folder / FILES[0]} already exists (and 1 more of these plans): "
        "choose another folder, or add --force to replace them.\n"
    )
    assert (folder / FILES[0]).read_bytes() == b"annotated by hand"
    assert (folder / FILES[1]).read_bytes() == first[FILES[1]]
    assert plans_printed(data_dir) == before
    code, out, _ = run_cli(*common, "--out-dir", str(folder), "--force", capsys=capsys)
    assert code == 0 and "Wrote 2 plans" in out
    assert (folder / FILES[0]).read_bytes().startswith(b"%PDF")
    assert sum(plans_printed(data_dir).values()) == sum(before.values()) + 2
    assert sorted(p.name for p in folder.iterdir()) == FILES  # no temporary file left


@pytest.mark.usefixtures("renders_in_a_thread")
def test_a_file_made_after_the_check_is_kept_and_its_person_not_audited(
    data_dir: Path, tmp_path: Path
) -> None:
    """The service's own rule (the GUI's batch, or a file made after the command's check):
    the earlier file is kept, that person is listed as not printed, and no row says they
    were."""
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / FILES[1]).write_bytes(b"someone else's")
    with officer_session(data_dir) as workspace:
        with workspace.uow() as uow:
            ids = sorted(uow.plans.people_with_plans([1, 2]))
        result = printing.print_batch(
            workspace, ids, folder, printing.PlanCopy.PERSON, reason=REASON
        )
    assert [p.name for p in result.written] == [FILES[0]]
    (skipped,) = result.skipped
    assert skipped.endswith(f"{FILES[1]} is already in the folder (kept).")
    assert (folder / FILES[1]).read_bytes() == b"someone else's"
    assert plans_printed(data_dir) == Counter({ids[0]: 1})
    assert sorted(p.name for p in folder.iterdir()) == FILES


@pytest.mark.usefixtures("renders_in_a_thread")
def test_a_forced_batch_whose_audit_rows_fail_keeps_the_earlier_files(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Write, audit, then place: a plan whose row is not committed never replaces the file
    of that name, even with --force."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in FILES:
        (folder / name).write_bytes(b"earlier " + name.encode())
    before = plans_printed(data_dir)
    common = ("--data-dir", str(data_dir), "plan", "print-batch", *FOR_THE_PERSON)
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "read_only")
        code, _, err = run_cli(*common, "--out-dir", str(folder), "--force", capsys=capsys)
    assert code != 0 and "Traceback" not in err
    for name in FILES:
        assert (folder / name).read_bytes() == b"earlier " + name.encode()
    assert sorted(p.name for p in folder.iterdir()) == FILES
    assert plans_printed(data_dir) == before


def test_the_import_error_report_is_never_replaced_unasked(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "caseload.csv"
    file.write_text(
        "NOMS number,CRN,Surname,First name,DOB,Sex,Establishment\n"
        "A0001BC,X000001,Smith,Sam,31/02/1990,male,LEI\n",
        "utf-8",
    )
    report = tmp_path / "mine.csv"
    report.write_text("kept", "utf-8")
    common = ("--data-dir", str(data_dir), "import", "people", str(file), "--dry-run")
    code, out, err = run_cli(*common, "--errors", str(report), capsys=capsys)
    assert (code, out, err) == (2, "", _refusal(report, "--errors"))
    assert report.read_text("utf-8") == "kept"
    code, _, _ = run_cli(*common, "--errors", str(report), "--force", capsys=capsys)
    assert code == 2 and report.read_text("utf-8").startswith("line,column")
    # Beside the file, the report is the latest run's: an earlier run's report is replaced,
    # never piled up under new names (tests/cli/test_import_error_report.py has the rest).
    for _run_number in range(3):
        code, _, err = run_cli(*common, capsys=capsys)
        assert code == 2 and f"Wrote the error report to {tmp_path / 'caseload-errors.csv'}" in err
    assert (tmp_path / "caseload-errors.csv").read_text("utf-8").startswith("line,column")
    assert not list(tmp_path.glob("caseload-errors-*.csv"))


#: Options naming a file a command writes, and the commands that write one file they name
#: themselves into a folder, never replacing it (no --force to give).
OUTPUT_OPTIONS = {"--out", "--csv", "--errors", "--out-dir"}
FOLDER_ONLY = {("sar", "--out"), ("erase", "--out")}
NEVER_REPLACED = {("backup", "--out")}  # a backup never overwrites (services/backup.py)


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found = [(path, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*path, name))
    return found


def test_every_command_writing_a_file_it_is_given_takes_force() -> None:
    writers = []
    for path, parser in _commands(build_parser()):
        options = {o for a in parser._actions for o in a.option_strings}
        for option in sorted(options & OUTPUT_OPTIONS):
            key = (path[-1], option)
            if key in FOLDER_ONLY or key in NEVER_REPLACED:
                continue
            writers.append(" ".join(path))
            assert "--force" in options, f"{' '.join(path)} {option} has no --force"
    assert {"plan print", "plan print-batch", "report caseload", "import people"} <= set(writers)
