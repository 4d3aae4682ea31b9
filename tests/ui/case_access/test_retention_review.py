"""A manager's retention review: the people due, keeping one (reason and next review, each
problem under its field) and erasing one (only once the prison number is typed, the
certificate written where the window says)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from resettle.domain import clock
from resettle.domain.erasure import ErasureReason
from resettle.domain.staff import Role
from resettle.domain.typed_dates import SHOWN_FORMAT
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.case_access.retention_review import RetentionReviewDialog, open_retention_review
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import another_person, person_data

SERVED = {
    "sentence_date": dt.date(2010, 1, 1),
    "release_date": dt.date(2012, 1, 1),
    "licence_end_date": dt.date(2014, 1, 1),
}


@pytest.fixture
def manager(workspace: Workspace) -> Workspace:
    workspace.run(register_person, person_data(**SERVED))
    workspace.run(register_person, another_person(1, **SERVED))
    return workspace_as(workspace, Role.MANAGER, username="r.manager")


def opened(qtbot: Any, owner: QWidget, runner: Workspace, folder: Path) -> RetentionReviewDialog:
    dialog = open_retention_review(owner, runner, folder)
    wait_for_background(qtbot)
    return dialog


def test_a_manager_keeps_one_record_and_erases_another(
    qtbot: Any, owner: QWidget, manager: Workspace, tmp_path: Path
) -> None:
    dialog = opened(qtbot, owner, manager, tmp_path / "data")
    assert [p.prison_number for p in dialog.model.rows()] == ["A1234BC", "B0001CC"]
    due = dialog.model.rows()[0].due_on
    assert dialog.model.display_rows()[0][2] == due.strftime("%d %b %Y")  # as the app shows dates
    keep = dialog.open_keep()
    assert keep is not None
    assert not keep.submit()  # nothing typed: both problems at once, under their fields
    assert keep.problems.text("reason").startswith("Reason:")
    assert keep.problems.text("next_review_on")
    keep.reason.setPlainText("Appeal pending")
    later = clock.today() + dt.timedelta(days=60)
    qtbot.keyClicks(keep.next_review.editor, later.strftime(SHOWN_FORMAT))
    assert keep.submit()
    wait_for_background(qtbot)
    assert [p.prison_number for p in dialog.model.rows()] == ["B0001CC"]
    assert dialog.notice.text() == f"Kept: A1234BC, until the next review on {later:%d %b %Y}."

    erase = dialog.open_erase()
    assert erase is not None
    assert "B0001CC" in erase.intro.text() and "cannot be undone" in erase.intro.text()
    assert not erase.ok_button.isEnabled()
    qtbot.keyClicks(erase.typed, "b0001c")
    assert not erase.ok_button.isEnabled()
    qtbot.keyClicks(erase.typed, "c")
    assert erase.ok_button.isEnabled()
    assert erase.reason.value() is None  # never chosen for the manager
    assert not erase.submit()
    assert erase.problems.text("reason").startswith("Reason:")
    erase.reason.set_value(ErasureReason.RETENTION_REVIEW)
    assert erase.submit()
    wait_for_background(qtbot)
    assert dialog.model.rowCount() == 0
    written = dialog.notice.text().rsplit(" ", 1)[1]
    assert Path(written).is_file()
    if manager.database.is_sqlite:  # beside the database
        assert Path(written).parent == Path(str(manager.database.engine.url.database)).parent
    dialog.close()


def test_other_roles_see_only_the_refusal(
    qtbot: Any, owner: QWidget, workspace: Workspace, tmp_path: Path
) -> None:
    dialog = opened(qtbot, owner, workspace, tmp_path)
    assert "may not review how long records are kept" in dialog.problems.general.text()
    assert dialog._content.isHidden()
    dialog.close()


def test_an_empty_queue_says_no_one_is_due_instead_of_a_blank_table(
    qtbot: Any, owner: QWidget, workspace: Workspace, tmp_path: Path
) -> None:
    runner = workspace_as(workspace, Role.MANAGER, username="r.manager")
    dialog = opened(qtbot, owner, runner, tmp_path / "data")
    assert dialog.model.rowCount() == 0
    assert dialog.empty.isVisibleTo(dialog) and not dialog.table.isVisibleTo(dialog)
    assert dialog.empty.text() == "No one is due for a retention review."
    assert not dialog.keep_button.isEnabled() and not dialog.erase_button.isEnabled()


def test_a_queue_with_people_shows_the_table_not_the_empty_note(
    qtbot: Any, owner: QWidget, manager: Workspace, tmp_path: Path
) -> None:
    dialog = opened(qtbot, owner, manager, tmp_path / "data")
    assert dialog.table.isVisibleTo(dialog) and not dialog.empty.isVisibleTo(dialog)
