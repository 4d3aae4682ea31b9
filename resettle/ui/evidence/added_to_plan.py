"""What the status bar says after Add to plan: which action it added, or which action of the
plan already stood for the recommendation (marked as it, or marked before)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from resettle.domain.plan_addition import AddedToPlan, PlanAddition


def _tr(text: str) -> str:
    return QCoreApplication.translate("AddedToPlan", text)


def added_to_plan_text(result: AddedToPlan) -> str:
    what = result.action.what if result.action is not None else ""
    if result.addition is PlanAddition.ADDED:
        return _tr("Added to the plan: %1").replace("%1", what)
    if result.addition is PlanAddition.MARKED:
        return _tr("Already in the plan as '%1'; marked as this recommendation").replace("%1", what)
    if result.addition is PlanAddition.ALREADY:
        return _tr("Already in the plan as '%1'").replace("%1", what)
    return _tr("Accepted. There is no plan yet: it is suggested when one is drafted.")
