from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from resettle.cli import main
from resettle.services.people import register_person
from resettle.services.plans.edit import save_plan
from tests.cli.conftest import (
    BANK_ACCOUNT,
    FOR_THE_PERSON,
    officer_session,
    plan_print,
    plans_printed,
    run_cli,
)
from tests.factories import another_person, person_data

#: The action on A1234BC's plan: typed text with an apostrophe and a letter beyond Latin-1.
ACTION = {**BANK_ACCOUNT, "what": "Open a bank account with Łukasz's help"}


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    with officer_session(officer_data_dir) as workspace:
        detail = register_person(workspace.actor, workspace.uow(), person_data())
        register_person(
            workspace.actor,
            workspace.uow(),
            another_person(2222, prison_number="B2222CC", crn="Y222222"),
        )
        save_plan(workspace.actor, workspace.uow(), detail.id, None, [ACTION])
    return officer_data_dir


def test_prints_both_copies(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --copy: the officer's copy for a meeting, the person's own for them."""
    officer = data_dir / "out" / "officer.pdf"
    mappa = ("--justification", "mappa_meeting")
    code, out, _ = run_cli(*plan_print(data_dir, "a1234bc", officer, *mappa), capsys=capsys)
    assert code == 0 and "Wrote" in out
    text = _text(officer)
    assert "OFFICIAL-SENSITIVE" in text and "Zoë Ní Bhriain" in text
    assert "Open a bank account with Łukasz's help" in text
    person = data_dir / "out" / "person.pdf"
    code, _, _ = run_cli(*plan_print(data_dir, "A1234BC", person, "--large-print"), capsys=capsys)
    assert code == 0
    assert "OFFICIAL-SENSITIVE" not in _text(person)
    assert not list((data_dir / "out").glob("*.partial"))


def test_person_without_plan_is_a_clear_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = data_dir / "none.pdf"
    code, _, err = run_cli(*plan_print(data_dir, "B2222CC", out_file), capsys=capsys)
    assert code == 2 and "has no plan yet" in err
    assert not out_file.exists()
    empty = plan_print(data_dir, "B2222CC", out_file, "--allow-empty")
    code, _, _ = run_cli(*empty, capsys=capsys)
    assert code == 0 and _text(out_file)


def test_unknown_person_is_named(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(*plan_print(data_dir, "Z0000ZZ", data_dir / "x.pdf"), capsys=capsys)
    assert code == 2 and "not on any caseload you can reach (or no longer exists)" in err


@pytest.mark.usefixtures("renders_in_a_thread")
def test_batch_prints_and_lists_the_skipped(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = ("--data-dir", str(data_dir), "plan", "print-batch", *FOR_THE_PERSON)
    code, out, err = run_cli(*batch, "--out-dir", str(data_dir / "batch"), capsys=capsys)
    assert code == 0 and "Wrote 1 plans" in out
    assert "B2222CC" in err
    assert len(list((data_dir / "batch").glob("*.pdf"))) == 1


def test_unwritable_output_is_a_message_not_a_traceback(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = data_dir / "a-file"
    blocker.write_text("not a folder")
    code, _, err = run_cli(*plan_print(data_dir, "A1234BC", blocker / "plan.pdf"), capsys=capsys)
    assert code == 1 and "a-file" in err and "Traceback" not in err


def _print_args(data_dir: Path, *more: str) -> list[str]:
    """``plan print`` with no justification unless ``more`` gives one."""
    return [
        "--data-dir",
        str(data_dir),
        "plan",
        "print",
        "--person",
        "A1234BC",
        "--out",
        str(data_dir / "j.pdf"),
        *more,
    ]


def test_a_print_without_a_justification_is_refused_naming_the_option(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as missing:
        main(_print_args(data_dir))
    assert missing.value.code == 2
    assert "--justification" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(_print_args(data_dir, "--justification", "curiosity"))
    err = capsys.readouterr().err
    assert "--justification" in err and "curiosity" in err
    code, _, err = run_cli(*_print_args(data_dir, "--justification", "other"), capsys=capsys)
    assert code == 2 and err.startswith("resettle: --justification-text: say what")
    assert not (data_dir / "j.pdf").exists()


def test_a_print_logs_its_justification_and_recipient(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _print_args(
        data_dir, "--justification", "court_report", "--recipient", "Leeds Crown Court"
    )
    code, _, _ = run_cli(*args, capsys=capsys)
    assert code == 0
    with officer_session(data_dir) as workspace, workspace.uow() as uow:
        row = next(r for r in uow.audit.latest(10) if r.action == "plan.printed")
        assert row.details["justification"] == "court_report"
        assert "recipient" not in row.details  # typed words go to the person's note
        assert row.person_id is not None
        notes = uow.disclosure_notes.by_id(row.person_id, [row.details["note_id"]])
        assert notes[row.details["note_id"]].recipient == "Leeds Crown Court"
        assert row.details["to_file"] is True


def test_people_show_prints_one_person_and_logs_one_view(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(
        "--data-dir", str(data_dir), "people", "show", "--person", "a1234bc", capsys=capsys
    )
    assert code == 0 and "A1234BC" in out
    with officer_session(data_dir) as workspace, workspace.uow() as uow:
        views = [r for r in uow.audit.latest(50) if r.action == "person.viewed"]
        assert [r.details for r in views] == [{"view": "command_line"}]


def test_plan_print_takes_the_plan_version_as_plan_version(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--plan-version N`` prints that version of the plan; ``--version`` stays the
    program's own and is not taken for it (nor is an abbreviation such as ``--vers``)."""
    out_file = data_dir / "v1.pdf"
    version_1 = plan_print(data_dir, "A1234BC", out_file, "--plan-version", "1")
    code, out, _ = run_cli(*version_1, capsys=capsys)
    assert code == 0 and "Wrote" in out and "Resettle 0" not in out
    assert "Open a bank account" in _text(out_file)
    version_7 = plan_print(data_dir, "A1234BC", data_dir / "v7.pdf", "--plan-version", "7")
    code, _, err = run_cli(*version_7, capsys=capsys)
    assert code != 0 and "7" in err
    assert not (data_dir / "v7.pdf").exists()
    for word in ("--version", "--vers", "--plan-v"):
        with pytest.raises(SystemExit) as refused:
            main(plan_print(data_dir, "A1234BC", data_dir / "v.pdf", word, "1"))
        assert refused.value.code == 2
        out, err = capsys.readouterr()
        assert "Resettle 0" not in out and f"unrecognized arguments: {word} 1" in err
        assert not (data_dir / "v.pdf").exists()


def test_the_persons_copy_as_a_web_page_or_both(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = data_dir / "out" / "plan.html"
    html_only = plan_print(data_dir, "A1234BC", page, "--format", "html")
    code, out, _ = run_cli(*html_only, capsys=capsys)
    assert code == 0 and f"Wrote {page}" in out
    html = page.read_text("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    assert "Open a bank account with Łukasz&#x27;s help" in html
    assert not (data_dir / "out" / "plan.pdf").exists()
    both = data_dir / "both" / "copy.pdf"
    code, out, _ = run_cli(
        *plan_print(data_dir, "A1234BC", both, "--format", "both"), capsys=capsys
    )
    assert code == 0
    pdf, html_file = both, both.with_suffix(".html")
    assert f"Wrote {pdf}" in out and f"Wrote {html_file}" in out
    assert "Open a bank account with Łukasz's help" in " ".join(_text(pdf).split())  # wrapped
    assert "Łukasz&#x27;s help" in html_file.read_text("utf-8")
    assert sorted(p.name for p in both.parent.iterdir()) == ["copy.html", "copy.pdf"]


def test_the_officers_copy_is_not_offered_as_a_web_page(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = data_dir / "officer.html"
    mappa = ("--justification", "mappa_meeting")
    code, _, err = run_cli(
        *plan_print(data_dir, "A1234BC", page, *mappa, "--format", "html"), capsys=capsys
    )
    assert code == 2 and "Only the person's copy can be saved as a web page" in err
    assert not page.exists()


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [
        ("html", "page.pdf", ".html or .htm"),
        ("pdf", "plan.html", ".pdf"),
        ("pdf", "plan", ".pdf"),
        ("both", "copy.html", ".pdf (the web page is saved beside it as .html)"),
    ],
)
def test_an_out_not_ending_as_the_format_is_refused_before_any_work(
    data_dir: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str, expected: str
) -> None:
    """A web page is never saved under a .pdf name (nor a PDF under .html): one line naming
    --out and the ending expected; nothing is written or audited."""
    folder = data_dir / "mismatch"
    folder.mkdir()
    before = plans_printed(data_dir)
    code, out, err = run_cli(
        *plan_print(data_dir, "A1234BC", folder / name, "--format", fmt), capsys=capsys
    )
    assert (code, out) == (2, "")
    assert err == (
        f"resettle: --out: with --format {fmt} the file name must end {expected}; "
        f"{name} does not.\n"
    )
    assert list(folder.iterdir()) == []
    assert plans_printed(data_dir) == before


@pytest.mark.parametrize("name", ["page.HTM", "Page.Html"])
def test_an_html_page_may_end_htm_in_any_case(
    data_dir: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    page = data_dir / name
    code, out, _ = run_cli(
        *plan_print(data_dir, "A1234BC", page, "--format", "html"), capsys=capsys
    )
    assert code == 0 and f"Wrote {page}" in out


def test_large_print_is_refused_for_a_web_page_alone_and_kept_for_both(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The web page has no large-print form: --large-print with --format html is refused in
    one line, never silently dropped; with both, the PDF is the large-print one."""
    page = data_dir / "page.html"
    before = plans_printed(data_dir)
    code, out, err = run_cli(
        *plan_print(data_dir, "A1234BC", page, "--format", "html", "--large-print"),
        capsys=capsys,
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("resettle: --large-print: the web page has")
    assert not page.exists() and plans_printed(data_dir) == before
    both = data_dir / "large.pdf"
    code, _, _ = run_cli(
        *plan_print(data_dir, "A1234BC", both, "--format", "both", "--large-print"),
        capsys=capsys,
    )
    regular = data_dir / "regular.pdf"
    assert code == 0
    assert run_cli(*plan_print(data_dir, "A1234BC", regular), capsys=capsys)[0] == 0
    # Large print sets fewer words on a page: the same plan takes more pages.
    large_pages = len(PdfReader(io.BytesIO(both.read_bytes())).pages)
    assert large_pages > len(PdfReader(io.BytesIO(regular.read_bytes())).pages)
    assert both.with_suffix(".html").exists()
