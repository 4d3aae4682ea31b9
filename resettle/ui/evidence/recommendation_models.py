"""Table models of the Recommendations tab: the ranked list and the exclusions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.plan_view import PlanView
from resettle.evidence import (
    Exclusion,
    ExclusionCode,
    Recommendation,
    RecommendationResult,
    TermCode,
)
from resettle.services.case_profile import essential_stands_for
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.evidence.html_parts import GOOD_COLOUR, HARM_COLOUR
from resettle.ui.evidence.words import (
    counted_strength_text,
    exclusion_headline,
    pathways_text,
    readable,
    tr,
    word,
)


class PlanMark(Enum):
    """Where an intervention stands with the person's plan."""

    NONE = "none"
    #: The officer accepted it; there is no plan yet to hold it as an action.
    ACCEPTED = "accepted"
    #: An action in the current plan came from it.
    IN_PLAN = "in_plan"

    def text(self) -> str:
        return {
            PlanMark.NONE: "",
            PlanMark.ACCEPTED: tr("Accepted"),
            PlanMark.IN_PLAN: tr("In plan"),
        }[self]


def plan_marks(plan: PlanView | None) -> dict[str, PlanMark]:
    """Each intervention id the plan knows about, and how."""
    if plan is None:
        return {}
    marks = {intervention: PlanMark.ACCEPTED for intervention in plan.accepted_interventions}
    if plan.current is not None:
        for action in plan.current.actions:
            source = action.source
            if source is None or not source.recommendation_intervention_id:
                continue
            # An essential's own action stands for every item it covers (booking treatment
            # to continue is also the drug treatment appointment).
            covered = essential_stands_for(source.essential_kind)
            chosen = source.recommendation_intervention_id
            for item in covered if chosen in covered else (chosen,):
                marks[item] = PlanMark.IN_PLAN
    return marks


@dataclass(frozen=True)
class RecommendationRow:
    item: Recommendation
    mark: PlanMark = PlanMark.NONE

    @property
    def strength(self) -> float:
        return next((t.value for t in self.item.terms if t.code is TermCode.EVIDENCE_STRENGTH), 0.0)

    @property
    def strength_words(self) -> str:
        """What ranking counted, in the words of the reason text."""
        explanation = next(
            (t.explanation for t in self.item.terms if t.code is TermCode.EVIDENCE_STRENGTH), ""
        )
        return counted_strength_text(self.strength, "or fewer deaths" in explanation)

    @property
    def strength_explanation(self) -> str:
        return next(
            (
                readable(t.explanation)
                for t in self.item.terms
                if t.code is TermCode.EVIDENCE_STRENGTH
            ),
            "",
        )


def recommendation_rows(
    result: RecommendationResult, marks: dict[str, PlanMark] | None = None
) -> list[RecommendationRow]:
    marks = marks or {}
    return [
        RecommendationRow(item, marks.get(item.intervention_id, PlanMark.NONE))
        for item in result.recommendations
    ]


class RecommendationsModel(RowsTableModel[RecommendationRow]):
    """Best first: rank, intervention, pathway, setting, intensity, evidence, tier, plan."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("#"),
                    lambda r: str(r.item.rank),
                    sort_key=lambda r: r.item.rank,
                    align_right=True,
                    tooltip=lambda r: word(r.item.tier),
                ),
                Column(
                    self.tr("Intervention"),
                    lambda r: r.item.name,
                    tooltip=lambda r: r.item.name,
                ),
                Column(
                    self.tr("Pathway"),
                    lambda r: word(r.item.pathway),
                    tooltip=lambda r: pathways_text(r.item.pathways),
                ),
                Column(self.tr("Setting"), lambda r: word(r.item.setting)),
                Column(
                    self.tr("Intensity"),
                    lambda r: word(r.item.intensity),
                    sort_key=lambda r: r.item.intensity.rank,
                ),
                Column(
                    self.tr("Evidence"),
                    lambda r: r.strength_words,
                    sort_key=lambda r: r.strength,
                    tooltip=lambda r: r.strength_explanation,
                ),
                Column(
                    self.tr("Tier"),
                    lambda r: word(r.item.tier),
                    sort_key=lambda r: r.item.tier.order,
                    tooltip=lambda r: f"{word(r.item.tier)}: {word(r.item.precedence)}",
                ),
                Column(
                    self.tr("Plan"),
                    lambda r: r.mark.text(),
                    colour=lambda r: QColor(GOOD_COLOUR) if r.mark is not PlanMark.NONE else None,
                ),
            ],
            parent,
        )

    def row_of(self, intervention_id: str) -> int | None:
        for row, item in enumerate(self.rows()):
            if item.item.intervention_id == intervention_id:
                return row
        return None


#: Exclusions are listed with the most important reasons first.
_EXCLUSION_ORDER = {code: position for position, code in enumerate(ExclusionCode)}


def exclusion_sort_key(item: Exclusion) -> tuple[int, str]:
    first = min((_EXCLUSION_ORDER[r.code] for r in item.reasons), default=len(_EXCLUSION_ORDER))
    return first, item.name.casefold()


def exclusion_rows(result: RecommendationResult) -> list[Exclusion]:
    return sorted(result.exclusions, key=exclusion_sort_key)


def _reasons_text(item: Exclusion) -> str:
    return "; ".join(dict.fromkeys(exclusion_headline(r) for r in item.reasons))


def is_harmful(item: Exclusion) -> bool:
    return any(reason.code is ExclusionCode.HARMFUL for reason in item.reasons)


class ExclusionsModel(RowsTableModel[Exclusion]):
    """Every intervention not recommended, with each reason (harmful ones first, in red)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("Intervention"),
                    lambda e: e.name,
                    colour=lambda e: QColor(HARM_COLOUR) if is_harmful(e) else None,
                    sort_key=lambda e: e.name.casefold(),
                ),
                Column(self.tr("Pathway"), lambda e: word(e.pathway)),
                Column(
                    self.tr("Why not"),
                    _reasons_text,
                    tooltip=lambda e: "\n".join(readable(r.text) for r in e.reasons),
                    colour=lambda e: QColor(HARM_COLOUR) if is_harmful(e) else None,
                    sort_key=lambda e: exclusion_sort_key(e),
                ),
            ],
            parent,
        )
