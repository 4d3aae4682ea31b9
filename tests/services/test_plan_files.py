"""Saving the person's copy as an accessible web page, a PDF, or both: written whole, audited
once as printed with the formats saved, nothing left behind when it fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from resettle.domain.errors import DomainError
from resettle.private_files import FileNotWritten
from resettle.services.people import register_person
from resettle.services.plans import edit, plan_files, printing
from resettle.services.plans.plan_files import FormatNotOffered, save_plan_files, targets_for
from resettle.services.plans.printing import PlanCopy, PlanFormat
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON, TO_MAPPA
from tests.factories import person_data

ACTION = {
    "pathway": "finance_id",
    "what": "Open a bank account <with> Łukasz",
    "owner": "prison",
    "due": {"kind": "relative", "offset_days": -14},
}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own (the test database lives in ``tmp_path``)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    detail = register_person(workspace.actor, workspace.uow(), person_data())
    edit.save_plan(workspace.actor, workspace.uow(), detail.id, None, [ACTION])
    return detail.id


def _printed(workspace: Workspace) -> list[dict[str, Any]]:
    with workspace.uow() as uow:
        return [dict(r.details) for r in uow.audit.latest(50) if r.action == "plan.printed"]


def _save(workspace: Workspace, person_id: int, targets: dict[PlanFormat, Path], **kw: Any) -> Any:
    kw.setdefault("reason", FOR_THE_PERSON)
    return save_plan_files(workspace.actor, workspace.uow(), person_id, targets, **kw)


def test_the_web_page_is_written_and_audited_as_printed(
    workspace: Workspace, person_id: int, out: Path
) -> None:
    target = out / "plan.html"
    sizes = _save(workspace, person_id, {PlanFormat.HTML: target})
    html = target.read_text("utf-8")
    assert sizes == {PlanFormat.HTML: len(html.encode())}
    assert html.startswith("<!DOCTYPE html>") and "Open a bank account &lt;with&gt; Łukasz" in html
    (row,) = _printed(workspace)
    assert row["formats"] == ["html"] and row["copy"] == "person"
    assert row["to_file"] is True and row["justification"] == "plan_for_person"
    assert list(out.iterdir()) == [target]


def test_both_formats_are_two_files_and_one_row(
    workspace: Workspace, person_id: int, out: Path
) -> None:
    targets = targets_for(out / "plan.pdf", [PlanFormat.PDF, PlanFormat.HTML])
    assert targets == {
        PlanFormat.PDF: out / "plan.pdf",
        PlanFormat.HTML: out / "plan.html",
    }
    _save(workspace, person_id, targets, large_print=True)
    assert (out / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "plan.html").read_bytes().startswith(b"<!DOCTYPE html>")
    (row,) = _printed(workspace)
    assert row["formats"] == ["pdf", "html"] and row["large_print"] is True


def test_a_pdf_print_records_its_format(workspace: Workspace, person_id: int) -> None:
    printing.plan_pdf(workspace.actor, workspace.uow(), person_id, reason=FOR_THE_PERSON)
    assert _printed(workspace)[0]["formats"] == ["pdf"]


def test_the_officers_copy_is_never_a_web_page(
    workspace: Workspace, person_id: int, out: Path
) -> None:
    target = out / "plan.html"
    with pytest.raises(FormatNotOffered, match="Only the person's copy"):
        _save(
            workspace, person_id, {PlanFormat.HTML: target}, copy=PlanCopy.OFFICER, reason=TO_MAPPA
        )
    assert not target.exists() and not _printed(workspace)


def test_no_format_is_refused(workspace: Workspace, person_id: int) -> None:
    with pytest.raises(DomainError, match="at least one format"):
        _save(workspace, person_id, {})
    assert not _printed(workspace)


def test_a_file_that_cannot_be_written_leaves_neither_file_nor_row(
    workspace: Workspace, person_id: int, out: Path
) -> None:
    folder = out / "plan.html"
    folder.mkdir()  # the web page's name is taken by a folder
    pdf = out / "plan.pdf"
    with pytest.raises(FileNotWritten):
        _save(workspace, person_id, {PlanFormat.PDF: pdf, PlanFormat.HTML: folder})
    assert sorted(out.iterdir()) == [folder] and not list(folder.iterdir())
    assert not _printed(workspace)


def test_a_row_that_cannot_be_committed_leaves_no_file(
    workspace: Workspace, person_id: int, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = out / "plan.html"
    old.write_text("the earlier copy", "utf-8")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the audit row could not be written")

    monkeypatch.setattr(plan_files, "record_print", refuse)
    targets = {PlanFormat.PDF: out / "plan.pdf", PlanFormat.HTML: old}
    with pytest.raises(RuntimeError):
        _save(workspace, person_id, targets)
    assert sorted(out.iterdir()) == [old]  # no PDF, no temporary files
    assert old.read_text("utf-8") == "the earlier copy"
