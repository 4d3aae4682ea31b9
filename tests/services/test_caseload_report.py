"""The caseload report on the hand-counted caseload (``measures_dataset.py``): its text read
back, the redacted copy naming nobody in full, the disclosure audited person by person, and
the accounts that may not print it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from resettle.domain.caseload_report import ReportJustification
from resettle.domain.measure_figures import MeasureFilters
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.private_files import FileNotWritten
from resettle.services.caseload_report import caseload_report
from resettle.services.workspace import Workspace
from tests.accounts import seed_account, sign_in_as
from tests.services.measures_dataset import (
    TODAY,
    Dataset,
)

#: The people due for release today or in the next 12 weeks (the readiness measure's cohort).
DUE = (6, 9, 10)


def _text(workspace: Workspace, redact: bool = False) -> str:
    pdf = workspace.run(
        caseload_report,
        MeasureFilters.for_period(TODAY),
        justification=ReportJustification.SUPERVISION,
        redact=redact,
    )
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def test_the_report_says_what_the_dashboard_says(workspace: Workspace, dataset: Dataset) -> None:
    text = _text(workspace)
    assert "MI014: Housed on the first night after release" in text
    assert "3 of 4 (75.0%), 3 excluded (1 unknown, 2 not recorded)" in text
    assert "84.0% (2024/25)" in text
    assert "24 November 2025 to" in text and "23 November 2026" in text
    assert "Caseload by officer" in text and "No responsible officer" in text
    for n in DUE:
        assert f"Person{n} Example" in text
    assert "Person12 Example" not in text  # another team's


def test_the_cover_stacks_the_outcomes_by_category(workspace: Workspace, dataset: Dataset) -> None:
    """The dashboard's stacked bars by category, printed with their table alternative: MI014's
    first night has 2 settled, 1 approved premises or CAS, 1 rough sleeping, 1 unknown and 2
    not recorded (the hand count); C20 1 started within 3 weeks and 1 later."""
    text = _text(workspace)
    assert "Accommodation after release, by category" in text
    assert "Employment after release, by status" in text
    assert "Drug or alcohol treatment after release" in text
    assert "First night (MI014) 2 0 1 0 1 1 2" in text
    assert "Treatment start (C20) 1 1 0 1 1" in text


def test_a_redacted_copy_names_nobody_in_full(workspace: Workspace, dataset: Dataset) -> None:
    text = _text(workspace, redact=True)
    for n in dataset.ids:
        assert f"Person{n} Example" not in text
        assert f"Person{n}" not in text
    assert "P. E." in text
    with workspace.uow() as uow:
        numbers = {uow.session.get_one(_person_row(), dataset.ids[n]).prison_number for n in DUE}
    assert all(number in text for number in numbers)
    assert "Redacted copy" in text


def _person_row() -> type:
    from resettle.storage.tables.people import PersonRow

    return PersonRow


def test_printing_is_audited_as_a_disclosure_of_each_person_listed(
    workspace: Workspace, dataset: Dataset
) -> None:
    _text(workspace, redact=True)
    with workspace.uow() as uow:
        rows = [row for row in uow.audit.latest(20) if row.action == "caseload_report.printed"]
        summary = [dict(row.details) for row in rows if row.person_id is None]
        listed = {row.person_id for row in rows if row.person_id is not None}
        each = {str(sorted(dict(row.details).items())) for row in rows if row.person_id}
    assert summary == [
        {
            "justification": "supervision",
            "redacted": True,
            "from_day": "2025-11-24",
            "to_day": "2026-11-23",
            "people": 3,
        }
    ]
    assert dataset.numbers(list(listed)) == set(DUE)
    assert each == {str([("justification", "supervision"), ("redacted", True)])}


def test_accounts_without_the_measures_may_not_print_it(
    workspace: Workspace, dataset: Dataset
) -> None:
    seed_account(workspace.database, "k.worker", (Role.PRISON_STAFF,))
    prison = sign_in_as(workspace.database, "k.worker")
    with pytest.raises(PermissionDenied):
        prison.run(
            caseload_report,
            MeasureFilters.for_period(TODAY),
            justification=ReportJustification.SUPERVISION,
        )
    prison.close()


def _printed(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        return sum(1 for row in uow.audit.latest(50) if row.action == "caseload_report.printed")


def _save(workspace: Workspace, target: Path, replace: bool = True) -> bytes:
    return workspace.run(
        caseload_report,
        MeasureFilters.for_period(TODAY),
        justification=ReportJustification.SUPERVISION,
        target=target,
        replace=replace,
    )


def test_a_saved_report_is_the_file_and_is_audited(
    workspace: Workspace, dataset: Dataset, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.pdf"
    pdf = _save(workspace, target)
    assert target.read_bytes() == pdf and pdf.startswith(b"%PDF")
    assert _printed(workspace) == 1 + len(DUE)
    assert [p.name for p in target.parent.iterdir()] == ["report.pdf"]  # no temporary file


def test_a_report_that_cannot_be_written_is_not_recorded(
    workspace: Workspace, dataset: Dataset, tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    with pytest.raises(FileNotWritten, match="it is a folder"):
        _save(workspace, folder)
    assert _printed(workspace) == 0


def test_a_file_there_already_is_kept_and_nothing_recorded_without_replace(
    workspace: Workspace, dataset: Dataset, tmp_path: Path
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"an earlier report")
    with pytest.raises(FileExistsError):
        _save(workspace, target, replace=False)
    assert target.read_bytes() == b"an earlier report"
    assert _printed(workspace) == 0


def test_a_report_whose_audit_fails_leaves_no_file(
    workspace: Workspace, dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.services import caseload_report as service

    def refused(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the audit row could not be written")

    monkeypatch.setattr(service, "_record", refused)
    target = tmp_path / "out" / "report.pdf"
    with pytest.raises(RuntimeError):
        _save(workspace, target)
    assert list(target.parent.iterdir()) == []
