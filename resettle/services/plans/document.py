"""Building the printable snapshot of a plan (``PlanDocument``) from the case record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from resettle.domain import clock
from resettle.domain import plan_document as doc
from resettle.domain.aftercare import ReferralStatus
from resettle.domain.case_record import CaseRecord, ReferralView
from resettle.domain.catalogue_plain import PlainWords
from resettle.domain.essentials import (
    Essential,
    FirstNightAddress,
    FirstProbationAppointment,
    GpRegistration,
    IdDocument,
    OstContinuity,
)
from resettle.domain.linked_actions import SourceStatuses, version_with_linked_statuses
from resettle.domain.plan import ActionStatus, PlanAction, PlanVersion
from resettle.domain.programme_history import (
    OUTCOME_LABELS,
    SETTING_LABELS,
    reason_text,
    standing_entries,
)
from resettle.domain.recorded_risk import ScoreSource, is_old_assessment
from resettle.domain.working_days import release_day_note
from resettle.evidence import EvidenceRecord, LoadedPack
from resettle.evidence.codes import RatingScheme
from resettle.evidence.scoring import finding_words
from resettle.reports.text import short_date
from resettle.services.case_profile import risk_level_for
from resettle.services.plans.person_words import with_person_words

_STATUS_WORDS = {
    ActionStatus.DONE: "Arranged",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.TO_DO: "Not yet arranged",
    ActionStatus.NOT_NEEDED: doc.CHECKLIST_NOT_NEEDED,
}
_OPEN_REFERRALS = {ReferralStatus.REFERRED, ReferralStatus.ACCEPTED, ReferralStatus.ATTENDED}


def _level(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ").capitalize() if value else ""


@dataclass(frozen=True)
class PlanContacts:
    """Who the person reaches, as the plan prints it: their officer (phone and email joined
    for the officer's copy, and the phone alone), and their team's office."""

    officer_contact: str = ""
    officer_phone: str = ""
    office_name: str = ""
    office_phone: str = ""
    office_address: str = ""


def person_details(record: CaseRecord, contacts: PlanContacts) -> doc.PersonDetails:
    p = record.person.profile
    return doc.PersonDetails(
        name=record.person.name,
        prison_number=p.prison_number,
        crn=p.crn,
        pnc=p.pnc_number or "",
        date_of_birth=p.date_of_birth,
        establishment=record.person.establishment or "",
        release_date=p.release_date,
        release_type=p.release_type.label if p.release_type else "",
        responsible_officer=record.person.officer or "",
        officer_contact=contacts.officer_contact,
        key_worker=record.person.key_worker or "",
        officer_phone=contacts.officer_phone,
        office_name=contacts.office_name,
        office_phone=contacts.office_phone,
        office_address=contacts.office_address,
    )


def communication_needs(record: CaseRecord) -> doc.CommunicationNeeds:
    p = record.person.profile
    return doc.CommunicationNeeds(
        preferred_language=p.preferred_language,
        interpreter_needed=p.interpreter_needed,
        learning_disability=p.learning_disability,
        learning_notes=p.learning_notes,
    )


_CHECK_IT = ", over a year ago: check it is still current"


#: The risk level's words until an officer confirms one (the band has its own line).
NOT_YET_CONFIRMED = "Not yet confirmed"


def _confirmed_level(record: CaseRecord, level: object, *, confirmed: bool) -> str:
    """The level an officer confirmed, with when; "Not yet confirmed" until then: a level
    assumed from the band, or from no score at all, is not printed as if it were one."""
    if not confirmed or record.risk.confirmed is None:
        return NOT_YET_CONFIRMED
    on = clock.day_of(record.risk.confirmed.confirmed_at)
    old = _CHECK_IT if is_old_assessment(on, clock.today()) else ""
    return f"{_level(level)} (confirmed by an officer on {on:%d %b %Y}{old})"


def risk_summary(record: CaseRecord) -> doc.RiskSummary:
    risk = record.risk
    in_use = risk.in_use
    level, confirmed = risk_level_for(record)
    if in_use.source is ScoreSource.RECORDED_OGRS3 and in_use.recorded is not None:
        assessed = in_use.recorded.assessed_on
        source = f"{in_use.recorded.source}, assessed {assessed:%d %b %Y}"
        if is_old_assessment(assessed, clock.today()):
            source += _CHECK_IT
    elif in_use.source is ScoreSource.COMPUTED_OGRS3:
        source = "Computed by Resettle from the case record (indicative)"
    else:
        source = "No score recorded"
    one_year = f"{risk.ogrs3.one_year_percent}%" if risk.ogrs3 else ""
    two_year = f"{in_use.two_year_percent:g}%" if in_use.two_year_percent is not None else ""
    rosh = ""
    if risk.rosh is not None:
        parts = [
            f"{label} {_level(getattr(risk.rosh, field)).lower()}"
            for field, label in (
                ("children", "children"),
                ("public", "public"),
                ("known_adult", "known adult"),
                ("staff", "staff"),
            )
            if getattr(risk.rosh, field) is not None
        ]
        rosh = f"{_level(risk.rosh.highest)} overall ({', '.join(parts)})"
    return doc.RiskSummary(
        score_used="OGRS3" if in_use.source is not ScoreSource.NONE else "",
        score_source=source,
        ogrs3_one_year=one_year if in_use.source is ScoreSource.COMPUTED_OGRS3 else "",
        ogrs3_two_year=two_year,
        band=_level(in_use.band),
        confirmed_level=_confirmed_level(record, level, confirmed=confirmed),
        rosh=rosh,
    )


def needs(record: CaseRecord) -> tuple[doc.NeedLine, ...]:
    return tuple(
        doc.NeedLine(
            pathway=view.need.pathway,
            status=view.need.status.label,
            severity=view.need.severity.label,
            linked_to_offending=view.need.linked_to_offending,
            support_needs=tuple(
                f"{s.label}{': ' + s.detail if s.detail else ''} ({s.status.label.lower()})"
                for s in view.support_needs
            ),
        )
        for view in record.needs
    )


def _essential_detail(essential: Essential) -> str:
    if isinstance(essential, FirstNightAddress):
        return essential.address
    if isinstance(essential, IdDocument) and essential.id_type:
        return essential.other_detail or essential.id_type.label
    if isinstance(essential, GpRegistration):
        return essential.practice
    if isinstance(essential, OstContinuity) and essential.provider:
        first = essential.first_dose_date
        return essential.provider + (f", first dose {short_date(first)}" if first else "")
    if isinstance(essential, FirstProbationAppointment) and essential.appointment_date:
        # Dates as the rest of the copies write them ("8 Jan 2027", not "08 Jan 2027").
        parts = (
            short_date(essential.appointment_date),
            essential.appointment_time.strftime("%H:%M") if essential.appointment_time else "",
            essential.place,
        )
        return ", ".join(part for part in parts if part)
    return essential.notes


def checklist(record: CaseRecord) -> tuple[doc.ChecklistItem, ...]:
    return tuple(
        doc.ChecklistItem(
            essential=e.kind.label,
            plain=e.kind.person_label,
            status=_STATUS_WORDS[e.status],
            detail=_essential_detail(e),
            done=e.status is ActionStatus.DONE,
        )
        for e in record.essentials
    )


def appointments(record: CaseRecord) -> tuple[doc.AppointmentLine, ...]:
    lines: list[doc.AppointmentLine] = []
    for e in record.essentials:
        if isinstance(e, FirstProbationAppointment) and e.appointment_date:
            lines.append(
                doc.AppointmentLine(
                    what="First probation appointment",
                    on=e.appointment_date,
                    time=e.appointment_time.strftime("%H:%M") if e.appointment_time else "",
                    place=e.place,
                    with_whom=record.person.officer or "",
                )
            )
        if isinstance(e, OstContinuity) and e.first_dose_date and e.provider:
            lines.append(
                doc.AppointmentLine(
                    what="First community dose of your treatment",
                    on=e.first_dose_date,
                    place=e.provider,
                )
            )
    for view in _listed_referrals(record):
        r = view.referral
        assert r.appointment_date is not None
        lines.append(
            doc.AppointmentLine(
                what=r.service_type.label,
                on=r.appointment_date,
                time=r.appointment_time.strftime("%H:%M") if r.appointment_time else "",
                place=view.provider_name,
                with_whom=r.contact,
            )
        )
    return tuple(sorted(lines, key=lambda line: (line.on, line.time)))


def _listed_referrals(record: CaseRecord) -> list[ReferralView]:
    """The referrals whose appointment the plan lists: booked, and the referral open."""
    return [
        view
        for view in record.referrals
        if view.referral.appointment_date
        and view.referral.status in (ReferralStatus.REFERRED, ReferralStatus.ACCEPTED)
    ]


def with_appointments_marked(
    lines: tuple[doc.ActionLine, ...], actions: Sequence[PlanAction], record: CaseRecord
) -> tuple[doc.ActionLine, ...]:
    """``lines`` (one per action, in order) with ``appointment`` set on the actions made from
    a referral whose appointment the plan lists: the person's copy says it once, with its
    time and place, under the appointments (a trial found it twice)."""
    listed = {view.id for view in _listed_referrals(record)}
    return tuple(
        line.model_copy(update={"appointment": True})
        if action.source is not None and action.source.aftercare_referral_id in listed
        else line
        for line, action in zip(lines, actions, strict=True)
    )


def aftercare(record: CaseRecord) -> tuple[doc.AftercareContact, ...]:
    return tuple(
        doc.AftercareContact(
            provider=view.provider_name,
            service=view.referral.service_type.label,
            contact=view.referral.contact,
            phone=view.provider_phone,
        )
        for view in record.referrals
        if view.referral.status in _OPEN_REFERRALS
    )


def evidence_basis(
    pack: LoadedPack, intervention_ids: Iterable[str]
) -> tuple[doc.EvidenceBasis, ...]:
    """The evidence behind the interventions, each finding printed once: an intervention named
    twice (accepted twice, or both accepted and an action's source) counts once, and a study
    that says the same for two interventions is one row naming both, on a line each."""
    known = {i.id: i for i in pack.pack.interventions}
    rows: dict[tuple[str, str, str, int, str], list[str]] = {}
    for intervention_id in dict.fromkeys(intervention_ids):
        intervention = known.get(intervention_id)
        if intervention is None:
            continue
        for record in intervention.evidence:
            rated = record.native_rating.scheme is not RatingScheme.NONE
            key = (
                _finding(record),
                "\n".join(record.native_rating.printed_words()),
                record.native_rating.scheme.label if rated else "",
                record.quality,
                pack.pack.citation(record.citation_id).formatted(),
            )
            names = rows.setdefault(key, [])
            if intervention.name not in names:
                names.append(intervention.name)
    return tuple(
        doc.EvidenceBasis(
            intervention="\n".join(names),
            finding=finding,
            rating=rating,
            scheme=scheme,
            quality=quality,
            citation=citation,
        )
        for (finding, rating, scheme, quality, citation), names in rows.items()
    )


def _finding(record: EvidenceRecord) -> str:
    """The finding in plain words, with who it holds for when that is narrower than everyone."""
    words = finding_words(record)
    if record.risk_levels:
        levels = " or ".join(level.value.replace("_", " ") for level in record.risk_levels)
        words += f" (at {levels} risk)"
    if record.indirect_population:
        words += "; studied in a different population"
    return words[:1].upper() + words[1:]


def programmes(record: CaseRecord) -> tuple[doc.ProgrammeLine, ...]:
    """The standing entries of the programme history (current, none withdrawn), earliest
    start first (unknown last)."""
    current = sorted(
        standing_entries(record.programmes),
        key=lambda v: (v.entry.started_on is None, v.entry.started_on or dt.date.min, v.id),
    )
    return tuple(
        doc.ProgrammeLine(
            programme=view.entry.programme_name,
            setting=SETTING_LABELS[view.entry.setting],
            where=view.entry.location or "",
            started_on=view.entry.started_on,
            ended_on=view.entry.ended_on,
            expected_end_on=view.entry.expected_end_on,
            outcome=OUTCOME_LABELS[view.entry.outcome],
            reason=reason_text(view.entry),
        )
        for view in current
    )


def build_plan_document(
    record: CaseRecord,
    plan: PlanVersion,
    pack: LoadedPack,
    rule_version: str,
    accepted: Iterable[str],
    printed_at: dt.datetime,
    contacts: PlanContacts | None = None,
    catalogue_words: Mapping[str, PlainWords] | None = None,
) -> doc.PlanDocument:
    release = record.person.profile.release_date
    # Linked actions take their status from the record the checklist is printed from, here,
    # so the actions and the checklist of one document can never disagree.
    plan = version_with_linked_statuses(plan, SourceStatuses.of_record(record))
    from_actions = [
        a.source.recommendation_intervention_id
        for a in plan.ordered_actions()
        if a.source and a.source.recommendation_intervention_id
    ]
    agreement = plan.agreement
    return doc.PlanDocument(
        person=person_details(record, contacts or PlanContacts()),
        risk=risk_summary(record),
        needs=needs(record),
        actions=with_appointments_marked(
            with_person_words(
                doc.action_lines(plan, release),
                plan.ordered_actions(),
                record,
                pack,
                catalogue_words,
            ),
            plan.ordered_actions(),
            record,
        ),
        checklist=checklist(record),
        appointments=appointments(record),
        aftercare=aftercare(record),
        evidence=evidence_basis(pack, [*from_actions, *accepted]),
        evidence_pack_version=pack.version,
        rule_version=rule_version,
        plan_version=plan.version,
        state=plan.state,
        agreed_by=agreement.agreed_by if agreement else "",
        agreed_at=agreement.agreed_at if agreement else None,
        agreed_by_person=agreement.agreed_by_person if agreement else False,
        person_agreed_on=agreement.person_agreed_on if agreement else None,
        person_agreed_how=agreement.person_agreed_how.value.replace("_", " ")
        if agreement and agreement.person_agreed_how
        else "",
        officer_notes=tuple(line for line in plan.officer_notes.splitlines() if line.strip()),
        programmes=programmes(record),
        communication=communication_needs(record),
        release_day=release_day_note(release),
        printed_at=printed_at,
    )
