"""Programme referrals: an establishment's referrals by status, and the whole Programmes view
load (``delivery_overview`` then ``list_establishment_referrals``, the two use cases the view
runs on opening and after every change) with 2,000 referrals, and one move, on a fresh SQLite
database.

    python benchmarks/bench_programme_referrals.py [--referrals 2000] [--repeats 20]
        [--out benchmarks/out/programme_referrals.json]

Prints a table and writes JSON shaped {"metric": {"median_ms": ..., "target_ms": ...}};
``run()`` gives the same figures to ``benchmarks/run.py``. The people (one referral each, at
every status) are written straight into the tables, with an offering of the programme, four
groups and a place for every tenth referral: the measured reads and the move go through the
services as the programme team.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS_MS = {
    "establishment_referrals": 300.0,
    "programmes_view_load": 300.0,
    "move_referral": 100.0,
}


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(referrals: int = 2000, repeats: int = 20) -> dict[str, float]:
    """Median milliseconds of each metric (the move is timed once)."""
    from resettle.domain.programme_referral_statuses import STATUSES
    from resettle.domain.staff import Actor, Role
    from resettle.services.programme_delivery import delivery_overview
    from resettle.services.programme_referral_lists import list_establishment_referrals
    from resettle.services.programme_referrals import move_referral
    from resettle.storage.database import open_database
    from resettle.storage.engine import sqlite_url
    from resettle.storage.tables.people import PersonRow
    from resettle.storage.tables.programme_referrals import (
        ProgrammeGroupMemberRow,
        ProgrammeReferralRow,
    )
    from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
    from resettle.storage.tables.staff import EstablishmentRow, StaffRow

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(sqlite_url(Path(folder) / "bench.sqlite3"))
        try:
            with database.uow() as uow:
                prison = uow.staff.add_establishment(EstablishmentRow(code="BEN", name="HMP B"))
                tutor = uow.staff.add(
                    StaffRow(username="b.tutor", display_name="B Tutor", active=True)
                )
                uow.staff.add_role(tutor.id, Role.PROGRAMME_TEAM.value)
                uow.staff.add_to_establishment(tutor.id, prison.id)
                programme = uow.programmes.programme_by_code("BC-MOD")
                assert programme is not None
                offering = ProgrammeOfferingRow(
                    programme_id=programme.id, establishment_id=prison.id
                )
                uow.programmes.add(offering)
                today = dt.date.today()
                groups = []
                for g in range(4):
                    group = ProgrammeGroupRow(
                        offering_id=offering.id,
                        code=f"BC-{g + 1}",
                        capacity=referrals,
                        starts_on=today + dt.timedelta(days=7 * g),
                        ends_on=today + dt.timedelta(days=7 * g + 90),
                        schedule=[],
                        facilitator_ids=[],
                    )
                    uow.programmes.add(group)
                    groups.append(group)
                uow.session.flush()
                now = uow.programme_referrals.database_now()
                statuses = [s.code for s in STATUSES]
                for n in range(referrals):
                    person = PersonRow(
                        prison_number=f"B{n:04d}BB",
                        crn=f"B{n:06d}",
                        given_name="Bench",
                        family_name=f"Person {n}",
                        sort_name=f"person {n:05d}, bench",
                        search_text=f"b{n:04d}bb bench person {n}",
                        date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=n),
                        sex="male",
                        establishment_id=prison.id,
                        release_date=today + dt.timedelta(days=200),
                    )
                    uow.session.add(person)
                    uow.session.flush()
                    referral = ProgrammeReferralRow(
                        person_id=person.id,
                        programme_id=programme.id,
                        status="submitted" if n == 0 else statuses[n % len(statuses)],
                        status_since=now - dt.timedelta(minutes=n),
                        referred_at=now - dt.timedelta(days=1),
                        revision=1,
                    )
                    uow.session.add(referral)
                    if n % 10 == 5:
                        uow.session.flush()
                        uow.session.add(
                            ProgrammeGroupMemberRow(
                                group_id=groups[n % 4].id,
                                referral_id=referral.id,
                                person_id=person.id,
                                joined_at=now,
                            )
                        )
                uow.commit()
                tutor_id, prison_id = tutor.id, prison.id
            actor = Actor(
                id=tutor_id, username="b.tutor", display_name="B Tutor", role=Role.PROGRAMME_TEAM
            )

            def view_load() -> None:
                delivery_overview(actor, database.uow(), prison_id, dt.date.today())
                listed = list_establishment_referrals(actor, database.uow(), "BEN")
                assert len(listed.rows) == referrals

            metrics = {
                "establishment_referrals": _median_ms(
                    lambda: list_establishment_referrals(actor, database.uow(), "BEN"),
                    repeats,
                ),
                "programmes_view_load": _median_ms(view_load, repeats),
            }
            started = time.perf_counter()
            move_referral(actor, database.uow(), 1, 1, {"to_status": "awaiting_assessment"})
            metrics["move_referral"] = (time.perf_counter() - started) * 1000
        finally:
            database.close()
    return metrics


def run(repeats: int = 5) -> dict[str, dict[str, float]]:
    """For ``benchmarks/run.py``: each metric's median with its target."""
    return {
        f"programme_{name}": {"median_ms": round(value, 2), "target_ms": TARGETS_MS[name]}
        for name, value in measure(repeats=max(repeats, 5)).items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    metrics = measure(args.referrals, args.repeats)
    results = {
        name: {"median_ms": round(value, 2), "target_ms": TARGETS_MS[name]}
        for name, value in metrics.items()
    }
    for name, row in results.items():
        print(f"{name:<28}{row['median_ms']:>10.2f} ms   (target {row['target_ms']:.0f} ms)")
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
