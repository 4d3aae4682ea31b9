"""Programme delivery's costs at realistic sizes: saving a session's register of 12 people, and
the completion figures across 100,000 people.

    python benchmarks/bench_programmes.py [--people 100000] [--repeats 9] [--json PATH]

Builds a SQLite database in a temporary folder (migrated like any user's), with ``--people``
people in 10 establishments; 30 % of them have a referral with a place in a group of 12
(statuses: 40 % on the programme, 30 % complete, 15 % deselected, 15 % withdrawn) and a mark
for each of their group's 12 sessions (about 360,000 marks at 100,000 people; one in seven of
those ended early attended none), written in bulk.
Then, through the services:

- ``register_save_12``: ``record_attendance`` of one session's register of 12 people (a new
  session each time; building the register to save is not timed). Target 100 ms.
- ``completion_figures_all`` (a manager reaching every establishment) and
  ``completion_figures_establishment`` (the programme team of one): ``completion_figures``.
  Target 1 s.

Prints a table and writes JSON shaped {"metric": {"median_ms": ..., "target_ms": ...}};
``run()`` returns the same figures for ``run.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from resettle.domain.programme_attendance import RegisterRow  # noqa: E402
from resettle.domain.staff import Actor, Role  # noqa: E402
from resettle.services.programme_attendance import (  # noqa: E402
    completion_figures,
    record_attendance,
    register_for_session,
)
from resettle.storage.database import Database, open_database  # noqa: E402
from resettle.storage.engine import sqlite_url  # noqa: E402
from resettle.storage.tables.people import PersonRow  # noqa: E402
from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow  # noqa: E402
from resettle.storage.tables.programme_referrals import (  # noqa: E402
    ProgrammeGroupMemberRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import (  # noqa: E402
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeSessionRow,
)
from resettle.storage.tables.staff import EstablishmentRow, StaffRow  # noqa: E402

Figures = dict[str, dict[str, float]]
TARGETS_MS = {"register_save_12": 100.0, "completion_figures": 1000.0}
ESTABLISHMENTS = 10
GROUP_SIZE = 12
SESSIONS_PER_GROUP = 12
STATUSES = (
    ("on_programme", 40),
    ("programme_complete", 30),
    ("deselected", 15),
    ("withdrawn", 15),
)
OUTCOMES = ("attended_complied",) * 7 + (
    "attended_failed_to_comply",
    "unacceptable_absence",
    "acceptable_absence",
)
START = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
ENDED_EARLY = ("deselected", "withdrawn")
#: Why the place of an ended referral ended (``domain.programme_group_places.PlaceEnd``).
PLACE_ENDS = {
    "programme_complete": "completed",
    "deselected": "deselected",
    "withdrawn": "withdrawn",
}


def _median_ms(work: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _account(database: Database, name: str, role: Role, establishments: list[int]) -> Actor:
    with database.uow() as uow:
        row = uow.staff.add(
            StaffRow(username=name, display_name=name, active=True, password_hash="")
        )
        uow.staff.add_role(row.id, role.value)
        for establishment in establishments:
            if role is Role.MANAGER:
                uow.staff.add_managed_establishment(row.id, establishment)
            else:
                uow.staff.add_to_establishment(row.id, establishment)
        uow.commit()
        return Actor(id=row.id, username=name, display_name=name, roles=frozenset({role}))


def _insert(database: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    with database.engine.begin() as connection:
        for start in range(0, len(rows), 20_000):
            connection.execute(insert(table), rows[start : start + 20_000])


def _prison_number(n: int) -> str:
    """A distinct prison number for each ``n`` up to 6,760,000 (A0001AA, ...)."""
    return f"A{n % 10_000:04d}{chr(65 + n // 10_000 % 26)}{chr(65 + n // 260_000)}"


@dataclass
class ProgrammeRows:
    """Rows of referrals with a place in a group, the groups' sessions and every place's mark
    at each session, ready for bulk inserts (``programme_rows``); ``next_ids`` continue them."""

    referrals: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)
    next_ids: dict[str, int] = field(default_factory=dict)

    def tables(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        """Each table with its rows, in an order the foreign keys allow."""
        return [
            (ProgrammeReferralRow.__table__, self.referrals),
            (ProgrammeGroupRow.__table__, self.groups),
            (ProgrammeSessionRow.__table__, self.sessions),
            (ProgrammeGroupMemberRow.__table__, self.members),
            (ProgrammeAttendanceRow.__table__, self.marks),
        ]


def programme_rows(
    placed: dict[int, list[int]],
    programme_id: int,
    *,
    sessions_per_group: int = SESSIONS_PER_GROUP,
    group_start: Callable[[int], dt.datetime] = lambda _group: START,
    ended: bool = False,
    first_ids: dict[str, int] | None = None,
    code_prefix: str = "G",
) -> ProgrammeRows:
    """Each offering's people (``placed``: offering id -> person ids) referred, in groups of
    ``GROUP_SIZE`` with ``sessions_per_group`` weekly sessions from ``group_start(group id)``,
    and a mark for every place at every session (statuses ``STATUSES``; one in seven of those
    ended early attended none). ``ended``: every referral over (complete, deselected or
    withdrawn) and its place left when the group ended, as in the years before today."""
    ids = {"group": 0, "session": 0, "referral": 0, "member": 0, "mark": 0}
    ids.update({key: value - 1 for key, value in (first_ids or {}).items()})
    shares = STATUSES if not ended else tuple(s for s in STATUSES if s[0] != "on_programme")
    weights = [status for status, share in shares for _ in range(share)]
    made = ProgrammeRows()
    with_mark_ids = first_ids is not None and "mark" in first_ids
    for offering, people in placed.items():
        for start in range(0, len(people), GROUP_SIZE):
            ids["group"] += 1
            group_id = ids["group"]
            begins = group_start(group_id)
            ends = begins + dt.timedelta(days=7 * sessions_per_group)
            made.groups.append(
                {
                    "id": group_id,
                    "offering_id": offering,
                    "code": f"{code_prefix}{group_id}",
                    "capacity": GROUP_SIZE,
                    "starts_on": begins.date(),
                    "ends_on": max(begins.date() + dt.timedelta(days=90), ends.date()),
                    "schedule": [],
                    "facilitator_ids": [],
                    "created_at": begins,
                }
            )
            first_session = ids["session"] + 1
            for number in range(sessions_per_group):
                ids["session"] += 1
                starts = begins + dt.timedelta(days=7 * number)
                made.sessions.append(
                    {
                        "id": ids["session"],
                        "group_id": group_id,
                        "sequence": number + 1,
                        "module_number": number + 1,
                        "session_number": 1,
                        "name": "Session",
                        "session_type": "group",
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=2),
                        "is_catch_up": False,
                    }
                )
            for person in people[start : start + GROUP_SIZE]:
                ids["referral"] += 1
                ids["member"] += 1
                referral_id, member_id = ids["referral"], ids["member"]
                status = weights[person % len(weights)]
                made.referrals.append(
                    {
                        "id": referral_id,
                        "person_id": person,
                        "programme_id": programme_id,
                        "offering_id": offering,
                        "status": status,
                        "status_since": ends if ended else begins,
                        "referred_at": begins - dt.timedelta(days=30),
                        "revision": 1,
                    }
                )
                made.members.append(
                    {
                        "id": member_id,
                        "group_id": group_id,
                        "referral_id": referral_id,
                        "person_id": person,
                        "joined_at": begins - dt.timedelta(days=1),
                        **({"left_at": ends, "end_reason": PLACE_ENDS[status]} if ended else {}),
                    }
                )
                for offset in range(sessions_per_group):
                    outcome = OUTCOMES[(person + offset) % len(OUTCOMES)]
                    if person % 7 == 0 and status in ENDED_EARLY:
                        outcome = "unacceptable_absence"  # never really started
                    mark: dict[str, Any] = {
                        "session_id": first_session + offset,
                        "member_id": member_id,
                        "referral_id": referral_id,
                        "person_id": person,
                        "mark_number": 1,
                        "outcome": outcome,
                        "absence_reason": "illness_or_medical"
                        if outcome == "acceptable_absence"
                        else None,
                        "note": "",
                        "recorded_at": begins + dt.timedelta(days=7 * offset, hours=2),
                    }
                    if with_mark_ids:
                        ids["mark"] += 1
                        mark["id"] = ids["mark"]
                    made.marks.append(mark)
    made.next_ids = {key: value + 1 for key, value in ids.items() if key != "mark" or with_mark_ids}
    return made


def build(database: Database, people: int) -> tuple[list[int], int]:
    """The people, referrals, groups, sessions and marks (module docstring); returns the
    establishments' ids and the programme id."""
    with database.uow() as uow:
        establishments = [
            uow.staff.add_establishment(EstablishmentRow(code=f"B{n:02d}", name=f"HMP {n}")).id
            for n in range(ESTABLISHMENTS)
        ]
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offerings = []
        for establishment in establishments:
            offering = ProgrammeOfferingRow(
                programme_id=programme.id, establishment_id=establishment
            )
            uow.programmes.add(offering)
            offerings.append(offering.id)
        uow.commit()
        programme_id = programme.id
    _insert(
        database,
        PersonRow.__table__,
        [
            {
                "id": n,
                "prison_number": _prison_number(n),
                "crn": f"X{n:06d}",
                "given_name": "Bench",
                "family_name": f"Person {n}",
                "sort_name": f"person {n}",
                "search_text": f"bench person {n}",
                "date_of_birth": dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000),
                "sex": "male",
                "establishment_id": establishments[n % ESTABLISHMENTS],
            }
            for n in range(1, people + 1)
        ],
    )
    referred = [n for n in range(1, people + 1) if n % 10 < 3]
    by_place: dict[int, list[int]] = {offering: [] for offering in offerings}
    for n in referred:
        by_place[offerings[n % ESTABLISHMENTS]].append(n)
    made = programme_rows(by_place, programme_id)
    for table, rows in made.tables():
        _insert(database, table, rows)
    referrals, sessions, marks = made.referrals, made.sessions, made.marks
    print(
        f"  built {people:,} people, {len(referrals):,} referrals, {len(sessions):,} sessions, "
        f"{len(marks):,} marks",
        file=sys.stderr,
    )
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return establishments, programme_id


def _register_group(database: Database, establishment: int, repeats: int) -> list[int]:
    """A group of 12 on the programme at ``establishment`` with ``repeats`` past sessions."""
    with database.uow() as uow:
        people = [
            row.person_id
            for row in uow.session.query(ProgrammeReferralRow)
            .join(PersonRow, PersonRow.id == ProgrammeReferralRow.person_id)
            .filter(
                PersonRow.establishment_id == establishment,
                ProgrammeReferralRow.status == "on_programme",
            )
            .limit(GROUP_SIZE)
        ]
        first = (
            uow.session.query(ProgrammeReferralRow)
            .filter(ProgrammeReferralRow.person_id == people[0])
            .one()
        )
        group = ProgrammeGroupRow(
            offering_id=first.offering_id,
            code="BENCH",
            capacity=GROUP_SIZE,
            starts_on=START.date(),
            ends_on=START.date() + dt.timedelta(days=90),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        for person in people:
            referral = (
                uow.session.query(ProgrammeReferralRow)
                .filter(ProgrammeReferralRow.person_id == person)
                .one()
            )
            # They move from the group they hold a place in (a referral holds one at a time).
            for held in uow.session.query(ProgrammeGroupMemberRow).filter(
                ProgrammeGroupMemberRow.referral_id == referral.id,
                ProgrammeGroupMemberRow.left_at.is_(None),
            ):
                held.left_at = START - dt.timedelta(days=2)
            uow.session.flush()
            uow.session.add(
                ProgrammeGroupMemberRow(
                    group_id=group.id,
                    referral_id=referral.id,
                    person_id=person,
                    joined_at=START - dt.timedelta(days=1),
                )
            )
        ids = []
        for n in range(repeats + 1):
            starts = START + dt.timedelta(days=n)
            session = ProgrammeSessionRow(
                group_id=group.id,
                sequence=n + 1,
                module_number=1,
                session_number=1,
                name="Bench",
                session_type="group",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                is_catch_up=False,
            )
            uow.programmes.add(session)
            ids.append(session.id)
        uow.commit()
        return ids


def run_with(database: Database, repeats: int, establishments: list[int]) -> Figures:
    team = _account(database, "bench.team", Role.PROGRAMME_TEAM, establishments[:1])
    manager = _account(database, "bench.manager", Role.MANAGER, establishments)
    sessions = iter(_register_group(database, establishments[0], repeats))
    marks = ("attended_complied",) * 9 + ("attended_failed_to_comply", "unacceptable_absence")

    def save_one() -> float:
        session = next(sessions)
        sheet = register_for_session(team, database.uow(), session).sheet
        rows = [
            RegisterRow.model_validate(
                {
                    **row.model_dump(),
                    "outcome": marks[i] if i < len(marks) else "acceptable_absence",
                    "absence_reason": None if i < len(marks) else "regime_or_lockdown",
                }
            )
            for i, row in enumerate(sheet.rows)
        ]
        assert len(rows) == GROUP_SIZE
        started = time.perf_counter()
        counts = record_attendance(team, database.uow(), session, sheet.with_rows(rows))
        spent = (time.perf_counter() - started) * 1000
        assert counts.recorded == GROUP_SIZE
        return spent

    save_one()  # warm up
    saves = statistics.median(save_one() for _ in range(repeats))
    everyone = completion_figures(manager, database.uow())
    print(f"  completion figures (all): {everyone}", file=sys.stderr)
    return {
        "register_save_12": {"median_ms": saves, "target_ms": TARGETS_MS["register_save_12"]},
        "completion_figures_all": {
            "median_ms": _median_ms(lambda: completion_figures(manager, database.uow()), repeats),
            "target_ms": TARGETS_MS["completion_figures"],
        },
        "completion_figures_establishment": {
            "median_ms": _median_ms(
                lambda: completion_figures(team, database.uow(), "B00"), repeats
            ),
            "target_ms": TARGETS_MS["completion_figures"],
        },
    }


def run(repeats: int = 5, people: int = 100_000) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(sqlite_url(Path(folder) / "resettle.sqlite3"))
        try:
            started = time.perf_counter()
            establishments, _programme = build(database, people)
            print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            return run_with(database, repeats, establishments)
        finally:
            database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(args.repeats, args.people)
    print(f"{'case':<36}{'median ms':>12}{'target ms':>12}  ok")
    for name, figures in results.items():
        ok = "yes" if figures["median_ms"] <= figures["target_ms"] else "NO"
        print(f"{name:<36}{figures['median_ms']:>12.1f}{figures['target_ms']:>12.0f}  {ok}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(f["median_ms"] <= f["target_ms"] for f in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
