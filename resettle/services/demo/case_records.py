"""Generating a fictional case record for each demo person: needs, support needs, essentials,
referrals, notes, risk and flags, as plain rows for bulk inserts."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from resettle.domain.aftercare import ReferralStatus, ServiceType
from resettle.domain.ages import age_on
from resettle.domain.case_flags import CaseFlag
from resettle.domain.errors import ValidationFailed
from resettle.domain.essentials import CRITICAL_KINDS, EssentialKind
from resettle.domain.needs import PathwayStatus, Severity, SupportNeedStatus
from resettle.domain.ogrs3 import Ogrs3Input, band_for_percent, compute_ogrs3
from resettle.domain.pathways import Pathway
from resettle.domain.person import PersonInput
from resettle.domain.plan import ActionStatus
from resettle.domain.risk import RiskLevel, Sex
from resettle.domain.working_days import is_working_day, next_working_day, previous_working_day
from resettle.services.demo import case_vocabulary as words
from resettle.services.demo.support_fit import PersonFacts, pick_support_needs

Row = dict[str, Any]
UTC = dt.UTC


@dataclass
class CaseRows:
    """Rows for every case-record table, with ids assigned here so children can refer to them."""

    needs: list[Row] = field(default_factory=list)
    support_needs: list[Row] = field(default_factory=list)
    support_history: list[Row] = field(default_factory=list)
    essentials: list[Row] = field(default_factory=list)
    referrals: list[Row] = field(default_factory=list)
    referral_history: list[Row] = field(default_factory=list)
    notes: list[Row] = field(default_factory=list)
    risk_profiles: list[Row] = field(default_factory=list)
    scores: list[Row] = field(default_factory=list)
    rosh: list[Row] = field(default_factory=list)
    flags: list[Row] = field(default_factory=list)
    next_ids: dict[str, int] = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        value = self.next_ids.get(table, 1)
        self.next_ids[table] = value + 1
        return value

    def clear(self) -> None:
        for value in vars(self).values():
            if isinstance(value, list):
                value.clear()


@dataclass(frozen=True)
class Staffing:
    officer_id: int
    officer_name: str
    providers: dict[ServiceType, list[int]]
    catalogue: dict[Pathway, list[str]]
    #: The officer's team office, on one line (None: the team has none recorded).
    office: str | None = None


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A working-hours time on ``day``, never later than now (a demo made at 09:00 has no
    change saved at 17:45 that day)."""
    at = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45))), UTC)
    return not_after_now(at)


def not_after_now(at: dt.datetime) -> dt.datetime:
    now = dt.datetime.now(UTC).replace(second=0, microsecond=0)
    return min(at, now)


@dataclass(frozen=True)
class CaseSummary:
    """What the plan generator needs to know of the case just generated."""

    open_critical: int
    open_other: int
    severities: dict[Pathway, Severity]
    linked: frozenset[Pathway]
    statuses: dict[Pathway, PathwayStatus]
    flags: frozenset[CaseFlag]
    open_essentials: frozenset[EssentialKind]
    level: RiskLevel | None


def add_case(
    rows: CaseRows,
    rng: random.Random,
    person_id: int,
    person: PersonInput,
    today: dt.date,
    staffing: Staffing,
) -> CaseSummary:
    """Append one person's case rows and summarise them."""
    release = person.release_date or today
    days = (release - today).days
    flags = _flags(rng, rows, person_id)
    severities = _needs(rng, rows, person_id, flags, today, staffing)
    first_essential = len(rows.essentials)
    critical, other = _essentials(rng, rows, person_id, flags, today, days, release, staffing)
    facts = PersonFacts(
        sex=person.sex,
        age=age_on(person.date_of_birth, today),
        flags=frozenset(flags),
        days_to_release=days,
        recorded_essentials=frozenset(
            EssentialKind(r["kind"])
            for r in rows.essentials[first_essential:]
            if r["status"] != ActionStatus.NOT_NEEDED.value
        ),
    )
    _support_needs(rng, rows, person_id, severities, facts, today, staffing)
    _referrals(rng, rows, person_id, severities, today, days, release, staffing)
    _notes(rng, rows, person_id, person, today, staffing)
    level = _risk(rng, rows, person_id, person, today)
    need_rows = rows.needs[-len(Pathway) :]
    return CaseSummary(
        open_critical=critical,
        open_other=other,
        severities=severities,
        linked=frozenset(Pathway(r["pathway"]) for r in need_rows if r["linked_to_offending"]),
        statuses={Pathway(r["pathway"]): PathwayStatus(r["status"]) for r in need_rows},
        flags=frozenset(flags),
        open_essentials=frozenset(
            EssentialKind(r["kind"])
            for r in rows.essentials[first_essential:]
            if r["status"] in ("to_do", "in_progress")
        ),
        level=level,
    )


def _flags(rng: random.Random, rows: CaseRows, person_id: int) -> set[CaseFlag]:
    chances = {
        CaseFlag.OPIOID_USE: 0.2,
        CaseFlag.ALCOHOL_DEPENDENCE: 0.15,
        CaseFlag.MENTAL_HEALTH: 0.3,
        CaseFlag.LOW_MOTIVATION: 0.12,
    }
    flags = {flag for flag, chance in chances.items() if rng.random() < chance}
    for flag in sorted(flags):
        rows.flags.append({"id": rows.new_id("flags"), "person_id": person_id, "flag": flag.value})
    return flags


def _needs(
    rng: random.Random,
    rows: CaseRows,
    person_id: int,
    flags: set[CaseFlag],
    today: dt.date,
    staffing: Staffing,
) -> dict[Pathway, Severity]:
    severities: dict[Pathway, Severity] = {}
    for pathway in Pathway:
        severity = rng.choices(list(Severity), weights=(30, 25, 25, 20))[0]
        if pathway is Pathway.DRUGS_ALCOHOL and flags & {
            CaseFlag.OPIOID_USE,
            CaseFlag.ALCOHOL_DEPENDENCE,
        }:
            severity = Severity.HIGH
        if pathway is Pathway.HEALTH and CaseFlag.MENTAL_HEALTH in flags:
            severity = max(severity, Severity.MEDIUM, key=lambda s: s.rank)
        severities[pathway] = severity
        if severity is Severity.NONE:
            status = rng.choice([PathwayStatus.SUPPORT_NOT_REQUIRED, PathwayStatus.NOT_STARTED])
        else:
            status = rng.choice(
                [
                    PathwayStatus.SUPPORT_REQUIRED,
                    PathwayStatus.IN_PROGRESS,
                    PathwayStatus.IN_PROGRESS,
                    PathwayStatus.DONE,
                    PathwayStatus.SUPPORT_DECLINED,
                ]
            )
        rows.needs.append(
            {
                "id": rows.new_id("needs"),
                "person_id": person_id,
                "pathway": pathway.value,
                "status": status.value,
                "severity": severity.value,
                "linked_to_offending": severity.rank >= 2 and rng.random() < 0.7,
                "notes": words.NEED_NOTES[pathway.value] if severity.rank >= 2 else "",
                "updated_at": _at(today - dt.timedelta(days=rng.randint(1, 60)), rng),
                "updated_by_id": staffing.officer_id,
            }
        )
    return severities


def _support_needs(
    rng: random.Random,
    rows: CaseRows,
    person_id: int,
    severities: dict[Pathway, Severity],
    facts: PersonFacts,
    today: dt.date,
    staffing: Staffing,
) -> None:
    for pathway, severity in severities.items():
        if severity.rank < 2:
            continue
        codes = [c for c in staffing.catalogue[pathway] if not c.endswith("_other")]
        for code in pick_support_needs(rng, codes, facts, rng.randint(1, 2)):
            need_id = rows.new_id("support_needs")
            path = [SupportNeedStatus.NOT_STARTED]
            if facts.days_to_release < 60 and rng.random() < 0.7:
                path.append(SupportNeedStatus.IN_PROGRESS)
                if rng.random() < 0.5:
                    path.append(rng.choice([SupportNeedStatus.MET, SupportNeedStatus.DECLINED]))
            started = today - dt.timedelta(days=rng.randint(20, 90))
            previous: SupportNeedStatus | None = None
            for step, status in enumerate(path):
                rows.support_history.append(
                    {
                        "id": rows.new_id("support_history"),
                        "support_need_id": need_id,
                        "changed_by_id": staffing.officer_id,
                        "changed_by": staffing.officer_name,
                        "changed_at": _at(started + dt.timedelta(days=7 * step), rng),
                        "from_status": previous.value if previous else None,
                        "to_status": status.value,
                        "note": "" if step == 0 else "Updated at case review.",
                    }
                )
                previous = status
            rows.support_needs.append(
                {
                    "id": need_id,
                    "person_id": person_id,
                    "code": code,
                    "detail": "",
                    "status": path[-1].value,
                    "created_at": _at(started, rng),
                }
            )


def _essentials(
    rng: random.Random,
    rows: CaseRows,
    person_id: int,
    flags: set[CaseFlag],
    today: dt.date,
    days: int,
    release: dt.date,
    staffing: Staffing,
) -> tuple[int, int]:
    done_chance = 0.95 if days < 0 else max(0.1, min(0.9, 1 - days / 150))
    open_critical = open_other = 0
    for kind in EssentialKind:
        relevant = not (
            kind in (EssentialKind.OST_CONTINUITY, EssentialKind.NALOXONE)
            and CaseFlag.OPIOID_USE not in flags
        )
        if not relevant:
            status = ActionStatus.NOT_NEEDED
        elif rng.random() < done_chance:
            status = ActionStatus.DONE
        else:
            status = rng.choice([ActionStatus.TO_DO, ActionStatus.IN_PROGRESS])
        is_open = status in (ActionStatus.TO_DO, ActionStatus.IN_PROGRESS)
        if is_open and kind in CRITICAL_KINDS:
            open_critical += 1
        elif is_open:
            open_other += 1
        when = min(today, release) - dt.timedelta(days=rng.randint(0, 20))
        if is_open:
            when = release - dt.timedelta(days=rng.randint(1, 14))
        rows.essentials.append(
            {
                "id": rows.new_id("essentials"),
                "person_id": person_id,
                "kind": kind.value,
                "status": status.value,
                "action_date": None if status is ActionStatus.NOT_NEEDED else when,
                "who": "Prison resettlement team"
                if kind is not EssentialKind.FIRST_PROBATION_APPOINTMENT
                else "Probation",
                "notes": "",
                "details": _essential_details(kind, status, release, rng, staffing.office),
                "updated_at": _at(min(today, when), rng),
                "updated_by_id": None,
            }
        )
    return open_critical, open_other


def leaving_day(release: dt.date) -> dt.date:
    """The day the person actually leaves: the release date, or the working day before it
    when it falls on a weekend or bank holiday (a code-blind trial found the demo's first
    probation appointment on the Saturday after a Friday leaving)."""
    return release if is_working_day(release) else previous_working_day(release)


def _essential_details(
    kind: EssentialKind,
    status: ActionStatus,
    release: dt.date,
    rng: random.Random,
    office: str | None,
) -> dict[str, Any]:
    done = status is ActionStatus.DONE
    started = status in (ActionStatus.DONE, ActionStatus.IN_PROGRESS)
    if kind is EssentialKind.FIRST_NIGHT_ADDRESS:
        return {
            "address": f"{rng.randint(1, 140)} Harbour Road, Flat {rng.randint(1, 9)}, BS1 6XX"
            if done
            else "",
            "accommodation_type": None,
        }
    if kind is EssentialKind.ID_DOCUMENT:
        return {"id_type": "birth_certificate" if started else None, "other_detail": ""}
    if kind is EssentialKind.GP_REGISTRATION:
        return {"practice": "Parkside Surgery" if done else ""}
    if kind is EssentialKind.OST_CONTINUITY:
        return {
            "provider": "New Leaf Recovery Service" if done else "",
            "first_dose_date": leaving_day(release).isoformat() if done else None,
        }
    if kind is EssentialKind.FIRST_PROBATION_APPOINTMENT:
        return {
            "appointment_date": leaving_day(release).isoformat() if done else None,
            "appointment_time": "14:00:00" if done else None,
            "place": (office or "Probation office, 2 Station Street") if done else "",
        }
    if kind is EssentialKind.MEDICATION_SUPPLY:
        return {"days_supplied": 28 if done else None}
    if kind is EssentialKind.BANK_ACCOUNT:
        return {"bank_name": "Community bank" if done else ""}
    if kind is EssentialKind.BENEFITS_CLAIM:
        return {"benefit": "Universal Credit"}
    if kind is EssentialKind.TRAVEL:
        return {"arrangement": "Travel warrant to the approved address" if done else ""}
    return {}


def _referrals(
    rng: random.Random,
    rows: CaseRows,
    person_id: int,
    severities: dict[Pathway, Severity],
    today: dt.date,
    days: int,
    release: dt.date,
    staffing: Staffing,
) -> None:
    wanted = [s for s in ServiceType if severities[s.pathway].rank >= 2 and rng.random() < 0.35]
    for service in wanted[:3]:
        referral_id = rows.new_id("referrals")
        referral_date = today - dt.timedelta(days=rng.randint(5, 60))
        path = [ReferralStatus.REFERRED]
        if rng.random() < 0.7:
            path.append(ReferralStatus.ACCEPTED)
            if days < 0:
                path.append(
                    rng.choice(
                        [
                            ReferralStatus.ATTENDED,
                            ReferralStatus.ATTENDED,
                            ReferralStatus.DID_NOT_ATTEND,
                        ]
                    )
                )
        appointment = (
            next_working_day(release + dt.timedelta(days=rng.randint(0, 10)))
            if len(path) > 1
            else None
        )
        reason = (
            "Did not attend; phone not answered."
            if path[-1] is ReferralStatus.DID_NOT_ATTEND
            else ""
        )
        previous: ReferralStatus | None = None
        for step, status in enumerate(path):
            rows.referral_history.append(
                {
                    "id": rows.new_id("referral_history"),
                    "referral_id": referral_id,
                    "changed_by_id": staffing.officer_id,
                    "changed_by": staffing.officer_name,
                    "changed_at": _at(referral_date + dt.timedelta(days=3 * step), rng),
                    "from_status": previous.value if previous else None,
                    "to_status": status.value,
                    "reason": reason if status is ReferralStatus.DID_NOT_ATTEND else "",
                }
            )
            previous = status
        rows.referrals.append(
            {
                "id": referral_id,
                "person_id": person_id,
                "provider_id": rng.choice(staffing.providers[service]),
                "service_type": service.value,
                "contact": rng.choice(["Duty worker", "Sam (referrals)", "Intake team"]),
                "referral_date": referral_date,
                "appointment_date": appointment,
                "appointment_time": dt.time(rng.choice((10, 11, 14, 15)), 0)
                if appointment
                else None,
                "status": path[-1].value,
                "reason": reason,
                "created_at": _at(referral_date, rng),
            }
        )


def _notes(
    rng: random.Random,
    rows: CaseRows,
    person_id: int,
    person: PersonInput,
    today: dt.date,
    staffing: Staffing,
) -> None:
    she = person.sex is Sex.FEMALE
    words_for = {
        "pronoun": "she" if she else "he",
        "Pronoun": "She" if she else "He",
        "them": "her" if she else "him",
    }
    start = today - dt.timedelta(days=90)
    ids: list[int] = []
    for step, template in enumerate(rng.sample(words.NOTE_TEMPLATES, k=rng.randint(1, 5))):
        note_id = rows.new_id("notes")
        ids.append(note_id)
        rows.notes.append(
            {
                "id": note_id,
                "person_id": person_id,
                "author_id": staffing.officer_id,
                "author": staffing.officer_name,
                "created_at": _at(start + dt.timedelta(days=12 * step + 1), rng),
                "pathway": None,
                "text": template.format(**words_for),
                "corrects_note_id": None,
            }
        )
    if len(ids) > 1 and rng.random() < 0.1:
        rows.notes.append(
            {
                "id": rows.new_id("notes"),
                "person_id": person_id,
                "author_id": staffing.officer_id,
                "author": staffing.officer_name,
                "created_at": _at(today - dt.timedelta(days=1), rng),
                "pathway": None,
                "text": words.CORRECTION,
                "corrects_note_id": ids[-1],
            }
        )


def _risk(
    rng: random.Random, rows: CaseRows, person_id: int, person: PersonInput, today: dt.date
) -> RiskLevel | None:
    """Risk rows; returns the level an officer would go on (confirmed, else the band)."""
    sentence = person.sentence_date or today - dt.timedelta(days=200)
    conviction = sentence - dt.timedelta(days=rng.randint(0, 40))
    previous = rng.choices(
        [0, rng.randint(1, 5), rng.randint(6, 20), rng.randint(21, 60)], weights=(15, 35, 35, 15)
    )[0]
    age_first = rng.randint(12, 30)
    first = person.date_of_birth + dt.timedelta(days=int(age_first * 365.25) + rng.randint(0, 300))
    if previous == 0 or first > conviction:
        first = conviction
    rows.risk_profiles.append(
        {
            "person_id": person_id,
            "conviction_date": conviction,
            "first_sanction_date": first,
            "previous_sanctions": previous,
            "confirmed_level": None,
            "confirmed_reason": "",
            "confirmed_by": "",
            "confirmed_at": None,
            "confirmed_score_source": None,
            "confirmed_score_band": None,
        }
    )
    assessed = min(today, sentence + dt.timedelta(days=rng.randint(10, 60)))
    band = _computed_band(person, conviction, first, previous, today)
    if rng.random() < 0.4:
        percent = float(rng.randint(8, 95))
        band = band_for_percent(int(percent))
        rows.scores.append(
            {
                "id": rows.new_id("scores"),
                "person_id": person_id,
                "tool": "ogrs3",
                "percent": percent,
                "level": band_for_percent(int(percent)).value,
                "assessed_on": assessed,
                "source": rng.choice(words.SOURCES),
                "recorded_by_id": None,
                "recorded_at": _at(assessed, rng),
            }
        )
    if band is not None and rng.random() < 0.6:
        level, reason = band, ""
        if rng.random() < 0.2:
            level = RiskLevel.HIGH if band is not RiskLevel.HIGH else RiskLevel.MEDIUM
            reason = "Recent escalation in custody adjudications and loss of accommodation."
        rows.risk_profiles[-1].update(
            confirmed_level=level.value,
            confirmed_reason=reason,
            confirmed_by="Demo data",
            confirmed_at=_at(assessed, rng),
            confirmed_score_source="recorded_ogrs3"
            if rows.scores and rows.scores[-1]["person_id"] == person_id
            else "computed_ogrs3",
            confirmed_score_band=band.value,
        )
    if rng.random() < 0.7:
        levels = ["low", "medium", "high"]
        rows.rosh.append(
            {
                "id": rows.new_id("rosh"),
                "person_id": person_id,
                "children": rng.choice(levels),
                "public": rng.choice(levels),
                "known_adult": rng.choice(levels),
                "staff": "low",
                "prisoners": rng.choice(["low", "medium"]),
                "assessed_on": assessed,
                "source": rng.choice(words.SOURCES),
                "recorded_by_id": None,
                "recorded_at": _at(assessed, rng),
            }
        )
    confirmed = rows.risk_profiles[-1]["confirmed_level"]
    return RiskLevel(confirmed) if confirmed else band


def _computed_band(
    person: PersonInput, conviction: dt.date, first: dt.date, previous: int, today: dt.date
) -> RiskLevel | None:
    if person.offence_category is None or person.release_date is None:
        return None
    try:
        result = compute_ogrs3(
            Ogrs3Input(
                date_of_birth=person.date_of_birth,
                sex=person.sex,
                conviction_date=conviction,
                first_sanction_date=first,
                previous_sanctions=previous,
                offence_category=person.offence_category,
                start_date=person.release_date,
            ),
            today=today,
        )
    except ValidationFailed:
        return None
    return result.band
