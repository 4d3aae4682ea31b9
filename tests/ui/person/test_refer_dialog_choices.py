"""The Refer dialog marks the programmes that run where the person is and fit their pathway,
preselects one of them, and names where each offering runs."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from resettle.domain.errors import DomainError
from resettle.domain.programme_referrals import ProgrammeChoice, ReferralChoices
from resettle.services.workspace import Workspace
from resettle.ui.person.programme_referral_dialogs import ReferDialog


def _choice(code: str, intensity: str, **kw: Any) -> ProgrammeChoice:
    data: dict[str, Any] = {
        "code": code,
        "name": f"Programme {code}",
        "intensity": intensity,
        "setting": "custody",
        "ineligible": (),
        "needs_override": False,
        "offerings": (),
    }
    data.update(kw)
    return ProgrammeChoice.model_validate(data)


def test_a_programme_run_here_that_fits_the_pathway_is_preselected(
    qtbot: Any, workspace: Workspace
) -> None:
    choices = ReferralChoices(
        pathway="moderate_intensity",
        programmes=(
            _choice("BC-HIGH", "high", needs_override=True, offerings=((1, "HMP Leeds"),)),
            _choice("BC-MOD-ELSEWHERE", "moderate"),
            _choice("BC-MOD", "moderate", offerings=((2, "HMP Leeds"),)),
        ),
    )
    dialog = ReferDialog(SimpleNamespace(workspace=workspace), choices)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.programme.currentData() == "BC-MOD"
    texts = [dialog.programme.itemText(i) for i in range(dialog.programme.count())]
    assert texts == [
        "Programme BC-HIGH (BC-HIGH): runs here",
        "Programme BC-MOD-ELSEWHERE (BC-MOD-ELSEWHERE): fits the pathway",
        "Programme BC-MOD (BC-MOD): runs here, fits the pathway",
    ]
    assert [dialog.offering.itemText(i) for i in range(dialog.offering.count())] == [
        "Not yet assigned",
        "At HMP Leeds",
    ]


def test_a_released_person_is_told_so_in_plain_words_and_the_refusal_is_readable(
    qtbot: Any, workspace: Workspace
) -> None:
    choices = ReferralChoices(
        pathway=None,
        released_on=dt.date(2026, 11, 28),
        programmes=(
            _choice(
                "BC-HIGH",
                "high",
                needs_override=True,
                ineligible=("risk_band_outside", "already_released"),
            ),
        ),
    )
    dialog = ReferDialog(SimpleNamespace(workspace=workspace), choices)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.eligibility.text()
    assert "already released on 2026-11-28" in text
    assert "not enough time" not in text and "risk band outside" not in text
    assert "their risk level is not one this programme is for" in text
    assert "override" not in text  # the pathway is not worked out
    dialog._refused(
        DomainError(
            "This person was released on 2026-11-28: a custody programme can no longer be "
            "started, and the refusal is long enough to wrap over several lines of the dialog."
        )
    )
    qtbot.wait(50)
    problem, notes = dialog.problem.geometry(), dialog.notes.geometry()
    assert problem.top() >= notes.bottom()
    assert problem.bottom() <= dialog.buttons.geometry().top()
    assert dialog.problem.height() >= dialog.problem.heightForWidth(dialog.problem.width())


def test_programmes_they_are_on_or_completed_are_greyed_with_the_reason_and_not_sent(
    qtbot: Any, workspace: Workspace
) -> None:
    choices = ReferralChoices(
        pathway="moderate_intensity",
        programmes=(
            _choice(
                "BC-MOD", "moderate", offerings=((2, "HMP Leeds"),), taken_status="on_programme"
            ),
            _choice(
                "KZ", "moderate", offerings=((3, "HMP Leeds"),), taken_status="programme_complete"
            ),
            _choice(
                "HZ", "moderate", offerings=((4, "HMP Leeds"),), taken_status="awaiting_assessment"
            ),
            _choice("BC-MOD-2", "moderate", offerings=((5, "HMP Leeds"),)),
        ),
    )
    dialog = ReferDialog(SimpleNamespace(workspace=workspace), choices)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    # The one still open to them is preselected, ahead of the one they are on.
    assert dialog.programme.currentData() == "BC-MOD-2"
    items = dialog.programme.model()
    enabled = [bool(items.item(i).isEnabled()) for i in range(dialog.programme.count())]  # type: ignore[attr-defined]
    assert enabled == [False, False, False, True]
    texts = [dialog.programme.itemText(i) for i in range(dialog.programme.count())]
    assert texts[0] == "Programme BC-MOD (BC-MOD): not offered, they are on it now"
    assert texts[1] == "Programme KZ (KZ): not offered, they have completed it"
    assert texts[2] == (
        "Programme HZ (HZ): not offered, they are already referred to it (Awaiting assessment)"
    )
    # Chosen anyway (by the keyboard or a program), it says why and sends nothing.
    dialog.programme.setCurrentIndex(1)
    assert "they have completed it" in dialog.eligibility.text()
    assert not dialog.ok_button.isEnabled()
    problem = dialog.missing_choice()
    assert problem == "Programme: Programme KZ cannot be chosen: they have completed it."


def test_an_education_course_is_not_said_to_fit_the_pathway_nor_preselected(
    qtbot: Any, workspace: Workspace
) -> None:
    choices = ReferralChoices(
        pathway="moderate_intensity",
        programmes=(
            _choice("EDU", "not_graded", offerings=((1, "HMP Leeds"),)),
            _choice("BC-MOD", "moderate", offerings=((2, "HMP Leeds"),)),
        ),
    )
    dialog = ReferDialog(SimpleNamespace(workspace=workspace), choices)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.programme.currentData() == "BC-MOD"
    education = dialog.programme.itemText(0)
    assert "fits the pathway" not in education
    assert education == (
        "Programme EDU (EDU): runs here, not an accredited programme on the pathway"
    )
