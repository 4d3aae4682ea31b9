"""Reading programme referrals: one person's, with their history and the moves open to the
acting account, and an establishment's by status (for the Programmes view and the CLI).

Limited-access people are left out exactly as everywhere else: a person's referrals are read
only when the account reaches the person, and an establishment's list keeps to the people the
account reaches (``reach_condition``), in one indexed query.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from resettle.domain import clock
from resettle.domain.permissions import Permission, require
from resettle.domain.programme_group_places import PlaceBreak, PlaceFacts, place_events
from resettle.domain.programme_referral_statuses import ProgrammeReferralStatus
from resettle.domain.programme_referral_workflow import Workflow
from resettle.domain.programme_referrals import (
    EstablishmentReferral,
    EstablishmentReferrals,
    GroupPlaceView,
    HistoryEntryView,
    MoveOption,
    ProgrammeChoice,
    ReferralChoices,
    ReferralView,
    may_correct,
    pathway_matches,
)
from resettle.domain.programmes.catalogue import Programme, ProgrammeSetting
from resettle.domain.programmes.eligibility import (
    EligibilityFacts,
    IneligibleReason,
    ReleaseTime,
    check_eligibility,
    release_time,
)
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.services.access_scope import scope_of
from resettle.services.known_codes import unknown_establishment
from resettle.services.person_access import reachable_person
from resettle.services.programme_outcomes import completion_result, place_end_of
from resettle.services.programme_referrals import (
    groups_reaching,
    person_pathway,
    programme_of,
    referral_in_reach,
)
from resettle.services.programme_release_time import release_time_of
from resettle.services.read_only_storage import commit_view
from resettle.services.staff_names import staff_names
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.repositories.access import reach_condition
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)


def list_person_referrals(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    *,
    opened_from: ViewPlace | None = None,
    today: dt.date | None = None,
) -> tuple[ReferralView, ...]:
    """The person's referrals, newest first, each with its history, group places and the
    moves the account may make. ``opened_from``: audited as an opening of the record there
    (the command line; the person window's own opening is audited already)."""
    require(actor, Permission.VIEW_PERSON)
    today = today or clock.today()
    with uow:
        person = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        views = _views(actor, uow, person, uow.programme_referrals.referrals_of(person.id), today)
        if opened_from is not None:
            commit_view(uow, actor, person.id, opened_from)  # read-only storage: logged
        return tuple(views)


def read_referral(
    actor: Actor, uow: UnitOfWork, referral_id: int, today: dt.date | None = None
) -> ReferralView:
    """One referral with its history and the moves open to the account (a script's move
    reads the revision it moves from here)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        return _views(actor, uow, person, [row], today or clock.today())[0]


def referral_release_time(
    actor: Actor, uow: UnitOfWork, referral_id: int, today: dt.date | None = None
) -> ReleaseTime | None:
    """The referral's programme's time needed against the person's time to release, from
    today or its offering's next group start (``programme_release_time``); None when it does
    not apply (a community programme, no time to complete, no release date)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        programme = programme_of(uow, row.programme_id)
        return release_time_of(uow, person, programme, row.offering_id, today or clock.today())


def _views(
    actor: Actor,
    uow: UnitOfWork,
    person: PersonRow,
    rows: list[ProgrammeReferralRow],
    today: dt.date,
) -> list[ReferralView]:
    ids = [row.id for row in rows]
    history: dict[int, list[ProgrammeReferralHistoryRow]] = {i: [] for i in ids}
    for entry in uow.programme_referrals.history_of(ids):
        history[entry.referral_id].append(entry)
    name_of = staff_names(uow)

    places: dict[int, list[GroupPlaceView]] = {i: [] for i in ids}
    facts: dict[int, list[PlaceFacts]] = {i: [] for i in ids}
    for place in uow.programme_referrals.places_of(ids):
        group = uow.programmes.group(place.group_id)
        offering = uow.programmes.offering(group.offering_id) if group is not None else None
        places[place.referral_id].append(
            GroupPlaceView(
                group_id=place.group_id,
                group_code=group.code if group else "",
                joined_at=place.joined_at,
                left_at=place.left_at,
            )
        )
        facts[place.referral_id].append(
            PlaceFacts(
                group_code=group.code if group else "",
                custody=offering is not None and offering.establishment_id is not None,
                joined_at=place.joined_at,
                added_by=name_of(place.added_by_id),
                left_at=place.left_at,
                ended_by=name_of(place.ended_by_id),
                end_reason=place.end_reason,
            )
        )
    workflow = uow.programme_workflow.workflow()
    groups = groups_reaching(actor, uow, person)
    pathway = person_pathway(uow, person, today) if rows else None

    views = []
    for row in rows:
        programme = programme_of(uow, row.programme_id)
        entries = history[row.id]
        options = tuple(
            MoveOption(
                to_status=move.to_status,
                to_label=workflow.status(move.to_status).label,
                description=move.description,
                reason_group=(g.value if (g := workflow.reason_group_of(move)) else None),
                needs_override=(
                    move.to_status == "assessed_suitable"
                    and not move.deselects
                    and not pathway_matches(programme.intensity, pathway)
                ),
            )
            for move in workflow.allowed_moves(row.status, groups)
        )
        last = entries[-1] if entries else None
        correctable = (
            last is not None
            and last.from_status is not None
            and last.corrects_id is None
            and may_correct(workflow, groups, last.from_status, last.to_status)
        )
        # Catch-ups are owed while the referral holds a place: deselected (the place ended)
        # or closed, none is planned for them (re-trial: "catch-ups needed" with no place).
        owed: tuple[int, ...] = ()
        holds_place = any(place.left_at is None for place in places[row.id])
        if holds_place and not workflow.status(row.status).closed:
            owed = completion_result(uow, row).catch_ups_needed
        views.append(
            _referral_view(row, programme, workflow, entries, name_of).model_copy(
                update={
                    "places": tuple(places[row.id]),
                    "place_events": place_events(
                        facts[row.id],
                        person.release_date,
                        today,
                        _place_breaks(uow, workflow, entries, name_of),
                    ),
                    "moves_open": options,
                    "may_correct_last": correctable,
                    "catch_ups_needed": owed,
                }
            )
        )
    return views


def _place_breaks(
    uow: UnitOfWork,
    workflow: Workflow,
    entries: list[ProgrammeReferralHistoryRow],
    name_of: Callable[[int | None], str],
) -> list[PlaceBreak]:
    """Each move that ended the referral's place, if it held one, and was corrected back to
    an open status: the correction gave the place back (``correct_last_move``), clearing the
    end from the place's row, so the history takes both from the moves."""
    by_id = {entry.id: entry for entry in entries}
    breaks = []
    for correction in entries:
        move = by_id.get(correction.corrects_id) if correction.corrects_id else None
        if move is None or move.from_status is None:
            continue
        end = place_end_of(uow, move.to_status, move.from_status)
        if end is None or not workflow.status(move.from_status).open:
            continue
        breaks.append(
            PlaceBreak(
                end=end,
                ended_at=move.moved_at,
                ended_by=name_of(move.moved_by_id),
                corrected_at=correction.moved_at,
                corrected_by=name_of(correction.moved_by_id),
            )
        )
    return breaks


def _referral_view(
    row: ProgrammeReferralRow,
    programme: Programme,
    workflow: Workflow,
    entries: list[ProgrammeReferralHistoryRow],
    name_of: Callable[[int | None], str],
) -> ReferralView:
    return ReferralView(
        id=row.id,
        person_id=row.person_id,
        programme_code=programme.code,
        programme_name=programme.name,
        intensity=programme.intensity.value,
        offering_id=row.offering_id,
        status=row.status,
        status_label=workflow.status(row.status).label,
        status_since=row.status_since,
        referred_by=name_of(row.referred_by_id),
        referred_at=row.referred_at,
        pathway=row.pathway,
        revision=row.revision,
        history=tuple(
            HistoryEntryView(
                id=entry.id,
                from_status=entry.from_status,
                to_status=entry.to_status,
                category=entry.category,
                reason=entry.reason,
                override_reason=entry.override_reason,
                notes=entry.notes,
                moved_by=name_of(entry.moved_by_id),
                moved_at=entry.moved_at,
                seconds_at_previous=entry.seconds_at_previous,
                corrects_id=entry.corrects_id,
            )
            for entry in entries
        ),
    )


def list_establishment_referrals(
    actor: Actor, uow: UnitOfWork, establishment_code: str, status: str | None = None
) -> EstablishmentReferrals:
    """The referrals of the establishment's people the account reaches, newest status first,
    with the count at each status; filtered by ``status`` when given (the counts are not).
    Each row carries its programme's name and the group it has a place in; ``places_taken``
    counts the places taken in each group of the establishment (see
    ``ProgrammeReferralsRepository.places_taken_at``)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        establishment = uow.staff.establishment_by_code(establishment_code)
        if establishment is None:
            raise unknown_establishment(uow, establishment_code)
        if status is not None:
            uow.programme_workflow.workflow().status(status, "status")
        scope = scope_of(actor, uow)
        rows = uow.programme_referrals.for_establishment(establishment.id, reach_condition(scope))
        counts = Counter(row.status for row in rows)
        shown = [row for row in rows if status is None or row.status == status]
        closed = {s.code for s in uow.programme_workflow.workflow().statuses if s.closed}
        last_groups = uow.programme_referrals.last_group_codes(
            [row.id for row in shown if row.group_id is None and row.status in closed]
        )
        return EstablishmentReferrals(
            establishment_code=establishment.code,
            status=status,
            rows=tuple(
                EstablishmentReferral(
                    id=row.id,
                    person_id=row.person_id,
                    prison_number=row.prison_number,
                    name=f"{row.given_name} {row.family_name}",
                    programme_code=row.programme_code,
                    status=row.status,
                    status_since=row.status_since,
                    referred_at=row.referred_at,
                    offering_id=row.offering_id,
                    revision=row.revision,
                    programme_name=row.programme_name,
                    group_id=row.group_id,
                    group_code=row.group_code,
                    last_group_code=last_groups.get(row.id),
                )
                for row in shown
            ),
            counts=dict(counts),
            places_taken=uow.programme_referrals.places_taken_at(establishment.id, clock.today()),
            sessions_over=frozenset(_sessions_over(uow, establishment.id)),
        )


def _sessions_over(uow: UnitOfWork, establishment_id: int) -> set[int]:
    """The establishment's groups whose every session has started (none still to come)."""
    offerings = uow.programmes.offerings(establishment_ids={establishment_id}, team_ids=set())
    groups = uow.programmes.groups_of([offering.id for offering in offerings])
    return uow.programmes.groups_with_no_session_after(
        [group.id for group in groups], dt.datetime.now(dt.UTC)
    )


def referral_choices(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> ReferralChoices:
    """The active programmes with their eligibility check against the person (risk band,
    sex, offence type, learning disability, time to release; targeted needs are not checked
    here), whether an override would be needed, and their offerings; and the person's
    programme pathway."""
    require(actor, Permission.REFER_TO_PROGRAMMES)
    today = today or clock.today()
    with uow:
        person = reachable_person(actor, uow, person_id, Permission.REFER_TO_PROGRAMMES)
        pathway = person_pathway(uow, person, today)
        risk = uow.case.risk_profile(person.id)
        facts = EligibilityFacts(
            risk_level=RiskLevel(risk.confirmed_level) if risk and risk.confirmed_level else None,
            sex=Sex(person.sex) if person.sex in Sex._value2member_map_ else None,
            offence_category=(
                OffenceCategory(person.offence_category)
                if person.offence_category is not None
                and person.offence_category in OffenceCategory._value2member_map_
                else None
            ),
            learning_disability_or_challenge=person.learning_disability,
            weeks_to_release=(
                max(0, (person.release_date - today).days // 7) if person.release_date else None
            ),
            released=person.release_date is not None and person.release_date <= today,
        )
        # Where the person may take part: a custody programme at their own establishment, a
        # community one with their own team.
        offerings: dict[int, list[tuple[int, str]]] = {}
        community: dict[int, list[tuple[int, str]]] = {}
        for offering in uow.programmes.offerings():
            if not offering.active:
                continue
            if (
                offering.establishment_id is not None
                and offering.establishment_id == person.establishment_id
            ):
                place = uow.staff.establishment(offering.establishment_id)
                offerings.setdefault(offering.programme_id, []).append(
                    (offering.id, place.name if place is not None else "")
                )
            elif offering.team_id is not None and offering.team_id == person.team_id:
                team = uow.staff.team(offering.team_id)
                community.setdefault(offering.programme_id, []).append(
                    (offering.id, team.name if team is not None else "")
                )
        taken = _programmes_taken(uow, person.id)
        choices = []
        for row in uow.programmes.programmes():
            if not row.active:
                continue
            programme = Programme.model_validate(row.definition, context=STORED)
            reasons = [
                reason.value
                for reason in check_eligibility(programme, facts)
                if reason is not IneligibleReason.NO_TARGETED_NEED
            ]
            here = (
                offerings.get(row.id, [])
                if programme.setting is ProgrammeSetting.CUSTODY
                else community.get(row.id, [])
            )
            choices.append(
                ProgrammeChoice(
                    code=programme.code,
                    name=programme.name,
                    intensity=programme.intensity.value,
                    setting=programme.setting.value,
                    ineligible=tuple(reasons),
                    needs_override=not pathway_matches(programme.intensity, pathway),
                    offerings=tuple(here),
                    taken_status=taken.get(row.id),
                    release_time=(
                        None
                        if facts.released
                        else release_time(programme, person.release_date, today)
                    ),
                )
            )
        return ReferralChoices(
            pathway=pathway.value if pathway else None,
            programmes=tuple(choices),
            released_on=person.release_date if facts.released else None,
        )


def _programmes_taken(uow: UnitOfWork, person_id: int) -> dict[int, str]:
    """programme id -> the status of the person's referral to it that rules out another:
    one not closed (a second is refused), else one completed."""
    workflow = uow.programme_workflow.workflow()
    taken: dict[int, str] = {}
    for referral in uow.programme_referrals.referrals_of(person_id):
        if not workflow.status(referral.status).closed:
            taken[referral.programme_id] = referral.status
        elif referral.status == ProgrammeReferralStatus.PROGRAMME_COMPLETE.value:
            taken.setdefault(referral.programme_id, referral.status)
    return taken
