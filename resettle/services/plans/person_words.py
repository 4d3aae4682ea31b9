"""The person's words for a plan's actions: the plain title and sentence of the evidence-pack
intervention or catalogue support need an action was made from, while the action still says
what the app worded for it ("Refer to: <name>", the need's label). Words the officer wrote or
changed are theirs, and the person's copy prints them as written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from resettle.domain import plan_document as doc
from resettle.domain.case_record import CaseRecord, SupportNeedView
from resettle.domain.catalogue_plain import PlainWords, plain_words
from resettle.domain.plan import PlanAction
from resettle.evidence import LoadedPack
from resettle.evidence.schema import Intervention
from resettle.services.plans.prefill import recommendation_wording, support_need_wording


def with_person_words(
    lines: tuple[doc.ActionLine, ...],
    actions: Sequence[PlanAction],
    record: CaseRecord,
    pack: LoadedPack,
    catalogue_words: Mapping[str, PlainWords] | None = None,
) -> tuple[doc.ActionLine, ...]:
    """``lines`` (one per action, in the same order) with the person's words where known.
    ``catalogue_words``: the catalogue's words by code, an administrator's entries' included
    (without it, the default entries' only)."""
    known = {i.id: i for i in pack.pack.interventions}
    needs = {n.id: n for view in record.needs for n in view.support_needs}
    out = []
    for line, action in zip(lines, actions, strict=True):
        words = person_words(action, known, needs, catalogue_words)
        if words is not None:
            line = line.model_copy(
                update={"plain_title": words.title, "plain_sentence": words.sentence}
            )
        out.append(line)
    return tuple(out)


def person_words(
    action: PlanAction,
    interventions: Mapping[str, Intervention],
    support_needs: Mapping[int, SupportNeedView],
    catalogue_words: Mapping[str, PlainWords] | None = None,
) -> PlainWords | None:
    """The plain words for one action; None when it has none or its words are the officer's."""
    source = action.source
    if source is None or source.essential_kind is not None:
        return None  # an essential's action is worded for the person already
    intervention_id = source.recommendation_intervention_id
    if intervention_id is not None:
        intervention = interventions.get(intervention_id)
        if intervention is None or action.what != recommendation_wording(intervention.name):
            return None
        return PlainWords(intervention.plain_title, intervention.plain_sentence)
    need = support_needs.get(source.support_need_id) if source.support_need_id else None
    words = None
    if need is not None:
        words = (catalogue_words or {}).get(need.code) or plain_words(need.code)
    if need is None or words is None:
        return None
    if action.what != support_need_wording(need.label, need.detail):
        return None
    # The detail is what staff typed: kept as written, after the person's title.
    return PlainWords(support_need_wording(words.title, need.detail), words.sentence)
