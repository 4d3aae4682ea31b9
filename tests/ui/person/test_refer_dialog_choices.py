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
