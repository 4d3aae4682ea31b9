"""Which screens the person window shows: the one place the screen packages meet.

``ui/person``, ``ui/plan`` and ``ui/evidence`` never import each other (an import-linter
contract); the person window takes its tabs as an argument, and this module lists them: the
person's own record, then recommendations (``ui/evidence``) and the plan (``ui/plan``). To add a
tab from a new screen package, append it here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from resettle.domain.case_record import CaseRecord
from resettle.services.workspace import Workspace
from resettle.ui.common.person_tab import TabFactory
from resettle.ui.evidence.recommendations_tab import RecommendationsTab
from resettle.ui.person.outcome_checks_tab import OutcomeChecksTab
from resettle.ui.person.programme_referrals_tab import ProgrammeReferralsTab
from resettle.ui.person.programmes_tab import ProgrammesTab
from resettle.ui.person.window import PERSON_TABS, PersonWindow
from resettle.ui.plan.tab import PlanTab

#: The tabs of the person window the main window opens, in order. The programme tabs come last
#: so the Alt+number of every tab before them stays as staff learnt it.
PERSON_WINDOW_TABS: list[TabFactory] = [
    *PERSON_TABS,
    RecommendationsTab,
    PlanTab,
    ProgrammeReferralsTab,
    ProgrammesTab,
    OutcomeChecksTab,
]


def open_person_window(
    workspace: Workspace,
    person_id: int,
    parent: QWidget | None = None,
    record: CaseRecord | None = None,
) -> PersonWindow:
    """The person window with every tab, showing ``record`` if it was already opened (the main
    window opens it in the background). Without it, raises DomainError (not found, out of
    scope, no permission) before showing."""
    return PersonWindow(workspace, person_id, parent, tabs=PERSON_WINDOW_TABS, record=record)


__all__ = ["PERSON_WINDOW_TABS", "open_person_window"]
