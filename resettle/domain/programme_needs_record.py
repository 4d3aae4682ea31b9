"""The programme needs identifier's items as recorded on a person's Risk tab, and the input the
rule reads from the whole risk record.

The officer records the thirteen need items and the two SARA levels (``ProgrammeNeedsRecord``,
one per person). OGRS3, OVP, OSP and RSR are not typed again: ``pni_input_for`` takes them from
what the Risk tab already holds (the OGRS3 in use, and the latest recorded score of each other
tool). OVP and RSR count by their percentage, OSP by its level; a recorded score without the
figure the rule reads is treated as not scored.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field

from resettle.domain.programme_needs import (
    DOMAIN_ITEMS,
    NeedDomain,
    NeedItems,
    OspLevel,
    PniInput,
    PniRiskScores,
    SaraLevel,
)
from resettle.domain.recorded_risk import RecordedScore, ScoreInUse, ScoreTool
from resettle.domain.risk import Sex
from resettle.domain.text_fields import CheckedText

Item = Annotated[int | None, Field(strict=True, ge=0, le=2)]


class ProgrammeNeedsRecord(CheckedText):
    """The items (0, 1, 2, or None: not answered) and SARA levels as saved for one person."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sexual_preoccupation: Item = Field(default=None, title="Sexual preoccupation")
    offence_related_sexual_interests: Item = Field(
        default=None, title="Offence-related sexual interests"
    )
    emotional_congruence_with_children: Item = Field(
        default=None, title="Emotional congruence with children"
    )
    pro_criminal_attitudes: Item = Field(default=None, title="Pro-criminal attitudes")
    hostile_orientation: Item = Field(default=None, title="Hostile orientation")
    current_relationship_with_family: Item = Field(
        default=None, title="Current relationship with family"
    )
    previous_close_relationships: Item = Field(default=None, title="Previous close relationships")
    easily_influenced_by_criminals: Item = Field(
        default=None, title="Easily influenced by criminal associates"
    )
    aggressive_controlling_behaviour: Item = Field(
        default=None, title="Aggressive or controlling behaviour"
    )
    impulsivity: Item = Field(default=None, title="Impulsivity")
    temper_control: Item = Field(default=None, title="Temper control")
    problem_solving_skills: Item = Field(default=None, title="Problem-solving skills")
    difficulties_coping: Item = Field(default=None, title="Difficulties coping")
    sara_partner: SaraLevel | None = Field(default=None, title="SARA: risk to a partner")
    sara_other: SaraLevel | None = Field(default=None, title="SARA: risk to others")

    def need_items(self) -> NeedItems:
        return NeedItems.model_validate(
            {
                domain.value: {name: getattr(self, name) for name in DOMAIN_ITEMS[domain]}
                for domain in NeedDomain
            }
        )

    @property
    def answered(self) -> int:
        """How many of the thirteen items are answered."""
        return sum(
            getattr(self, name) is not None for names in DOMAIN_ITEMS.values() for name in names
        )


#: The item fields in the order the domains list them.
ITEM_FIELDS: tuple[str, ...] = tuple(name for names in DOMAIN_ITEMS.values() for name in names)


class PniSource(StrEnum):
    """Where a risk input came from (for showing next to the term)."""

    OGRS3_IN_USE = "ogrs3_in_use"
    LATEST_RECORDED = "latest_recorded"


def _latest(recorded: Iterable[RecordedScore], tool: ScoreTool) -> RecordedScore | None:
    scores = [score for score in recorded if score.tool is tool]
    return max(scores, key=lambda score: score.assessed_on, default=None)


def _percent(score: RecordedScore | None) -> float | None:
    return score.percent if score is not None else None


def _osp(score: RecordedScore | None) -> OspLevel | None:
    if score is None or score.level is None:
        return None
    return OspLevel(score.level.value)


def pni_input_for(
    sex: Sex,
    record: ProgrammeNeedsRecord,
    in_use: ScoreInUse,
    recorded: Iterable[RecordedScore],
) -> PniInput:
    """The rule's input from the person's sex, the recorded items and the risk record."""
    scores = list(recorded)
    return PniInput(
        sex=sex,
        need_items=record.need_items(),
        risk=PniRiskScores(
            ogrs3=in_use.two_year_percent,
            ovp=_percent(_latest(scores, ScoreTool.OVP)),
            osp_dc=_osp(_latest(scores, ScoreTool.OSP_DC)),
            osp_iic=_osp(_latest(scores, ScoreTool.OSP_IIC)),
            rsr=_percent(_latest(scores, ScoreTool.RSR)),
            sara_partner=record.sara_partner,
            sara_other=record.sara_other,
        ),
    )
