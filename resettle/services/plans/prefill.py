"""Suggested actions, pre-filled from the record: open essentials, open support needs,
accepted recommendations, booked aftercare appointments, and the follow-on of the programme
history (booster sessions after a completed offending-behaviour programme, ``PROGRAMME_TAGS``;
carrying on in the community one in progress at release:
``domain/plan_suggestions.programme_follow_ons``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from resettle.domain.aftercare import ReferralStatus
from resettle.domain.case_record import CaseRecord
from resettle.domain.catalogue import covered_essential
from resettle.domain.essentials import EssentialKind
from resettle.domain.needs import PathwayStatus, SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, ActionSource, DueDate, PlanAction, resolve_due
from resettle.domain.plan_suggestions import CoveredNeed, PlanSuggestions, programme_follow_ons
from resettle.domain.programme_history import ProgrammeHistoryView
from resettle.domain.text_fields import STORED
from resettle.evidence import LoadedPack
from resettle.evidence.codes import InterventionTag, Setting
from resettle.evidence.schema import Intervention

ESSENTIAL_ACTIONS: dict[EssentialKind, tuple[Pathway, ActionOwner, int, str]] = {
    EssentialKind.FIRST_NIGHT_ADDRESS: (
        Pathway.ACCOMMODATION,
        ActionOwner.PROBATION,
        -21,
        "Confirm where you will sleep on the first night",
    ),
    EssentialKind.ID_DOCUMENT: (Pathway.FINANCE_ID, ActionOwner.PRISON, -28, "Get an ID document"),
    EssentialKind.BANK_ACCOUNT: (
        Pathway.FINANCE_ID,
        ActionOwner.PRISON,
        -14,
        "Open a bank account",
    ),
    EssentialKind.BENEFITS_CLAIM: (
        Pathway.FINANCE_ID,
        ActionOwner.PRISON,
        -14,
        "Start the benefits claim with the work coach",
    ),
    EssentialKind.GP_REGISTRATION: (Pathway.HEALTH, ActionOwner.PRISON, -14, "Register with a GP"),
    EssentialKind.MEDICATION_SUPPLY: (
        Pathway.HEALTH,
        ActionOwner.PRISON,
        0,
        "Take home a supply of your medication",
    ),
    EssentialKind.OST_CONTINUITY: (
        Pathway.DRUGS_ALCOHOL,
        ActionOwner.PRISON,
        -14,
        "Book treatment to continue in the community",
    ),
    EssentialKind.NALOXONE: (
        Pathway.DRUGS_ALCOHOL,
        ActionOwner.PRISON,
        0,
        "Take home a naloxone kit and learn to use it",
    ),
    EssentialKind.FIRST_PROBATION_APPOINTMENT: (
        Pathway.ATTITUDES_THINKING_BEHAVIOUR,
        ActionOwner.PROBATION,
        -7,
        "Book the first probation appointment",
    ),
    EssentialKind.TRAVEL: (
        Pathway.ACCOMMODATION,
        ActionOwner.PRISON,
        -3,
        "Arrange travel on release day",
    ),
}
_CLOSED_PATHWAY = {
    PathwayStatus.SUPPORT_NOT_REQUIRED,
    PathwayStatus.SUPPORT_DECLINED,
    PathwayStatus.DONE,
}


def recommendation_action(
    intervention_id: str,
    name: str,
    pathway: Pathway,
    setting: Setting,
    *,
    release_date: date | None = None,
    sentence_date: date | None = None,
    today: date | None = None,
) -> PlanAction:
    """An action to refer the person to an intervention: custody and through-the-gate ones
    four weeks before release, community ones two weeks after. When four weeks before release
    has passed (or falls before the sentence began), the action is due as soon as possible."""
    owner = ActionOwner.PRISON if setting is Setting.CUSTODY else ActionOwner.PROBATION
    offset = 14 if setting is Setting.COMMUNITY else -28
    return PlanAction(
        pathway=pathway,
        what=recommendation_wording(name),
        owner=owner,
        due=due_date(offset, release_date=release_date, sentence_date=sentence_date, today=today),
        source=ActionSource(recommendation_intervention_id=intervention_id),
    )


def recommendation_wording(name: str) -> str:
    return f"Refer to: {name}"


def support_need_wording(label: str, detail: str) -> str:
    """A support need's action: its label, then the detail staff typed (an "Other" need's)."""
    return label + (f": {detail}" if detail else "")


def app_wording(essential_kind: str | None, intervention_name: str | None) -> str | None:
    """The words the app gives an action made from a release-day essential or (with no
    essential) a recommendation, ``intervention_name`` being the intervention's name now;
    None for any other action (a support need's or referral's wording carries what staff
    typed, or a provider's name)."""
    if essential_kind is not None:
        try:
            return ESSENTIAL_ACTIONS[EssentialKind(essential_kind)][3]
        except (ValueError, KeyError):
            return None
    return recommendation_wording(intervention_name) if intervention_name else None


def due_date(
    offset: int,
    *,
    release_date: date | None = None,
    sentence_date: date | None = None,
    today: date | None = None,
) -> DueDate:
    """``offset`` days from release, or the latest of the sentence start and today when that
    day (moved off a weekend or bank holiday, as ``resolve_due`` moves it) has passed (a plan
    action can never be due before the sentence began)."""
    bounds = [day for day in (sentence_date, today) if day is not None]
    relative = DueDate.relative(offset)
    due_on = resolve_due(relative, release_date)
    if due_on is not None and bounds:
        earliest = max(bounds)
        if due_on < earliest:
            return DueDate.absolute(earliest)
    return relative


def essential_action(
    kind: EssentialKind,
    intervention_id: str | None = None,
    *,
    release_date: date | None = None,
    sentence_date: date | None = None,
    today: date | None = None,
) -> PlanAction:
    """The plan action of a release-day essential, marked as the recommendation it stands for
    when there is one; due as ``due_date`` says."""
    pathway, owner, offset, what = ESSENTIAL_ACTIONS[kind]
    return PlanAction(
        pathway=pathway,
        what=what,
        owner=owner,
        due=due_date(offset, release_date=release_date, sentence_date=sentence_date, today=today),
        source=ActionSource(
            essential_kind=kind.value, recommendation_intervention_id=intervention_id
        ),
    )


def suggested_actions(
    record: CaseRecord, accepted: Iterable[str], pack: LoadedPack, today: date | None = None
) -> list[PlanAction]:
    actions: list[PlanAction] = []
    profile = record.person.profile
    # Never due before the sentence began: a short sentence's "four weeks before release" can
    # fall before it, and the plan would refuse the suggestion.
    release, sentence = profile.release_date, profile.sentence_date
    for essential in record.essentials:
        if not essential.is_open:
            continue
        actions.append(
            essential_action(
                essential.kind, release_date=release, sentence_date=sentence, today=today
            )
        )
    for view in record.needs:
        if view.need.status in _CLOSED_PATHWAY:
            continue
        for need in view.support_needs:
            if need.status in (SupportNeedStatus.MET, SupportNeedStatus.DECLINED):
                continue
            actions.append(
                # From stored text (a detail saved before the control-character check): never
                # refused here; saving the plan names the action that holds one.
                PlanAction.model_validate(
                    {
                        "pathway": view.need.pathway,
                        "what": support_need_wording(need.label, need.detail),
                        "owner": ActionOwner.PROBATION,
                        "due": due_date(
                            -14, release_date=release, sentence_date=sentence, today=today
                        ),
                        "source": ActionSource(support_need_id=need.id),
                    },
                    context=STORED,
                )
            )
    known = {i.id: i for i in pack.pack.interventions}
    for intervention_id in accepted:
        intervention = known.get(intervention_id)
        if intervention is not None:
            actions.append(
                recommendation_action(
                    intervention.id,
                    intervention.name,
                    intervention.primary_pathway,
                    intervention.setting,
                    release_date=release,
                    sentence_date=sentence,
                    today=today,
                )
            )
    for referral_view in record.referrals:
        r = referral_view.referral
        if r.appointment_date and r.status in (ReferralStatus.REFERRED, ReferralStatus.ACCEPTED):
            actions.append(
                PlanAction.model_validate(  # a stored provider name: as above
                    {
                        "pathway": r.pathway,
                        "what": f"Go to {r.service_type.label.lower()} at "
                        f"{referral_view.provider_name}",
                        "owner": ActionOwner.PERSON,
                        "due": DueDate.absolute(r.appointment_date),
                        "source": ActionSource(aftercare_referral_id=referral_view.id),
                    },
                    context=STORED,
                )
            )
    actions += programme_follow_ons(
        record.programmes,
        release,
        is_accredited=lambda view: _accredited(known, view),
        pathway_of=lambda view: _pathway(known, view),
    )
    return actions


def _intervention(
    known: Mapping[str, Intervention], view: ProgrammeHistoryView
) -> Intervention | None:
    linked = view.entry.evidence_intervention_id
    return known.get(linked) if linked is not None else None


#: Evidence-pack tags of the programmes booster or maintenance sessions follow: offending
#: behaviour programmes proper (general and specialised), the accredited kind.
PROGRAMME_TAGS = frozenset(
    {InterventionTag.GENERAL_OFFENDING_BEHAVIOUR, InterventionTag.SPECIALISED_SEXUAL_OFFENDING}
)


def _accredited(known: Mapping[str, Intervention], view: ProgrammeHistoryView) -> bool:
    """The entry's evidence-pack intervention is an offending-behaviour programme proper."""
    intervention = _intervention(known, view)
    return intervention is not None and not PROGRAMME_TAGS.isdisjoint(intervention.tags)


def _pathway(known: Mapping[str, Intervention], view: ProgrammeHistoryView) -> Pathway:
    intervention = _intervention(known, view)
    if intervention is not None:
        return intervention.primary_pathway
    return Pathway.ATTITUDES_THINKING_BEHAVIOUR


def not_yet_in(
    plan_actions: Iterable[PlanAction], suggestions: list[PlanAction]
) -> list[PlanAction]:
    """The suggestions whose source is not already an action's in the plan. An essential's
    action marked with the recommendation it stands for (Add to plan) holds both sources, so
    neither the essential nor the recommendation is suggested again."""
    have: set[tuple[str, object]] = set()
    for action in plan_actions:
        have |= _source_keys(action.source)
    return [s for s in suggestions if not _source_keys(s.source) & have]


def _source_keys(source: ActionSource | None) -> set[tuple[str, object]]:
    if source is None:
        return set()
    return {(name, value) for name, value in source.model_dump().items() if value is not None}


def suggestions_for(
    record: CaseRecord,
    accepted: Iterable[str],
    pack: LoadedPack,
    plan_actions: Iterable[PlanAction],
    today: date | None = None,
) -> PlanSuggestions:
    """What the record suggests for a plan holding ``plan_actions``: the suggestions not yet in
    it, less the support needs an essential's action (in the plan or suggested) covers; those
    are listed with the action that covers each, so the officer sees why they are left out."""
    planned = list(plan_actions)
    suggestions = suggested_actions(record, accepted, pack, today)
    covering: dict[str, str] = {}
    for action in [*suggestions, *planned]:  # the plan's own wording wins
        if action.source is not None and action.source.essential_kind:
            covering[action.source.essential_kind] = action.what
    codes = {need.id: need.code for view in record.needs for need in view.support_needs}
    # The other way round (second trial): with "Apply for ID documents" (a support need) in the
    # plan already, "Get an ID document" (the essential) is the same ground twice.
    planned_ground = {
        kind.value
        for action in planned
        if action.source is not None
        and action.source.support_need_id is not None
        and (kind := covered_essential(codes.get(action.source.support_need_id, ""))) is not None
    }
    kept: list[PlanAction] = []
    covered: list[CoveredNeed] = []
    # An action with no source (a programme's follow-on) is in the plan when its words are.
    planned_words = {action.what.casefold() for action in planned}
    for action in not_yet_in(planned, suggestions):
        if action.source is None and action.what.casefold() in planned_words:
            continue
        if action.source is not None and action.source.essential_kind in planned_ground:
            continue
        need_id = action.source.support_need_id if action.source is not None else None
        kind = covered_essential(codes.get(need_id, "")) if need_id is not None else None
        if need_id is not None and kind is not None and kind.value in covering:
            covered.append(
                CoveredNeed(
                    support_need_id=need_id,
                    support_need=action.what,
                    essential_kind=kind.value,
                    essential_action=covering[kind.value],
                )
            )
        else:
            kept.append(action)
    return PlanSuggestions(actions=tuple(kept), covered=tuple(covered))
