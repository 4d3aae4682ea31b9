"""Programme referrals in the demo: need items for the programme pathway, referrals at every
status of the workflow with their history of moves, people placed in groups, registers filled
for the sessions held, and programme histories (completions, deselections and programmes done
before), the same for the same seed and day.

Rows are built here for bulk inserts, as the rest of the demo's case records are, but every
referral follows a *story*: a path through the workflow read from the database
(``uow.programme_workflow.workflow()``), each move checked there, each reason one of the
move's; the referrer's moves made by the person's officer or prison key worker, the programme
team's by the establishment's programme team account. Moves lie in the past
(``not_after_now``). The ending of a completed or deselected referral goes on the person's
programme history through the same staging function the application uses
(``programme_outcomes.record_referral_ending``).

Dates agree with each other as the application would write them: a referral is made on or
after the person's sentence date; a group place is given after the referral is assessed as
suitable and days before the group's first session; the move to On programme is made just
before the referral's first session and the move that ends the programme just after its last,
so its programme history starts and ends on the days of those moves.

People with limited access (``restricted``), closed cases and people released or leaving
within 30 days are never referred (the programme team could not see the first; the others
have no time for a programme). Referrals carry no programme pathway: working out each
person's pathway while loading would slow the demo down. A person with no need items recorded
has no pathway, so, as the application asks (``programme_referrals.move_referral``), their
referral to a programme graded by intensity is assessed suitable with a pathway override and
its reason from the workflow's table (``OVERRIDES``): mostly the information missing, some for
the time left or the risk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from resettle.domain.programme_attendance import AbsenceReason, AttendanceOutcome
from resettle.domain.programme_completion import PlannedSession
from resettle.domain.programme_group_places import PlaceEnd
from resettle.domain.programme_needs import DOMAIN_ITEMS, NeedDomain, ProgrammePathway
from resettle.domain.programme_referral_statuses import ProgrammeReferralStatus as S
from resettle.domain.programme_referral_statuses import ReasonGroup
from resettle.domain.programme_referral_workflow import Workflow, WorkflowRoleGroup
from resettle.domain.programme_referrals import pathway_matches
from resettle.domain.programmes.catalogue import Programme, ProgrammeIntensity
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.services import authentication
from resettle.services.demo.case_records import not_after_now
from resettle.services.demo.programmes import restart_empty_groups
from resettle.services.programme_outcomes import planned_sessions, record_referral_ending
from resettle.services.programme_referrals import person_pathway
from resettle.services.programme_stints import (
    ENDINGS,
    record_programme_start,
    withdraw_referral_entry,
)
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage import tables as t
from resettle.storage.tables.programme_attendance import (
    ProgrammeAttendanceRow,
    ProgrammeOneToOneSessionRow,
)
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from resettle.storage.tables.programme_needs import ProgrammeNeedItemsRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.risk import RecordedScoreRow, RiskProfileRow

Row = dict[str, Any]
ATTENDED = AttendanceOutcome.ATTENDED_COMPLIED.value
UTC = dt.UTC
PT, REF = WorkflowRoleGroup.PROGRAMME_TEAM, WorkflowRoleGroup.REFERRER

#: The need items, by domain (the columns of ``programme_need_items``).
NEED_ITEMS = tuple(item for items in DOMAIN_ITEMS.values() for item in items)
#: The sex domain's items: scored 0 for someone with no sexual offence.
SEX_ITEMS = frozenset(DOMAIN_ITEMS[NeedDomain.SEX])
#: Share of referrals made by the person's prison key worker rather than the officer.
KEY_WORKER_SHARE = 0.25
#: Share of people with risk recorded who have need items too.
NEED_ITEMS_SHARE = 0.6

#: One step of a story: the status moved to, and (category, reason, notes) for the moves
#: that ask for them.
Step = tuple[S, str | None, str | None, str]
_TO_ASSESSMENT: tuple[Step, ...] = (
    (S.DRAFT, None, None, ""),
    (S.SUBMITTED, None, None, ""),
    (S.AWAITING_ASSESSMENT, None, None, ""),
    (S.ASSESSMENT_STARTED, None, None, ""),
)
_SUITABLE: tuple[Step, ...] = (*_TO_ASSESSMENT, (S.ASSESSED_SUITABLE, None, None, ""))

#: The stories, by name: (steps, where the person is placed: None, "running" or "finished").
STORIES: dict[str, tuple[tuple[Step, ...], str | None]] = {
    "draft": (((S.DRAFT, None, None, "Discussed at supervision; to finish next week."),), None),
    "submitted": (_TO_ASSESSMENT[:2], None),
    "awaiting_assessment": (_TO_ASSESSMENT[:3], None),
    "assessment_started": (_TO_ASSESSMENT, None),
    "on_hold_submitted": (
        (*_TO_ASSESSMENT[:2], (S.ON_HOLD_SUBMITTED, None, None, "Awaiting a court date.")),
        None,
    ),
    "on_hold_awaiting_assessment": (
        (*_TO_ASSESSMENT[:3], (S.ON_HOLD_AWAITING_ASSESSMENT, None, None, "In hospital.")),
        None,
    ),
    "on_hold_assessment_started": (
        (*_TO_ASSESSMENT, (S.ON_HOLD_ASSESSMENT_STARTED, None, None, "")),
        None,
    ),
    "off_hold": (
        (
            *_TO_ASSESSMENT[:3],
            (S.ON_HOLD_AWAITING_ASSESSMENT, None, None, ""),
            (S.AWAITING_ASSESSMENT, None, None, "Back on the wing."),
        ),
        None,
    ),
    "assessed_suitable": (_SUITABLE, None),
    "suitable_not_ready": ((*_TO_ASSESSMENT, (S.SUITABLE_NOT_READY, None, None, "")), None),
    "not_eligible": (
        (*_TO_ASSESSMENT[:2], (S.NOT_ELIGIBLE, None, None, "Sentence too short.")),
        None,
    ),
    "not_suitable": ((*_TO_ASSESSMENT, (S.NOT_SUITABLE, None, None, "")), None),
    "withdrawn_health": (
        (
            *_TO_ASSESSMENT[:2],
            (S.WITHDRAWN, "withdrawn_personal", "withdrawn_health", ""),
        ),
        None,
    ),
    "withdrawn_transfer": (
        (
            *_TO_ASSESSMENT[:3],
            (S.WITHDRAWN, "withdrawn_operational", "withdrawn_transfer", ""),
        ),
        None,
    ),
    "withdrawn_other": (
        (
            *_TO_ASSESSMENT[:2],
            (S.WITHDRAWN, "withdrawn_other", None, "Referred to the wrong programme."),
        ),
        None,
    ),
    "on_programme": ((*_SUITABLE, (S.ON_PROGRAMME, None, None, "")), "running"),
    "deselected_kept_open": (
        (
            *_SUITABLE,
            (S.ON_PROGRAMME, None, None, ""),
            (
                S.ASSESSED_SUITABLE,
                "deselected_motivation_behaviour",
                "deselected_attitude",
                "To join the next group.",
            ),
        ),
        "running",
    ),
    "deselected": (
        (
            *_SUITABLE,
            (S.ON_PROGRAMME, None, None, ""),
            (S.DESELECTED, "deselected_operational", "deselected_transfer", ""),
        ),
        "running",
    ),
    "completed": ((*_SUITABLE, (S.ON_PROGRAMME, None, None, "")), "finished"),
    "deselected_finished": (
        (
            *_SUITABLE,
            (S.ON_PROGRAMME, None, None, ""),
            (S.DESELECTED, "deselected_motivation_behaviour", "deselected_missed_sessions", ""),
        ),
        "finished",
    ),
}
#: Stories told first in every establishment, so that a small demo has every status.
FIRST = (
    "on_programme",
    "completed",
    "deselected",
    "deselected_kept_open",
    "assessed_suitable",
    "submitted",
    "awaiting_assessment",
    "assessment_started",
    "draft",
    "withdrawn_health",
    "not_eligible",
    "not_suitable",
    "suitable_not_ready",
    "on_hold_submitted",
    "on_hold_awaiting_assessment",
    "on_hold_assessment_started",
    "withdrawn_transfer",
    "withdrawn_other",
    "off_hold",
    "deselected_finished",
)
#: People in each group (within capacity) and others waiting, per establishment.
RUNNING_PLACES = 8
FINISHED_PLACES = 7
#: Further stories per establishment once the groups are filled, in turn.
MORE = (
    "assessed_suitable",
    "submitted",
    "awaiting_assessment",
    "assessment_started",
    "draft",
    "withdrawn_health",
    "suitable_not_ready",
    "not_suitable",
)
MORE_PER_ESTABLISHMENT = 16
#: Programmes done before, recorded by hand (code, name, setting, years ago, outcome).
EARLIER = (
    ("TSP", "Thinking Skills Programme", "custody", 4, "complete"),
    ("RESOLVE", "Resolve", "custody", 3, "complete"),
    ("ASRO", "Addressing Substance Related Offending", "community", 6, "not_completed"),
    ("IDAP", "Integrated Domestic Abuse Programme", "community", 8, "complete"),
)
EARLIER_SHARE = 0.05
#: Pathway overrides given when a referral of a person without a programme pathway is
#: assessed suitable: (reason code in the workflow's table, the assessor's note, weight).
OVERRIDES = (
    ("override_missing_information", "Need items not yet recorded on the Risk tab.", 6),
    ("override_not_enough_time", "Too little time to release for the longer programme.", 2),
    ("override_reoffending_risk", "Assessed at interview; risk of reoffending.", 1),
    ("override_high_rosh", "High risk of serious harm to a known adult.", 1),
)


#: The fewest sessions a programme's plan in the catalogue has for the demo to run groups of
#: it. The catalogue gives a few programmes a placeholder plan of one or two sessions (Building
#: Skills for Recovery, the one-to-one alternative, the education course: their session counts
#: are not published): a group of those "completed" after two sessions. Those programmes get
#: referrals waiting, and their groups no one (``programmes.restart_empty``).
SESSIONS_TO_RUN = 10


@dataclass
class _Referable:
    """Whom the demo refers to a programme: those its eligibility in the catalogue is for
    (sex, offence type, risk level: the confirmed level, else a recorded OGRS3 band), and for
    people with need items (a programme pathway), a programme of their pathway's intensity,
    so that none needs a pathway override (the demo gives one only to people without need
    items)."""

    uow: UnitOfWork
    today: dt.date
    people: dict[int, tuple[str, str | None, bool]]  # sex, offence category, sexual offence
    levels: dict[int, str]
    with_items: set[int]
    pathways: dict[int, ProgrammePathway | None] = field(default_factory=dict)

    def pathway(self, person_id: int) -> ProgrammePathway | None:
        if person_id not in self.pathways:
            row = self.uow.people.get(person_id)
            assert row is not None
            self.pathways[person_id] = person_pathway(self.uow, row, self.today)
        return self.pathways[person_id]

    def for_programme(self, programme: Programme) -> Callable[[_Candidate], bool]:
        """Does ``programme`` fit the candidate (:meth:`fits`)?"""

        def fits(candidate: _Candidate) -> bool:
            return self.fits(candidate.person_id, programme)

        return fits

    def fits(self, person_id: int, programme: Programme) -> bool:
        # The catalogue's eligibility alone (a Kaizen referral for a burglary, seen in a
        # trial, is outside Kaizen's offence types: violence, robbery, sexual offences).
        sex, offence, _sexual = self.people[person_id]
        rule = programme.eligibility
        if rule.sexes and sex not in rule.sexes:
            return False
        if rule.offence_categories and offence not in rule.offence_categories:
            return False
        if rule.risk_levels and self.levels.get(person_id) not in rule.risk_levels:
            return False
        if person_id in self.with_items:
            return pathway_matches(programme.intensity, self.pathway(person_id))
        return True


@dataclass(frozen=True)
class DemoReferrals:
    need_items: int
    referrals: int
    statuses: Counter[str]
    marks: int
    histories: int


@dataclass
class _Rows:
    referrals: list[Row] = field(default_factory=list)
    history: list[Row] = field(default_factory=list)
    members: list[Row] = field(default_factory=list)
    marks: list[Row] = field(default_factory=list)
    one_to_ones: list[Row] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    placed: Counter[int] = field(default_factory=Counter)

    def new_id(self, key: str) -> int:
        value = self.ids[key]
        self.ids[key] = value + 1
        return value


class _Candidate(NamedTuple):
    """A person who may be referred, who refers them, and when they were sentenced."""

    person_id: int
    referrer_id: int
    sentenced: dt.date | None


@dataclass(frozen=True)
class _Group:
    id: int
    offering_id: int
    programme_id: int
    programme: Programme
    capacity: int
    sessions: tuple[t.ProgrammeSessionRow, ...]


def _working(rng: random.Random, day: dt.date) -> dt.datetime:
    """A working-hours time on ``day``, never later than now."""
    at = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), UTC)
    return not_after_now(at)


def _need_items(
    rng: random.Random, person_id: int, staff_id: int, now: dt.datetime, *, sexual: bool
) -> Row:
    """Items leaning high, moderate or low, with a few unanswered (missing information); the
    sex domain's items score 0 for someone with no sexual offence."""
    lean = rng.choice((0.2, 0.8, 1.3, 1.7))
    row: Row = {"person_id": person_id, "updated_by_id": staff_id, "updated_at": now}
    gaps = rng.random() < 0.12
    for item in NEED_ITEMS:
        if gaps and rng.random() < 0.3:
            row[item] = None
        else:
            row[item] = max(0, min(2, round(rng.gauss(lean, 0.6))))
        if not sexual and item in SEX_ITEMS:
            row[item] = 0
    row["sara_partner"] = rng.choice((None, None, None, "low", "medium", "high"))
    row["sara_other"] = None
    return row


def _check_story(workflow: Workflow, name: str, steps: Sequence[Step]) -> None:
    """Every move of the story is in the workflow, with a reason of the move's."""
    for (source, *_), (target, category, reason, notes) in pairwise(steps):
        move = next(
            (m for m in workflow.moves if (m.from_status, m.to_status) == (source, target)), None
        )
        if move is None:
            raise AssertionError(f"demo story {name}: no move {source} -> {target}")
        group = workflow.reason_group_of(move)
        if group is not None:
            workflow.check_reason(group, category, reason, notes, staying_open=move.deselects)


def _check_overrides(workflow: Workflow) -> None:
    """Every override reason the demo gives is one of the workflow's (a changed seed fails
    loudly here rather than writing reasons the screens cannot name)."""
    known = {
        reason.code
        for category in workflow.categories_of(ReasonGroup.PATHWAY_OVERRIDE)
        for reason in category.reasons
    }
    unknown = [code for code, _note, _weight in OVERRIDES if code not in known]
    if unknown:
        raise ValueError(f"demo pathway overrides not in the workflow: {unknown}")


def _override(rng: random.Random) -> tuple[str, str]:
    code, note, _weight = rng.choices(OVERRIDES, weights=[w for *_, w in OVERRIDES])[0]
    return code, note


def add_demo_referrals(
    uow: UnitOfWork,
    seed: int,
    today: dt.date,
    team_accounts: dict[int, int],
) -> DemoReferrals:
    """Need items, referrals, group places, registers and programme histories for the people
    already staged in ``uow``; ``team_accounts``: the programme team account of each
    establishment."""
    rng = random.Random(seed * 7919 + 3)
    # The overrides draw from their own generator: the rest of the demo stays as it was.
    override_rng = random.Random(seed * 7919 + 5)
    now = not_after_now(dt.datetime.combine(today, dt.time(17, 0), UTC))
    workflow = uow.programme_workflow.workflow()
    for name, (steps, _place) in STORIES.items():
        _check_story(workflow, name, steps)
    _check_overrides(workflow)
    session = uow.session
    people = (
        session.query(
            t.PersonRow.id,
            t.PersonRow.establishment_id,
            t.PersonRow.responsible_officer_id,
            t.PersonRow.release_date,
            t.PersonRow.restricted,
            t.PersonRow.case_closed,
            t.PersonRow.key_worker_id,
            t.PersonRow.sentence_date,
        )
        .order_by(t.PersonRow.id)
        .all()
    )
    with_risk = {pid for (pid,) in session.query(RiskProfileRow.person_id)}
    sexual = {pid for (pid,) in session.query(t.PersonRow.id).filter(t.PersonRow.sexual_offence)}
    need_rows = [
        _need_items(rng, pid, officer or 0, now, sexual=pid in sexual)
        for pid, _e, officer, _r, restricted, _c, _k, _s in people
        if pid in with_risk and officer and not restricted and rng.random() < NEED_ITEMS_SHARE
    ]
    uow.bulk.insert(ProgrammeNeedItemsRow, need_rows)
    with_pathway = {row["person_id"] for row in need_rows}
    # Candidates for referral, by establishment, in a shuffled order.
    candidates: dict[int, list[_Candidate]] = {}
    for pid, establishment, officer, release, restricted, closed, key_worker, sentenced in people:
        if establishment is None or restricted or closed or officer is None:
            continue
        if release is not None and release <= today + dt.timedelta(days=30):
            continue
        # The referrer: the officer, or for some the prison key worker (prison staff refer too).
        referrer = key_worker if key_worker and rng.random() < KEY_WORKER_SHARE else officer
        candidates.setdefault(establishment, []).append(_Candidate(pid, referrer, sentenced))
    for listed in candidates.values():
        rng.shuffle(listed)
    groups = _groups(uow)
    referable = _Referable(
        uow,
        today,
        {
            pid: (sex, offence, sexual)
            for pid, sex, offence, sexual in session.query(
                t.PersonRow.id,
                t.PersonRow.sex,
                t.PersonRow.offence_category,
                t.PersonRow.sexual_offence,
            )
        },
        _risk_levels(uow),
        with_pathway,
    )
    rows = _Rows(
        ids={
            "referral": uow.bulk.next_id(ProgrammeReferralRow),
            "history": uow.bulk.next_id(ProgrammeReferralHistoryRow),
            "member": uow.bulk.next_id(ProgrammeGroupMemberRow),
            "mark": uow.bulk.next_id(ProgrammeAttendanceRow),
        }
    )
    # (referral id, programme team account, the group's last session)
    endings: list[tuple[int, int, dt.date]] = []
    # (referral id, programme team account) of each referral placed that went on the programme
    stints: list[tuple[int, int]] = []
    statuses: Counter[str] = Counter()
    for establishment, team_id in team_accounts.items():
        queue = candidates.get(establishment, [])
        offered = groups.get(establishment, {})
        if not offered or not queue:
            continue
        stories = _stories_for(len(offered))
        offerings = sorted(offered)
        queue = list(queue)
        for turn, story in enumerate(stories):
            if not queue:
                break
            steps, place = STORIES[story]
            first = offerings[turn % len(offerings)]
            # The offering in turn, else the next whose group fits the story and who has a
            # person the programme is for: the next one sentenced early enough for the
            # story's moves (a referral is made once the person is sentenced: a placed one,
            # weeks before its group began).
            picked: tuple[_Group | None, _Group, int] | None = None
            for offering_id in [first, *(o for o in offerings if o != first)]:
                running, finished = offered[offering_id]
                group = {"running": running, "finished": finished}.get(place or "")
                if group is not None and not _fits(rows, group, steps, now):
                    continue
                of = group or running
                chosen = _sentenced_by(
                    queue, _latest_sentence(steps, group), referable.for_programme(of.programme)
                )
                if chosen is not None:
                    picked = (group, of, chosen)
                    break
            if picked is None:
                continue
            group, of, chosen = picked
            offering_id = of.offering_id
            pid, referrer, sentenced = queue.pop(chosen)
            programme = of.programme
            programme_id = of.programme_id
            # No pathway (no need items), a graded programme: assessed suitable by override.
            override = (
                _override(override_rng)
                if pid not in with_pathway
                and programme.intensity is not ProgrammeIntensity.NOT_GRADED
                else None
            )
            referral_id = _tell(
                rows,
                rng,
                steps,
                pid,
                referrer,
                team_id,
                (programme_id, offering_id),
                group,
                now,
                override,
                sentenced,
            )
            statuses[steps[-1][0].value] += 1
            if group is not None and any(step[0] is S.ON_PROGRAMME for step in steps):
                stints.append((referral_id, team_id))
            if group is not None and (
                steps[-1][0] is S.DESELECTED
                or (place == "finished" and steps[-1][0] is S.ON_PROGRAMME)
            ):
                last_day = group.sessions[-1].starts_at.date() if group.sessions else today
                endings.append((referral_id, team_id, last_day))
    # The finished groups' people completed: the move to programme complete is appended below,
    # after their registers are in, so that the rule finds them complete.
    _one_to_ones(rows, rng, groups, now)
    uow.bulk.insert(ProgrammeReferralRow, rows.referrals)
    uow.bulk.insert(ProgrammeReferralHistoryRow, rows.history)
    uow.bulk.insert(ProgrammeGroupMemberRow, rows.members)
    uow.bulk.insert(ProgrammeOneToOneSessionRow, rows.one_to_ones)
    uow.bulk.insert(ProgrammeAttendanceRow, rows.marks)
    uow.bulk.reset_id_sequences(
        [
            ProgrammeReferralRow,
            ProgrammeReferralHistoryRow,
            ProgrammeGroupMemberRow,
            ProgrammeAttendanceRow,
        ]
    )
    actors = _Actors(uow)
    histories = _stints(uow, actors, stints, today)
    histories += _endings(uow, actors, endings, today, statuses)
    histories += _earlier(uow, rng, people, team_accounts, today, now)
    restart_empty_groups(uow, today)
    return DemoReferrals(
        need_items=len(need_rows),
        referrals=len(rows.referrals),
        statuses=statuses,
        marks=len(rows.marks),
        histories=histories,
    )


def _risk_levels(uow: UnitOfWork) -> dict[int, str]:
    """Each person's risk level as the officer goes on it: confirmed, else the band of the
    latest recorded OGRS3 score."""
    levels: dict[int, str] = {}
    for pid, level in (
        uow.session.query(RecordedScoreRow.person_id, RecordedScoreRow.level)
        .filter(RecordedScoreRow.tool == "ogrs3", RecordedScoreRow.level.is_not(None))
        .order_by(RecordedScoreRow.assessed_on, RecordedScoreRow.id)
    ):
        if level:
            levels[pid] = level
    for pid, level in uow.session.query(RiskProfileRow.person_id, RiskProfileRow.confirmed_level):
        if level:
            levels[pid] = level
    return levels


def _stories_for(offerings: int) -> list[str]:
    """Every status first, then the groups filled, then more waiting and closed."""
    stories = list(FIRST)
    for place in range(max(RUNNING_PLACES, FINISHED_PLACES) * offerings):
        if place < RUNNING_PLACES * offerings:
            stories.append("on_programme")
        if place < FINISHED_PLACES * offerings:
            stories.append("completed")
    stories += [MORE[n % len(MORE)] for n in range(MORE_PER_ESTABLISHMENT)]
    return stories


def _groups(uow: UnitOfWork) -> dict[int, dict[int, tuple[_Group, _Group]]]:
    """By establishment and offering: (the running group, the finished group)."""
    session = uow.session
    programmes = {
        row.id: Programme.model_validate(row.definition, context=STORED)
        for row in uow.programmes.programmes()
    }
    sessions: dict[int, list[t.ProgrammeSessionRow]] = {}
    for row in session.query(t.ProgrammeSessionRow).order_by(
        t.ProgrammeSessionRow.group_id, t.ProgrammeSessionRow.sequence
    ):
        sessions.setdefault(row.group_id, []).append(row)
    found: dict[int, dict[int, dict[str, _Group]]] = {}
    query = session.query(t.ProgrammeGroupRow, t.ProgrammeOfferingRow).join(
        t.ProgrammeOfferingRow, t.ProgrammeOfferingRow.id == t.ProgrammeGroupRow.offering_id
    )
    for group, offering in query.order_by(t.ProgrammeGroupRow.id):
        number = group.code.rsplit("-", 1)[-1]
        if number not in ("0", "1") or offering.establishment_id is None:
            continue
        found.setdefault(offering.establishment_id, {}).setdefault(offering.id, {})[number] = (
            _Group(
                id=group.id,
                offering_id=offering.id,
                programme_id=offering.programme_id,
                programme=programmes[offering.programme_id],
                capacity=group.capacity,
                sessions=tuple(sessions.get(group.id, ())),
            )
        )
    return {
        establishment: {
            offering: (pair["1"], pair["0"])
            for offering, pair in offered.items()
            if "0" in pair and "1" in pair
        }
        for establishment, offered in found.items()
    }


#: Days between the moves of a placed referral (low, high): the place is given days before the
#: group's first session, the assessment days before that, and each move before the
#: assessment days or weeks before the next.
PLACE_BEFORE_START = (2, 6)
ASSESSED_BEFORE_PLACE = (1, 5)
BETWEEN_MOVES = (3, 16)
#: A referral moves to On programme shortly before its first session, and a programme ends
#: (the move that ends it) shortly after its last session: on the days of those sessions,
#: the days its programme history starts and ends (``programme_outcomes``).
STARTS_BEFORE_SESSION = dt.timedelta(minutes=15)
ENDS_AFTER_SESSION = dt.timedelta(minutes=30)


def _on_programme_at(steps: Sequence[Step]) -> int:
    """The index of the story's move to On programme."""
    return next(n for n, step in enumerate(steps) if step[0] is S.ON_PROGRAMME)


def _latest_sentence(steps: Sequence[Step], group: _Group | None) -> dt.date | None:
    """The latest sentence date from which a referral placed in ``group`` can have made its
    moves before the group began (None: any; a referral not placed starts on or after the
    sentence date, :func:`_tell`)."""
    if group is None or not group.sessions:
        return None
    moves_before = _on_programme_at(steps) - 1  # the moves before the assessment
    lead = PLACE_BEFORE_START[1] + ASSESSED_BEFORE_PLACE[1] + BETWEEN_MOVES[1] * moves_before
    first: dt.datetime = group.sessions[0].starts_at
    return first.date() - dt.timedelta(days=lead)


def _sentenced_by(
    queue: Sequence[_Candidate],
    latest: dt.date | None,
    fits: Callable[[_Candidate], bool] = lambda _candidate: True,
) -> int | None:
    """The index of the first candidate sentenced on or before ``latest`` (any when None)
    whom ``fits`` accepts."""
    return next(
        (
            n
            for n, candidate in enumerate(queue)
            if (latest is None or candidate.sentenced is None or candidate.sentenced <= latest)
            and fits(candidate)
        ),
        None,
    )


def _placed_times(
    rng: random.Random, steps: Sequence[Step], group: _Group
) -> tuple[list[dt.datetime], dt.datetime]:
    """The times of the moves of a referral placed in ``group``, and when its place was
    given: the moves up to the assessment (as suitable) days or weeks apart, the place given
    days after the assessment and days before the group's first session, On programme just
    before its first group session, and the moves after it (a leaving move, :func:`_tell`)
    there too for now."""
    start = _on_programme_at(steps)
    first_day = group.sessions[0].starts_at.date()
    joined_at = _working(rng, first_day - dt.timedelta(days=rng.randint(*PLACE_BEFORE_START)))
    day = joined_at.date() - dt.timedelta(days=rng.randint(*ASSESSED_BEFORE_PLACE))
    times = [_working(rng, day)]
    for _step in steps[1:start]:
        day -= dt.timedelta(days=rng.randint(*BETWEEN_MOVES))
        times.insert(0, _working(rng, day))
    first_group = next(
        (s for s in group.sessions if s.session_type != "one_to_one"), group.sessions[0]
    )
    times.append(first_group.starts_at - STARTS_BEFORE_SESSION)
    times += [times[-1]] * (len(steps) - start - 1)
    return times, joined_at


def _leaves(steps: Sequence[Step]) -> bool:
    """Does the story take the referral off the programme (a deselection) at its end?"""
    return len(steps) >= 2 and steps[-2][0] is S.ON_PROGRAMME


def _group_sessions_held(group: _Group, now: dt.datetime) -> list[t.ProgrammeSessionRow]:
    """The group's group sessions (not one-to-one) held by ``now``, not replaced."""
    return [
        s
        for s in group.sessions
        if s.starts_at < now and s.replaced_at is None and s.session_type != "one_to_one"
    ]


def _fits(rows: _Rows, group: _Group, steps: Sequence[Step], now: dt.datetime) -> bool:
    """May the story place its referral in ``group``: a programme with a session plan to run
    (:data:`SESSIONS_TO_RUN`), a place free, and for a referral that leaves the programme, a
    group session held to leave after (so that its programme history has a start and an end
    of its own: a one-to-one is counted only for the person it is with)."""
    return (
        len(group.sessions) >= SESSIONS_TO_RUN
        and not _full(rows, group)
        and (not _leaves(steps) or bool(_group_sessions_held(group, now)))
    )


def _full(rows: _Rows, group: _Group) -> bool:
    # Places are kept within capacity counting everyone ever placed (simple and safe).
    return rows.placed[group.id] >= group.capacity - 2


def _tell(
    rows: _Rows,
    rng: random.Random,
    steps: Sequence[Step],
    person_id: int,
    referrer_id: int,
    team_id: int,
    offered: tuple[int, int],
    group: _Group | None,
    now: dt.datetime,
    override: tuple[str, str] | None = None,
    sentenced: dt.date | None = None,
) -> int:
    """The referral, its moves, and its place and marks when it is placed in ``group``;
    ``offered``: (programme id, offering id); ``override``: the pathway override reason and
    note given when it is assessed suitable (not when a deselection returns it there);
    ``sentenced``: the person's sentence date (the referral is made on or after it)."""
    programme_id, offering_id = offered
    referral_id = rows.new_id("referral")
    placed_at: dt.datetime | None = None
    if group is not None and group.sessions:
        times, placed_at = _placed_times(rng, steps, group)
        placed_at = not_after_now(min(placed_at, now))
    else:
        day = now.date() - dt.timedelta(days=rng.randint(20, 120))
        if sentenced is not None:
            day = max(day, sentenced)
        times = []
        for n in range(len(steps)):
            if n:
                day += dt.timedelta(days=rng.randint(2, 12))
            times.append(_working(rng, min(day, now.date())))
    times = [not_after_now(min(at, now)) for at in times]
    times = [max(times[: n + 1]) for n in range(len(times))]  # never going back
    left_at: dt.datetime | None = None
    last_status = steps[-1][0]
    leaves = _leaves(steps)
    if group is not None and placed_at is not None:
        held = _group_sessions_held(group, now)
        if leaves and held:
            # Left part way through the group sessions held so far, on the day of the last
            # one (the programme history's end, as the application works it out).
            cut = held[max(1, len(held) * rng.randint(3, 7) // 10) - 1]
            left_at = min(cut.ends_at + ENDS_AFTER_SESSION, now)
            times[-1] = left_at
        elif leaves:
            left_at = times[-1]
        member_id = rows.new_id("member")
        rows.placed[group.id] += 1
        rows.members.append(
            {
                "id": member_id,
                "group_id": group.id,
                "referral_id": referral_id,
                "person_id": person_id,
                "joined_at": placed_at,
                "left_at": left_at,
                "added_by_id": team_id,
                # Only a deselection (closing or keeping the referral open) ends a place here.
                "ended_by_id": team_id if left_at is not None else None,
                "end_reason": PlaceEnd.DESELECTED.value if left_at is not None else None,
            }
        )
        _marks(rows, rng, group, member_id, referral_id, person_id, team_id, left_at, now)
    previous: dt.datetime | None = None
    for (status, category, reason, notes), at in zip(steps, times, strict=True):
        by = referrer_id if status in (S.DRAFT, S.SUBMITTED) or "hold" in status else team_id
        overridden = None
        if override is not None and status is S.ASSESSED_SUITABLE and category is None:
            overridden, notes = override
        rows.history.append(
            {
                "id": rows.new_id("history"),
                "referral_id": referral_id,
                "person_id": person_id,
                "from_status": None if previous is None else rows.history[-1]["to_status"],
                "to_status": status.value,
                "category": category,
                "reason": reason,
                "override_reason": overridden,
                "notes": notes,
                "moved_by_id": by,
                "moved_at": at,
                "seconds_at_previous": None
                if previous is None
                else int((at - previous).total_seconds()),
                "corrects_id": None,
            }
        )
        previous = at
    rows.referrals.append(
        {
            "id": referral_id,
            "person_id": person_id,
            "programme_id": programme_id,
            "offering_id": offering_id,
            "status": last_status.value,
            "status_since": times[-1],
            "referred_by_id": referrer_id,
            "referred_at": times[0],
            "pathway": None,
            "revision": len(steps),
        }
    )
    return referral_id


_OUTCOMES = (
    (AttendanceOutcome.ATTENDED_COMPLIED, 80),
    (AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY, 7),
    (AttendanceOutcome.ACCEPTABLE_ABSENCE, 8),
    (AttendanceOutcome.UNACCEPTABLE_ABSENCE, 5),
)
_REASONS = (
    AbsenceReason.ILLNESS_OR_MEDICAL,
    AbsenceReason.LEGAL_VISIT_OR_COURT,
    AbsenceReason.REGIME_OR_LOCKDOWN,
    AbsenceReason.FAMILY_EMERGENCY,
    AbsenceReason.OTHER,
)
_NOTES = ("Good contributions in group work.", "Quiet today.", "Left early for a visit.")


def _marks(
    rows: _Rows,
    rng: random.Random,
    group: _Group,
    member_id: int,
    referral_id: int,
    person_id: int,
    team_id: int,
    left_at: dt.datetime | None,
    now: dt.datetime,
) -> None:
    """A mark for each session held while the place was held; the one-to-one sessions tied to
    the group's places in turn."""
    for session in group.sessions:
        if session.starts_at >= now or session.replaced_at is not None:
            continue
        if left_at is not None and session.starts_at >= left_at:
            break
        if session.session_type == "one_to_one":
            continue  # tied to one place each, after every place is known (_one_to_ones)
        _mark(rows, rng, session, member_id, referral_id, person_id, team_id, now)


#: Why the demo's corrected marks were corrected.
DEMO_CORRECTION_REASON = "Was at a legal visit: the wing told us after the session"


def _mark(
    rows: _Rows,
    rng: random.Random,
    session: t.ProgrammeSessionRow,
    member_id: int,
    referral_id: int,
    person_id: int,
    team_id: int,
    now: dt.datetime,
) -> None:
    outcomes = [o for o, _w in _OUTCOMES]
    weights = [w for _o, w in _OUTCOMES]
    outcome = rng.choices(outcomes, weights)[0]
    reason = rng.choice(_REASONS) if outcome is AttendanceOutcome.ACCEPTABLE_ABSENCE else None
    note = ""
    if reason is AbsenceReason.OTHER:
        note = "Education exam clashed."
    elif rng.random() < 0.04:
        note = rng.choice(_NOTES)
    rows.marks.append(
        {
            "id": rows.new_id("mark"),
            "session_id": session.id,
            "member_id": member_id,
            "referral_id": referral_id,
            "person_id": person_id,
            "mark_number": 1,
            "outcome": outcome.value,
            "absence_reason": reason.value if reason else None,
            "note": note,
            "correction_reason": None,
            "recorded_by_id": team_id,
            "recorded_at": not_after_now(min(session.ends_at, now)),
        }
    )
    first = rows.marks[-1]
    if outcome is AttendanceOutcome.UNACCEPTABLE_ABSENCE and first["id"] % 5 == 0:
        # Some absences turn out to have been a legal visit: corrected, saying why (no draw
        # from ``rng``, so the rest of the demo is as it was).
        rows.marks.append(
            {
                **first,
                "id": rows.new_id("mark"),
                "mark_number": 2,
                "outcome": AttendanceOutcome.ACCEPTABLE_ABSENCE.value,
                "absence_reason": AbsenceReason.LEGAL_VISIT_OR_COURT.value,
                "correction_reason": DEMO_CORRECTION_REASON,
                "recorded_at": not_after_now(min(session.ends_at + dt.timedelta(days=1), now)),
            }
        )


def _one_to_ones(
    rows: _Rows,
    rng: random.Random,
    groups: dict[int, dict[int, tuple[_Group, _Group]]],
    now: dt.datetime,
) -> None:
    """Each one-to-one session held is tied to the places held then, in turn, and marked."""
    by_group: dict[int, list[Row]] = {}
    for member in rows.members:
        by_group.setdefault(member["group_id"], []).append(member)
    for offered in groups.values():
        for pair in offered.values():
            for group in pair:
                members = by_group.get(group.id, [])
                turn = 0
                for session in group.sessions:
                    if session.session_type != "one_to_one" or session.starts_at >= now:
                        continue
                    if session.replaced_at is not None:
                        continue
                    holding = [
                        m
                        for m in members
                        if m["joined_at"] <= session.starts_at
                        and (m["left_at"] is None or m["left_at"] > session.starts_at)
                    ]
                    if not holding:
                        continue
                    member = holding[turn % len(holding)]
                    turn += 1
                    rows.one_to_ones.append(
                        {
                            "session_id": session.id,
                            "member_id": member["id"],
                            "person_id": member["person_id"],
                            "assigned_by_id": member["added_by_id"],
                            "assigned_at": member["joined_at"],
                        }
                    )
                    _mark(
                        rows,
                        rng,
                        session,
                        member["id"],
                        member["referral_id"],
                        member["person_id"],
                        member["added_by_id"],
                        now,
                    )


class _Actors:
    """The programme team accounts as actors, each looked up once."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.known: dict[int, Actor] = {}

    def of(self, staff_id: int) -> Actor:
        if staff_id not in self.known:
            staff = self.uow.staff.get(staff_id)
            assert staff is not None
            self.known[staff_id] = authentication.actor_of(self.uow, staff)
        return self.known[staff_id]


def _stints(uow: UnitOfWork, actors: _Actors, stints: list[tuple[int, int]], today: dt.date) -> int:
    """Each placed referral that went on the programme has its entry in progress on the
    programme history, as the move to On programme writes it in the application
    (``programme_stints``): from its first session (the move dated just before it), expected
    to end on the group's last session; a deselection that kept the referral open then
    withdraws it. Endings supersede the entries later (:func:`_endings`). Returns the entries
    made."""
    made = 0
    for referral_id, team_id in stints:
        actor = actors.of(team_id)
        row = uow.programme_referrals.referral(referral_id)
        assert row is not None
        _planned, counted = planned_sessions(uow, row)
        _start_on_first_session(uow, row, counted)
        if record_programme_start(actor, uow, row, today) is not None:
            made += 1
        if row.status != S.ON_PROGRAMME.value and row.status not in ENDINGS:
            # Taken off the programme, kept open: the entry no longer holds.
            made += withdraw_referral_entry(actor, uow, row) is not None
    return made


def _endings(
    uow: UnitOfWork,
    actors: _Actors,
    endings: list[tuple[int, int, dt.date]],
    today: dt.date,
    statuses: Counter[str],
) -> int:
    """The finished groups' people complete (the programme team's move to programme complete,
    then the ending on the programme history by the application's own rule) when they
    attended most of their substantive sessions (:func:`_attended_most`); the others are
    deselected for missing too many, after the group's last session. Those deselected get
    their "not completed" ending the same way. ``record_referral_ending`` applies the rule
    again and refuses (failing the load) a completion it does not find. Returns the history
    entries made."""
    made = 0
    for referral_id, team_id, _finished in endings:
        actor = actors.of(team_id)
        row = uow.programme_referrals.referral(referral_id)
        assert row is not None
        planned, counted = planned_sessions(uow, row)
        if row.status == S.ON_PROGRAMME.value:
            last = uow.programme_referrals.last_entry(row.id)
            assert last is not None
            # Confirmed after its last session, the day the programme history ends.
            ended = max(
                (s for s in counted if s.starts_at.date() <= today), key=lambda s: s.starts_at
            )
            at = max(not_after_now(ended.ends_at + ENDS_AFTER_SESSION), last.moved_at)
            done = _attended_most(planned)
            to_status = S.PROGRAMME_COMPLETE if done else S.DESELECTED
            uow.programme_referrals.add_history(
                ProgrammeReferralHistoryRow(
                    referral_id=row.id,
                    person_id=row.person_id,
                    from_status=row.status,
                    to_status=to_status.value,
                    category=None if done else MISSED_SESSIONS[0],
                    reason=None if done else MISSED_SESSIONS[1],
                    notes="",
                    moved_by_id=actor.id,
                    moved_at=at,
                    seconds_at_previous=max(0, int((at - last.moved_at).total_seconds())),
                )
            )
            row.status = to_status.value
            row.status_since = at
            row.revision += 1
            statuses[S.ON_PROGRAMME.value] -= 1
            statuses[to_status.value] += 1
        _start_on_first_session(uow, row, counted)
        place = uow.programme_referrals.current_place(row.id)
        if record_referral_ending(actor, uow, row, today) is not None:
            made += 1
        if place is not None and place.left_at is not None:
            place.left_at = row.status_since  # the ending ended the place: at the demo's move
    return made


#: The deselection (category, reason) of someone who missed most of a finished group.
MISSED_SESSIONS = ("deselected_motivation_behaviour", "deselected_missed_sessions")


def _attended_most(planned: Sequence[PlannedSession]) -> bool:
    """Did the referral attend more than half its counted substantive sessions (a completion
    the programme team would confirm, not one after two sessions of many)?"""
    substantive = [p for p in planned if p.counted and p.substantive]
    attended = [p for p in substantive if p.outcome is not None and p.outcome.attended]
    return bool(substantive) and 2 * len(attended) > len(substantive)


def _start_on_first_session(
    uow: UnitOfWork, row: ProgrammeReferralRow, counted: Sequence[t.ProgrammeSessionRow]
) -> None:
    """Date the referral's move to On programme just before its first counted session (a
    one-to-one pre-group session of its own may come before the group's first): the day its
    programme history starts (``programme_outcomes``)."""
    if not counted:
        return
    first = min(counted, key=lambda s: s.starts_at)
    entries = uow.programme_referrals.history_of([row.id])
    started = [n for n, e in enumerate(entries) if e.to_status == S.ON_PROGRAMME.value]
    if not started or started[-1] == 0:
        return
    n = started[-1]
    entry, before = entries[n], entries[n - 1]
    at = max(first.starts_at - STARTS_BEFORE_SESSION, before.moved_at)
    after = entries[n + 1] if n + 1 < len(entries) else None
    if after is not None:
        at = min(at, after.moved_at)
        after.seconds_at_previous = int((after.moved_at - at).total_seconds())
    else:
        row.status_since = at
    entry.moved_at = at
    entry.seconds_at_previous = int((at - before.moved_at).total_seconds())


def _earlier(
    uow: UnitOfWork,
    rng: random.Random,
    people: Sequence[Any],
    team_accounts: dict[int, int],
    today: dt.date,
    now: dt.datetime,
) -> int:
    """Programmes some people did before, recorded by hand by a programme team account."""
    recorder = next(iter(team_accounts.values()), None)
    if recorder is None:
        return 0
    staff = uow.staff.get(recorder)
    assert staff is not None
    entries: list[Row] = []
    for pid, _establishment, _officer, _release, restricted, _closed, _key, _s in people:
        if restricted or rng.random() >= EARLIER_SHARE:
            continue
        code, name, setting, years, outcome = rng.choice(EARLIER)
        started = today - dt.timedelta(days=365 * years + rng.randint(0, 200))
        ended = started + dt.timedelta(weeks=rng.randint(8, 20))
        entries.append(
            {
                "person_id": pid,
                "programme_code": code,
                "programme_name": name,
                "setting": setting,
                "location": None,
                "started_on": started,
                "ended_on": ended,
                "expected_end_on": None,
                "outcome": outcome,
                "reason_category": "withdrawn_personal" if outcome == "not_completed" else None,
                "reason": None,
                "evidence_intervention_id": None,
                "source": "recorded",
                "referral_id": None,
                "supersedes_id": None,
                "recorded_by_id": staff.id,
                "recorded_by": staff.display_name,
                "recorded_at": now,
            }
        )
    uow.bulk.insert(ProgrammeHistoryRow, entries)
    return len(entries)
