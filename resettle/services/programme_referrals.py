"""Referring a person to a programme, moving the referral through the workflow, and
correcting its last move (``docs/programme-referrals.md``).

Each use case is one unit of work: the person reached through the account's roles (a person
out of reach is refused as one who does not exist), the move checked against the workflow's
table with the role groups of the roles that reach the person (``programme_workflow``),
never with a role sent by the caller, one history entry appended, and one audit row holding
codes only (the notes are in the history, which is the person's data). A referral has its
own revision: a move names the revision it was read at, and a stale one is refused as a
concurrent edit with nothing saved; the case record's revisions are not touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from resettle.domain import clock
from resettle.domain.access import OutOfScope, roles_reaching
from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_status import CaseIsClosed
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.programme_referral_statuses import ProgrammeReferralStatus, ReasonGroup
from resettle.domain.programme_referral_workflow import (
    Move,
    Workflow,
    WorkflowRoleGroup,
    override_choices,
    role_groups_of,
)
from resettle.domain.programme_referrals import (
    CorrectionInput,
    CorrectionNotAllowed,
    MoveInput,
    NothingToCorrect,
    PersonReleased,
    ReferInput,
    may_correct,
    pathway_matches,
)
from resettle.domain.programmes.catalogue import Programme, ProgrammeIntensity, ProgrammeSetting
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.domain.validation import validate
from resettle.services import audit, person_records
from resettle.services.access_scope import placement_of, scope_of
from resettle.services.case_record import mapping
from resettle.services.case_record.programme_needs import programme_needs_of
from resettle.services.case_record.risk_view import risk_view
from resettle.services.known_codes import codes_listed
from resettle.services.person_access import CONCURRENT_EDIT_MESSAGE, reachable_person
from resettle.services.programme_outcomes import end_place_after_move, restore_place_ended_by
from resettle.services.programme_release_time import release_time_of
from resettle.services.programme_stints import follow_referral_on_history
from resettle.services.programme_workflow import check_move_for
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.errors import ConcurrentEdit
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)

S = ProgrammeReferralStatus


# --- staging helpers (inside the caller's unit of work; no audit, no commit) ----------------


def person_pathway(uow: UnitOfWork, row: PersonRow, today: dt.date) -> ProgrammePathway | None:
    """The person's programme pathway from the need items recorded on the Risk tab (None
    when none are recorded)."""
    items = uow.case.programme_need_items(row.id)
    if items is None:
        return None
    view = risk_view(
        person_records.to_input(row),
        uow.case.risk_profile(row.id),
        [mapping.recorded_score(s) for s in uow.case.recorded_scores(row.id)],
        None,
        today,
        programme_needs_of(items),
    )
    return view.pni.pathway if view.pni is not None else None


def programme_of(uow: UnitOfWork, programme_id: int) -> Programme:
    row = uow.programmes.programme(programme_id)
    assert row is not None  # a referral's programme is never deleted (retired at most)
    return Programme.model_validate(row.definition, context=STORED)


def referral_in_reach(
    actor: Actor, uow: UnitOfWork, referral_id: int
) -> tuple[ProgrammeReferralRow, PersonRow]:
    """The referral and its person, when the actor reaches the person; a referral of a person
    out of reach is refused as one that does not exist."""
    row = uow.programme_referrals.referral(referral_id)
    if row is None:  # on PostgreSQL, also one out of reach: row-level security hides it
        raise OutOfScope()
    person = reachable_person(actor, uow, row.person_id, Permission.VIEW_PERSON)
    return row, person


def groups_reaching(actor: Actor, uow: UnitOfWork, person: PersonRow) -> set[WorkflowRoleGroup]:
    return set(role_groups_of(roles_reaching(scope_of(actor, uow), placement_of(person))))


def claim_referral(uow: UnitOfWork, row: ProgrammeReferralRow, expected_revision: int) -> int:
    """Advance the referral's own revision from ``expected_revision`` or refuse the change as
    a concurrent edit; returns the new revision."""
    if row.revision != expected_revision or not uow.programme_referrals.claim(
        row.id, expected_revision
    ):
        raise ConcurrentEdit(CONCURRENT_EDIT_MESSAGE)
    uow.programme_referrals.reload(row)
    return row.revision


def append_entry(
    actor: Actor,
    uow: UnitOfWork,
    row: ProgrammeReferralRow,
    to_status: str,
    *,
    category: str | None = None,
    reason: str | None = None,
    override_reason: str | None = None,
    notes: str = "",
    corrects_id: int | None = None,
    first: bool = False,
) -> ProgrammeReferralHistoryRow:
    """Put the referral at ``to_status`` (database time), then append its history entry: on
    PostgreSQL an account's entry must record the move its referral has just made
    (``storage/postgres_programmes.py``), so the referral moves first."""
    now = uow.programme_referrals.database_now()
    entry = ProgrammeReferralHistoryRow(
        referral_id=row.id,
        person_id=row.person_id,
        from_status=None if first else row.status,
        to_status=to_status,
        category=category,
        reason=reason,
        override_reason=override_reason,
        notes=notes,
        moved_by_id=actor.id,
        moved_at=now,
        seconds_at_previous=None
        if first
        else max(0, int((now - row.status_since).total_seconds())),
        corrects_id=corrects_id,
    )
    row.status = to_status
    row.status_since = now
    uow.programme_referrals.save(row)
    uow.programme_referrals.add_history(entry)
    return entry


# --- use cases ------------------------------------------------------------------------------


def refer_to_programme(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | ReferInput,
    today: dt.date | None = None,
) -> int:
    """Refer the person; returns the referral's id. The referral is created as a draft (the
    first history entry) and, unless ``submit`` is false, submitted in the same unit of work
    (a second entry: the workflow's move from draft to submitted, checked like any move)."""
    require(actor, Permission.REFER_TO_PROGRAMMES)
    referral = validate(ReferInput, data)
    today = today or clock.today()
    with uow:
        person = reachable_person(actor, uow, person_id, Permission.REFER_TO_PROGRAMMES)
        if person.case_closed:
            raise CaseIsClosed()
        programme_row = uow.programmes.programme_by_code(referral.programme_code)
        if programme_row is None or not programme_row.active:
            raise ValidationFailed.single(
                "programme_code",
                "unknown",
                f"Programme: {referral.programme_code!r} is not a programme in the catalogue "
                "that is offered now"
                + codes_listed(row.code for row in uow.programmes.programmes() if row.active),
            )
        programme = Programme.model_validate(programme_row.definition, context=STORED)
        if (
            programme.setting is ProgrammeSetting.CUSTODY
            and person.release_date is not None
            and person.release_date <= today
        ):
            community_offered = any(
                other.active
                and Programme.model_validate(other.definition, context=STORED).setting
                is ProgrammeSetting.COMMUNITY
                for other in uow.programmes.programmes()
            )
            raise PersonReleased(person.release_date, community_offered)
        if referral.offering_id is not None:
            offering = uow.programmes.offering(referral.offering_id)
            if offering is None or offering.programme_id != programme_row.id or not offering.active:
                raise ValidationFailed.single(
                    "offering_id",
                    "unknown",
                    f"Offering: there is no offering {referral.offering_id} of "
                    f"{programme_row.code} running now",
                )
            if (
                programme.setting is ProgrammeSetting.CUSTODY
                and offering.establishment_id != person.establishment_id
            ):
                raise ValidationFailed.single(
                    "offering_id",
                    "programme_referral.offering_elsewhere",
                    "Offering: it runs at another establishment; a custody programme is "
                    "delivered where the person is held",
                )
        _refuse_second_open_referral(uow, person.id, programme_row.id, programme_row.name)
        # Warned, not refused: a referral may still be wanted (community follow-on).
        time_left = release_time_of(uow, person, programme, referral.offering_id, today)
        pathway = person_pathway(uow, person, today)
        now = uow.programme_referrals.database_now()
        row = ProgrammeReferralRow(
            person_id=person.id,
            programme_id=programme_row.id,
            offering_id=referral.offering_id,
            status=S.DRAFT.value,
            status_since=now,
            referred_by_id=actor.id,
            referred_at=now,
            pathway=pathway.value if pathway else None,
            revision=1,
        )
        uow.programme_referrals.add(row)
        append_entry(
            actor,
            uow,
            row,
            S.DRAFT.value,
            notes="" if referral.submit else referral.notes,
            first=True,
        )
        if referral.submit:
            check_move_for(actor, uow, person, S.DRAFT.value, S.SUBMITTED.value)
            append_entry(actor, uow, row, S.SUBMITTED.value, notes=referral.notes)
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_REFERRAL_CREATED,
            row.id,
            person_id=person.id,
            programme=programme_row.code,
            status=row.status,
            offering_id=row.offering_id,
            programme_pathway=row.pathway,
            short_of_time_to_release=time_left is not None and time_left.short,
        )
        uow.commit()
        return row.id


def _refuse_second_open_referral(
    uow: UnitOfWork, person_id: int, programme_id: int, programme_name: str
) -> None:
    """A person has at most one referral to a programme that is not closed (the refusal
    names the programme by its name, as the screens show it)."""
    workflow = uow.programme_workflow.workflow()
    for existing in uow.programme_referrals.referrals_of(person_id):
        if existing.programme_id != programme_id:
            continue
        status = workflow.status(existing.status)
        if not status.closed:
            raise ValidationFailed.single(
                "programme_code",
                "programme_referral.already_referred",
                f"Programme: this person already has a referral to {programme_name} "
                f"that is not closed (status: {status.label}); move that one instead",
            )


def _check_move_details(
    workflow: Workflow,
    move: Move,
    asked: MoveInput,
    intensity: ProgrammeIntensity,
    pathway: ProgrammePathway | None,
) -> str | None:
    """The category, reason and override the move asks for (``ValidationFailed`` naming the
    field); returns the override reason's category code when one is needed."""
    group = workflow.reason_group_of(move)
    if group is not None:
        workflow.check_reason(
            group, asked.category, asked.reason, asked.notes, staying_open=move.deselects
        )
    elif asked.category or asked.reason:
        raise ValidationFailed.single(
            "category" if asked.category else "reason",
            "programme_referral.reason_not_asked",
            f"{'Category' if asked.category else 'Reason'}: this move takes no category or reason",
        )
    needs_override = move.to_status == S.ASSESSED_SUITABLE.value and not move.deselects
    needs_override = needs_override and not pathway_matches(intensity, pathway)
    if not needs_override:
        if asked.override_reason:
            raise ValidationFailed.single(
                "override_reason",
                "programme_referral.override_not_needed",
                "Override reason: the programme's intensity fits the person's programme "
                "pathway; no override is needed",
            )
        return None
    categories = workflow.categories_of(ReasonGroup.PATHWAY_OVERRIDE)
    for category in categories:
        if any(reason.code == asked.override_reason for reason in category.reasons):
            return category.code
    choices = override_choices(categories)
    pathway_words = pathway.label if pathway else "not worked out (no need items recorded)"
    raise ValidationFailed(
        [
            FieldProblem(
                "override_reason",
                "programme_referral.override_required",
                f"Override reason: the programme is {intensity.value} intensity and the "
                f"person's programme pathway is {pathway_words}; choose one of the reasons "
                f"for a different intensity ({choices})",
            )
        ]
    )


def move_referral(
    actor: Actor,
    uow: UnitOfWork,
    referral_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | MoveInput,
    today: dt.date | None = None,
) -> int:
    """Move the referral to ``to_status``; returns its new revision. Refused, naming the move
    and the role, when the roles reaching the person may not make it (``MoveNotAllowed``)."""
    asked = validate(MoveInput, data)
    today = today or clock.today()
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        if person.case_closed:
            raise CaseIsClosed()
        workflow = uow.programme_workflow.workflow()
        workflow.status(asked.to_status, "to_status")
        move = check_move_for(actor, uow, person, row.status, asked.to_status)
        programme = programme_of(uow, row.programme_id)
        pathway = person_pathway(uow, person, today)
        override_category = _check_move_details(workflow, move, asked, programme.intensity, pathway)
        revision = claim_referral(uow, row, expected_revision)
        from_status = row.status
        append_entry(
            actor,
            uow,
            row,
            asked.to_status,
            category=asked.category,
            reason=asked.reason,
            override_reason=asked.override_reason if override_category else None,
            notes=asked.notes,
        )
        # The programme history follows the move (``programme_stints``): on the programme,
        # an entry in progress; deselected or withdrawn after a group place, the ending, the
        # same way a confirmed completion is recorded (and a closing move ends the place:
        # audited below); taken off the programme and kept open, the entry withdrawn.
        place = uow.programme_referrals.current_place(row.id)
        history_id = follow_referral_on_history(actor, uow, row, today)
        # Taken off the programme and kept open, the place ends too (a closing move's
        # ending already ended it).
        end_place_after_move(actor, uow, row, from_status)
        ended_group = place.group_id if place is not None and place.left_at is not None else None
        groups = groups_reaching(actor, uow, person) & set(move.role_groups)
        details: dict[str, Any] = {
            "from_status": from_status,
            "to_status": asked.to_status,
            # Every workflow group of the account's roles reaching the person that allowed it.
            "role_groups": sorted(g.value for g in groups),
            "category": asked.category,
            "reason": asked.reason,
        }
        if ended_group is not None:
            details["place_ended_group_id"] = ended_group
        if history_id is not None:
            details["programme_history_id"] = history_id
        if override_category:
            details |= {
                "override_category": override_category,
                "override_reason": asked.override_reason,
                "programme_pathway": pathway.value if pathway else None,
                "intensity": programme.intensity.value,
            }
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_REFERRAL_MOVED,
            row.id,
            person_id=row.person_id,
            **details,
        )
        uow.commit()
        return revision


def correct_last_move(
    actor: Actor,
    uow: UnitOfWork,
    referral_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | CorrectionInput,
) -> int:
    """Correct the referral's last move with a new entry moving it back to the status it
    left, marked as correcting that entry; returns the new revision. Who may: the role group
    that may make the reverse move, or the programme team (``may_correct``)."""
    asked = validate(CorrectionInput, data)
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        if person.case_closed:
            raise CaseIsClosed()
        last = uow.programme_referrals.last_entry(row.id)
        if last is None or last.from_status is None or last.corrects_id is not None:
            raise NothingToCorrect(
                "There is no move to correct: the referral's last entry created it or "
                "already corrects a move."
            )
        workflow = uow.programme_workflow.workflow()
        groups = groups_reaching(actor, uow, person)
        if not may_correct(workflow, groups, last.from_status, last.to_status):
            source = workflow.status(last.to_status)
            target = workflow.status(last.from_status)
            raise CorrectionNotAllowed(
                f"Only the programme team may correct the move from {target.label} to "
                f"{source.label}: your role may not move a referral from {source.label} "
                f"back to {target.label}."
            )
        revision = claim_referral(uow, row, expected_revision)
        entry = append_entry(
            actor, uow, row, last.from_status, notes=asked.notes, corrects_id=last.id
        )
        restored = False
        on_programme = ProgrammeReferralStatus.ON_PROGRAMME.value
        ended_place = workflow.status(last.to_status).closed or (
            last.from_status == on_programme and last.to_status != on_programme
        )
        if ended_place and workflow.status(last.from_status).open:
            # The closing move, or the deselection keeping the referral open, ended the
            # group place; corrected, the place is held again.
            restored = restore_place_ended_by(uow, row, last.moved_at)
        # The person's programme history follows in the same unit of work: moved back onto
        # the programme, an entry in progress supersedes the ending (or the withdrawn entry);
        # a move to On programme corrected (or an ending taken back to before the
        # programme), the entry that stood is withdrawn.
        reopened = follow_referral_on_history(actor, uow, row, clock.today())
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_REFERRAL_CORRECTED,
            row.id,
            person_id=row.person_id,
            from_status=last.to_status,
            to_status=entry.to_status,
            corrects=last.id,
            programme_history_id=reopened,
            place_restored=restored,
        )
        uow.commit()
        return revision
