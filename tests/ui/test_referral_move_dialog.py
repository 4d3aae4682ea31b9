"""The move dialog starts with nothing chosen where a choice is asked for (OK without one is
refused naming the field, nothing sent), offers the ordinary next move first, says why an
override is needed, clears a stale problem when another move is chosen, and offers a
deselection that keeps the referral open only the reasons that let it stay open."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.programme_referral_statuses import ReasonGroup
from resettle.domain.programme_referral_workflow import STANDARD_WORKFLOW
from resettle.domain.programme_referrals import MoveOption, ReferralView
from resettle.services.workspace import Workspace
from resettle.ui.common.referral_move_dialog import MoveDialog

WHEN = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
#: Two moves from On programme that several tests offer.
COMPLETE = MoveOption(
    to_status="programme_complete",
    to_label="Programme complete",
    description="Programme completed",
    reason_group=None,
)
DESELECT = MoveOption(
    to_status="deselected",
    to_label="Deselected",
    description="deselect and close",
    reason_group="deselected",
)


def _view(status: str, moves: list[MoveOption], **kw: Any) -> ReferralView:
    data: dict[str, Any] = {
        "id": 1,
        "person_id": 1,
        "programme_code": "BC-HIGH",
        "programme_name": "Building Choices (high intensity)",
        "intensity": "high",
        "offering_id": None,
        "status": status,
        "status_label": status,
        "status_since": WHEN,
        "referred_by": "Tam Tutor",
        "referred_at": WHEN,
        "pathway": None,
        "revision": 3,
        "history": (),
        "moves_open": tuple(moves),
    }
    data.update(kw)
    return ReferralView.model_validate(data)


def _dialog(qtbot: Any, workspace: Workspace, view: ReferralView) -> MoveDialog:
    dialog = MoveDialog(workspace, view, STANDARD_WORKFLOW)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_override_starts_empty_says_why_and_is_refused_unchosen(
    qtbot: Any, workspace: Workspace
) -> None:
    view = _view(
        "assessment_started",
        [
            MoveOption(
                to_status="assessed_suitable",
                to_label="Assessed as suitable",
                description="suitable",
                reason_group=None,
                needs_override=True,
            ),
            MoveOption(
                to_status="withdrawn",
                to_label="Withdrawn",
                description="withdraw",
                reason_group="withdrawn",
            ),
        ],
        pathway="moderate_intensity",
    )
    dialog = _dialog(qtbot, workspace, view)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    dialog.moves.setCurrentIndex(dialog.moves.findData("assessed_suitable"))
    assert dialog.form.isRowVisible(dialog.override)
    assert dialog.override.currentData() is None
    assert dialog.override.currentText() == "Choose a reason…"
    assert dialog.override_why.text() == (
        "Programme pathway: moderate intensity; this programme is high intensity: "
        "choose the reason for the override."
    )
    dialog.ok_button.click()
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text() == "Override reason: choose one from the list"
    assert dialog.isVisible() and saved == []
    # Another move: the stale problem goes; the withdrawal's category starts empty too.
    dialog.moves.setCurrentIndex(dialog.moves.findData("withdrawn"))
    assert not dialog.problem.isVisibleTo(dialog)
    assert not dialog.form.isRowVisible(dialog.override)
    assert not dialog.form.isRowVisible(dialog.override_why)
    assert dialog.category.currentData() is None
    dialog.ok_button.click()
    assert dialog.problem.text() == "Category: choose one from the list"
    dialog.category.setCurrentIndex(dialog.category.findData("withdrawn_administrative"))
    assert dialog.form.isRowVisible(dialog.reason)
    assert dialog.reason.currentData() is None
    dialog.ok_button.click()
    assert dialog.problem.text() == "Reason: choose one from the list"
    assert saved == []


def test_the_ordinary_next_move_comes_before_a_deselection(
    qtbot: Any, workspace: Workspace
) -> None:
    view = _view(
        "on_programme",
        [
            MoveOption(
                to_status="assessed_suitable",
                to_label="Assessed as suitable",
                description="Deselect, keep open",
                reason_group="deselected",
            ),
            COMPLETE,
            DESELECT,
        ],
    )
    dialog = _dialog(qtbot, workspace, view)
    assert [dialog.moves.itemData(i) for i in range(dialog.moves.count())] == [
        None,
        "programme_complete",
        "assessed_suitable",
        "deselected",
    ]
    assert not dialog.form.isRowVisible(dialog.category)


def test_the_dialog_opens_with_no_move_chosen_and_ok_disabled(
    qtbot: Any, workspace: Workspace
) -> None:
    """For someone on the programme, OK at once must not complete them."""
    view = _view(
        "on_programme",
        [
            COMPLETE,
            DESELECT,
        ],
    )
    dialog = _dialog(qtbot, workspace, view)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    assert dialog.moves.currentData() is None
    assert dialog.moves.currentText() == "Choose a move…"
    assert not dialog.ok_button.isEnabled()
    assert not dialog.form.isRowVisible(dialog.category)
    dialog.submit()  # Enter, even with OK disabled: refused naming the field
    assert dialog.problem.text() == "Move to: choose one from the list"
    assert saved == []
    dialog.moves.setCurrentIndex(dialog.moves.findData("programme_complete"))
    assert dialog.ok_button.isEnabled()
    assert not dialog.problem.isVisibleTo(dialog)
    dialog.moves.setCurrentIndex(0)
    assert not dialog.ok_button.isEnabled()


def test_a_problem_goes_when_its_field_changes(qtbot: Any, workspace: Workspace) -> None:
    view = _view(
        "on_programme",
        [
            DESELECT,
        ],
    )
    dialog = _dialog(qtbot, workspace, view)
    dialog.moves.setCurrentIndex(dialog.moves.findData("deselected"))
    dialog.ok_button.click()
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text() == "Category: choose one from the list"
    dialog.category.setCurrentIndex(1)
    assert not dialog.problem.isVisibleTo(dialog)
    assert dialog.form.isRowVisible(dialog.reason)
    dialog.ok_button.click()
    assert dialog.problem.text() == "Reason: choose one from the list"
    assert dialog.problem.isVisibleTo(dialog)
    dialog.reason.setCurrentIndex(1)
    assert not dialog.problem.isVisibleTo(dialog)
    # A refusal from the service (shown the same way) goes too when the reason changes.
    dialog._refused(
        ValidationFailed(
            [FieldProblem("reason", "reason.closes", "Died cannot keep a referral open")]
        )
    )
    assert dialog.problem.isVisibleTo(dialog)
    dialog.reason.setCurrentIndex(0)
    assert not dialog.problem.isVisibleTo(dialog)


def test_a_deselection_keeping_the_referral_open_offers_only_reasons_that_keep_it_open(
    qtbot: Any, workspace: Workspace
) -> None:
    """User trial: deselecting back to Assessed as suitable offered "Died" and "Deported",
    which the service then refused."""
    keep_open = MoveOption(
        to_status="suitable_not_ready",
        to_label="Suitable but not ready",
        description="Deselect, keep open",
        reason_group="deselected",
    )
    dialog = _dialog(qtbot, workspace, _view("on_programme", [keep_open, DESELECT]))

    def reasons_of(category: str) -> list[str]:
        dialog.category.setCurrentIndex(dialog.category.findData(category))
        return [dialog.reason.itemData(i) for i in range(1, dialog.reason.count())]

    def expected(category: str, *, staying_open: bool) -> list[str]:
        (found,) = [c for c in STANDARD_WORKFLOW.categories if c.code == category]
        return [r.code for r in found.reasons if r.may_stay_open or not staying_open]

    dialog.moves.setCurrentIndex(dialog.moves.findData("suitable_not_ready"))
    categories = [dialog.category.itemData(i) for i in range(1, dialog.category.count())]
    assert categories == [c.code for c in STANDARD_WORKFLOW.categories_of(ReasonGroup.DESELECTED)]
    personal = reasons_of("deselected_personal")
    assert "deselected_death" not in personal and "deselected_health" in personal
    operational = reasons_of("deselected_operational")
    for closing in ("deselected_deported", "deselected_not_available", "deselected_sentence_ended"):
        assert closing not in operational
    assert "deselected_transfer" in operational
    for category in categories:
        assert reasons_of(category) == expected(category, staying_open=True)
    # Every reason offered is one the workflow lets a keep-open deselection take.
    for category in categories:
        for reason in reasons_of(category):
            STANDARD_WORKFLOW.check_reason(
                ReasonGroup.DESELECTED, category, reason, "", staying_open=True
            )
    # A deselection that closes the referral offers every reason.
    dialog.moves.setCurrentIndex(dialog.moves.findData("deselected"))
    assert "deselected_death" in reasons_of("deselected_personal")
    assert reasons_of("deselected_operational") == expected(
        "deselected_operational", staying_open=False
    )


def test_a_withdrawal_says_a_move_made_by_mistake_is_corrected_instead(
    qtbot: Any, workspace: Workspace
) -> None:
    """User trial: an officer who had moved a referral by mistake withdrew it ("Referral made
    in error") instead of correcting the move."""
    withdraw = MoveOption(
        to_status="withdrawn",
        to_label="Withdrawn",
        description="withdraw",
        reason_group="withdrawn",
    )
    dialog = _dialog(qtbot, workspace, _view("on_hold_submitted", [withdraw]))
    assert not dialog.form.isRowVisible(dialog.withdraw_hint)
    dialog.moves.setCurrentIndex(dialog.moves.findData("withdrawn"))
    assert dialog.form.isRowVisible(dialog.withdraw_hint)
    assert "use Correct the last move instead" in dialog.withdraw_hint.text()
    assert '"Referral made in error" is for a referral that should never have been made' in (
        dialog.withdraw_hint.text()
    )
    dialog.moves.setCurrentIndex(0)
    assert not dialog.form.isRowVisible(dialog.withdraw_hint)
