"""The scale benchmark (issue 16): 100,000 people, 1,000,000 case notes and 2,000,000 programme
attendance marks, on SQLite or PostgreSQL, and what an officer and a manager wait for there.

    python benchmarks/bench_scale.py --backend sqlite [--repeats 5]
    source scripts/postgres.sh; start_test_postgres
    python benchmarks/bench_scale.py --backend postgresql \
        --database-url "$RESETTLE_TEST_DATABASE_URL"
    stop_test_postgres

The database is built once and kept (a marker names its sizes and seed; ``--rebuild`` makes it
again): SQLite in ``--work-dir``; on PostgreSQL the database ``resettle_scale_<people>`` on the
server ``--database-url`` names (its owner: a superuser, or a login with CREATEDB), made there.

How it is built (``build``; the time each step took is printed and written to the JSON):

1. ``resettle demo --size <people>`` in a subprocess, exactly as a user would run it: the schema
   through the migrations, the demo's accounts (``demo.officer``, ``demo.manager``, ...), teams,
   prisons, programmes and a whole case record for every person (needs, essentials, referrals,
   notes, risk, plans, outcome checks, programme referrals with places and marks), written by
   the demo loader, which also brings every derived column up to date (``search_text``,
   ``sort_name``, the caseload's and measures' keys: ``refresh_caseload_keys``).
2. Case notes up to ``--notes``, in bulk: 50 to 800 characters (median about 270) drawn from
   the demo's own note sentences, spread over each person's time since sentence (at most six
   years), by the person's officer, some under a pathway; a few people have hundreds of notes
   (log-normal weights), most a handful.
3. Programme attendance up to ``--attendance`` marks, in bulk: past programme runs (the
   generator of ``bench_programmes.programme_rows``): each person at a prison that offers a
   programme is referred once, placed in a group of 12 with weekly sessions in the last six
   years, every place marked at every session; the referral ended (complete, deselected or
   withdrawn) and its place left when the group ended.
   No derived column reads notes or marks, so nothing is refreshed after 2 and 3 (checked by
   ``count_unmaintained`` below); what is approximated: those bulk referrals have no history
   entries (the referral's own status is right), and the bulk rows have no audit rows.
4. ``ANALYZE`` (the statistics a database of this size would have), and on PostgreSQL the id
   sequences moved past the ids written.

Measured (medians over ``--repeats``, wall-clock ms), through the services as the GUI calls them:

- ``startup_to_first_rows``: ``run.py``'s start-up (a separate process, off-screen, from launch
  to the window with the first caseload rows), as ``demo.officer``;
- ``search_name`` / ``search_prison_number``: the caseload search (``list_caseload``) as the
  officer types a name or a prison number (several words, each timed);
- ``open_person``: ``open_case_record`` (the person window's data and its audit row) of a random
  person the officer reaches, and ``open_person_most_notes`` of the one with the most notes;
- ``save_person`` (``update_person``: a profile change) and ``save_note`` (``add_case_note``);
- ``report_caseload_pdf`` (``caseload_report``, the manager's caseload report PDF of everyone)
  and ``report_kpis`` (``measure_people_all``, ``report kpis --with-people``), each run
  ``--report-repeats`` times (default once: minutes each at this size on a loaded machine);
- ``import_people_1000``: ``measure_import_people`` (1,000 new people from a CSV file into
  the officer's team through ``services.caseload_import.import_people``, on top of the
  100,000; ``bench_caseload_import.py`` times 100,000 rows into a small database).

Writes JSON like ``run.py`` ({"metric": {"median_ms": ..., "target_ms": ...}, "_run": {...}})
and a markdown table (``--markdown``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PEOPLE = 100_000
NOTES = 1_000_000
ATTENDANCE = 2_000_000
#: People with a whole demo case record; the rest are registered people (``add_people``).
DEMO_PEOPLE = 10_000
CHUNK = 20_000
OFFICER = "demo.officer"
MANAGER = "demo.manager"
DEMO_PASSWORD = "demo-password"  # resettle.services.demo.loader.DEMO_PASSWORD
#: The issue's and earlier benchmarks' targets (docs/performance.md); None: no target set.
TARGETS_MS: dict[str, float | None] = {
    "startup_to_first_rows": 1500.0,
    "search_name": 100.0,
    "search_prison_number": 100.0,
    "open_person": 200.0,
    "open_person_most_notes": 300.0,
    "save_person": 100.0,
    "save_note": 100.0,
    "report_caseload_pdf": 10_000.0,
    "report_kpis": 5000.0,
    "import_people_1000": 600.0,  # 1,000 rows at the pace of 100,000 in 60 s
}
NAME_SEARCHES = ["smith", "james", "jo", "khan m", "wil", "patel a"]

Metrics = dict[str, dict[str, Any]]


# --- building -------------------------------------------------------------------------------


def server_database(server_url: str, name: str, fresh: bool) -> str:
    """The URL of database ``name`` on the server (made if missing; ``fresh``: made anew)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if fresh:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def load_demo(folder: Path, database_url: str | None, people: int, seed: int) -> None:
    """Step 1: ``resettle demo`` in its own process, as a user runs it."""
    command = [sys.executable, "-m", "resettle", "--data-dir", str(folder)]
    if database_url:
        command += ["--database-url", database_url]
    command += ["demo", "--size", str(people), "--seed", str(seed)]
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def prison_number(n: int) -> str:
    """A distinct prison number for each ``n`` below 6,760,000 (A0001AA, ...; the demo's
    begin with Z)."""
    return f"A{n % 10_000:04d}{chr(65 + n // 10_000 % 26)}{chr(65 + n // 260_000)}"


def add_people(database: Any, target: int, seed: int, today: dt.date) -> int:
    """Step 1b: people up to ``target`` beyond the demo's whole records, as if registered: a
    profile drawn by the demo's own generator (``services/demo/people.person``: names, dates,
    prisons, key workers) with one of the demo's officers and that officer's team, and the
    first allocation, written in bulk; then every derived column (``search_text``,
    ``sort_name``, the caseload's and measures' keys) as the application keeps them
    (``refresh_caseload_keys``). Returns how many were written."""
    from sqlalchemy import func, select

    from resettle.services import person_records
    from resettle.services.demo.allocations import first_allocations
    from resettle.services.demo.people import Placement, person
    from resettle.storage.tables.cases import AllocationRow
    from resettle.storage.tables.people import PersonRow
    from resettle.storage.tables.staff import EstablishmentRow, StaffRow

    engine = database.engine
    with engine.begin() as connection:
        have = int(connection.scalar(select(func.count()).select_from(PersonRow)) or 0)
        next_id = int(connection.scalar(select(func.max(PersonRow.id))) or 0) + 1
        manager = connection.scalar(select(StaffRow.id).where(StaffRow.username == MANAGER))
        officers = sorted(
            connection.execute(
                select(PersonRow.responsible_officer_id, PersonRow.team_id)
                .where(PersonRow.responsible_officer_id.is_not(None))
                .distinct()
            ).all()
        )
        workers: dict[tuple[int, str], set[int]] = {}
        for establishment, code, worker in connection.execute(
            select(PersonRow.establishment_id, EstablishmentRow.code, PersonRow.key_worker_id)
            .join(EstablishmentRow, EstablishmentRow.id == PersonRow.establishment_id)
            .where(PersonRow.key_worker_id.is_not(None))
            .distinct()
        ):
            workers.setdefault((establishment, code), set()).add(worker)
    wanted = target - have
    if wanted <= 0:
        return 0
    placements = [
        Placement(establishment, code, tuple(sorted(ids)))
        for (establishment, code), ids in sorted(workers.items())
    ]
    rng = random.Random(seed * 53 + 11)
    rows: list[dict[str, Any]] = []
    for n in range(wanted):
        officer, team = rng.choice(officers)
        profile = person(rng, prison_number(n), f"A{n:06d}", today, placements, [officer])
        rows.append(
            person_records.column_values(profile)
            | {"id": next_id + n, "team_id": team, "version": 1}
        )
        if len(rows) == CHUNK or n == wanted - 1:
            with engine.begin() as connection:
                _write(connection, PersonRow.__table__, rows, copy=False)
                allocations = first_allocations(rows, manager, today)
                _write(connection, AllocationRow.__table__, allocations, copy=False)
            rows.clear()
    with database.uow() as uow:
        uow.people.refresh_caseload_keys()
        uow.commit()
    return wanted


def _write(connection: Any, table: Any, rows: list[dict[str, Any]], copy: bool = True) -> None:
    """Bulk insert: PostgreSQL's COPY (``copy``: every column without a server default is in
    the rows: COPY applies no Python-side default), else one executemany per chunk."""
    if not rows:
        return
    if connection.dialect.name != "postgresql" or not copy:
        for start in range(0, len(rows), CHUNK):
            connection.execute(table.insert(), rows[start : start + CHUNK])
        return
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as stream:
        for row in rows:
            stream.write_row([row[c] for c in columns])


def _sentences() -> list[str]:
    from resettle.services.demo import case_vocabulary

    words = {"pronoun": "he", "Pronoun": "He", "them": "him"}
    return [template.format(**words) for template in case_vocabulary.NOTE_TEMPLATES]


def note_text(rng: random.Random, sentences: list[str]) -> str:
    """50 to 800 characters of the demo's note sentences (median about 270)."""
    length = min(800, max(50, int(rng.lognormvariate(5.6, 0.6))))
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = rng.choice(sentences)
        parts.append(sentence)
        size += len(sentence) + 1
    text = " ".join(parts)[:length]
    if len(text) == length and " " in text[50:]:
        text = text[: text.rindex(" ", 50)].rstrip(",;:") + "."
    return text


def add_notes(engine: Any, target: int, seed: int, today: dt.date) -> int:
    """Step 2: case notes up to ``target``; returns how many were written."""
    from sqlalchemy import func, select

    from resettle.domain.pathways import Pathway
    from resettle.storage.tables.notes import CaseNoteRow
    from resettle.storage.tables.people import PersonRow
    from resettle.storage.tables.staff import StaffRow

    rng = random.Random(seed * 31 + 7)
    table = CaseNoteRow.__table__
    with engine.begin() as connection:
        have = int(connection.scalar(select(func.count()).select_from(table)) or 0)
        next_id = int(connection.scalar(select(func.max(table.c.id))) or 0) + 1
        names = dict(connection.execute(select(StaffRow.id, StaffRow.display_name)).all())
        people = connection.execute(
            select(
                PersonRow.id, PersonRow.responsible_officer_id, PersonRow.sentence_date
            ).order_by(PersonRow.id)
        ).all()
    wanted = target - have
    if wanted <= 0:
        return 0
    weights = [rng.lognormvariate(0, 1.1) for _ in people]
    counts = Counter(rng.choices(range(len(people)), weights=weights, k=wanted))
    sentences = _sentences()
    pathways = [p.value for p in Pathway]
    earliest = today - dt.timedelta(days=6 * 365)
    rows: list[dict[str, Any]] = []
    written = 0
    for index in sorted(counts):
        person_id, officer_id, sentenced = people[index]
        since = max(sentenced or earliest, earliest)
        span = max((today - since).days, 1)
        for _ in range(counts[index]):
            day = since + dt.timedelta(days=rng.randrange(span))
            rows.append(
                {
                    "id": next_id,
                    "person_id": person_id,
                    "author_id": officer_id,
                    "author": names.get(officer_id, "Officer"),
                    "created_at": dt.datetime.combine(
                        day, dt.time(rng.randint(8, 17), rng.randrange(60)), dt.UTC
                    ),
                    "pathway": rng.choice(pathways) if rng.random() < 0.3 else None,
                    "text": note_text(rng, sentences),
                    "corrects_note_id": None,
                }
            )
            next_id += 1
        if len(rows) >= 5 * CHUNK:
            written += _flush_rows(engine, table, rows)
    return written + _flush_rows(engine, table, rows)


def _flush_rows(engine: Any, table: Any, rows: list[dict[str, Any]]) -> int:
    with engine.begin() as connection:
        _write(connection, table, rows)
    count = len(rows)
    rows.clear()
    return count


def add_attendance(engine: Any, target: int, seed: int, today: dt.date) -> int:
    """Step 3: programme attendance marks up to ``target``; returns how many were written."""
    from sqlalchemy import func, select

    from benchmarks.bench_programmes import GROUP_SIZE, programme_rows
    from resettle.storage.tables.people import PersonRow
    from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow
    from resettle.storage.tables.programme_referrals import (
        ProgrammeGroupMemberRow,
        ProgrammeReferralRow,
    )
    from resettle.storage.tables.programmes import (
        ProgrammeGroupRow,
        ProgrammeOfferingRow,
        ProgrammeSessionRow,
    )

    tables: dict[str, Any] = {
        "group": ProgrammeGroupRow,
        "session": ProgrammeSessionRow,
        "referral": ProgrammeReferralRow,
        "member": ProgrammeGroupMemberRow,
    }
    with engine.begin() as connection:
        have = int(connection.scalar(select(func.count()).select_from(ProgrammeAttendanceRow)) or 0)
        first_ids = {
            key: int(connection.scalar(select(func.max(row.id))) or 0) + 1
            for key, row in tables.items()
        }
        offerings: dict[int, tuple[int, int]] = {}  # establishment -> (offering, programme)
        for offering, programme, establishment in connection.execute(
            select(
                ProgrammeOfferingRow.id,
                ProgrammeOfferingRow.programme_id,
                ProgrammeOfferingRow.establishment_id,
            )
            .where(ProgrammeOfferingRow.establishment_id.is_not(None))
            .order_by(ProgrammeOfferingRow.id)
        ):
            offerings.setdefault(establishment, (offering, programme))
        placed: dict[int, list[int]] = {}
        for person_id, establishment in connection.execute(
            select(PersonRow.id, PersonRow.establishment_id).order_by(PersonRow.id)
        ):
            if establishment in offerings:
                placed.setdefault(establishment, []).append(person_id)
    wanted = target - have
    eligible = sum(len(people) for people in placed.values())
    if wanted <= 0 or not eligible:
        return 0
    sessions = math.ceil(wanted / eligible)
    rng = random.Random(seed * 17 + 3)
    latest = dt.datetime.combine(today, dt.time(9), dt.UTC) - dt.timedelta(days=7 * sessions + 14)

    def group_start(_group: int) -> dt.datetime:
        return latest - dt.timedelta(days=rng.randrange(6 * 365 - 7 * sessions))

    written = 0
    ids = first_ids
    for establishment, people in placed.items():
        offering, programme = offerings[establishment]
        for start in range(0, len(people), 100 * GROUP_SIZE):
            if written >= wanted:
                break
            made = programme_rows(
                {offering: people[start : start + 100 * GROUP_SIZE]},
                programme,
                sessions_per_group=sessions,
                group_start=group_start,
                ended=True,
                first_ids=ids,
                code_prefix="SCALE-",
            )
            ids = made.next_ids
            del made.marks[wanted - written :]
            with engine.begin() as connection:
                for table, rows in made.tables():
                    _write(connection, table, rows, copy=table.name != "programme_groups")
            written += len(made.marks)
    return written


def finish(engine: Any) -> None:
    """Step 4: statistics, and PostgreSQL's sequences past the ids written."""
    from sqlalchemy import text

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            for name in (
                "people",
                "case_notes",
                "programme_groups",
                "programme_sessions",
                "programme_referrals",
                "programme_group_members",
            ):
                connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"
                    )
                )
        connection.exec_driver_sql("ANALYZE")


def counts(engine: Any) -> dict[str, int]:
    from sqlalchemy import text

    with engine.connect() as connection:
        return {
            name: int(connection.scalar(text(f"SELECT count(*) FROM {name}")) or 0)
            for name in ("people", "case_notes", "programme_attendance", "programme_sessions")
        }


def build(
    folder: Path,
    database_url: str | None,
    people: int,
    notes: int,
    attendance: int,
    seed: int = 1,
    demo_people: int = DEMO_PEOPLE,
) -> dict[str, float]:
    """Steps 1-4 (module docstring); returns each step's seconds."""
    from resettle.domain import clock
    from resettle.services.workspace import open_settings_database
    from resettle.settings import resolve_settings
    from resettle.storage.repositories.caseload_keys import count_unmaintained

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    load_demo(folder, database_url, min(people, demo_people), seed)
    seconds["build_demo_s"] = time.perf_counter() - started
    _say(f"  demo of {min(people, demo_people):,} people: {seconds['build_demo_s']:.0f} s")
    today = clock.today()
    database = open_settings_database(resolve_settings(folder, database_url))
    try:
        started = time.perf_counter()
        written = add_people(database, people, seed, today)
        seconds["build_people_s"] = time.perf_counter() - started
        _say(f"  {written:,} more people: {seconds['build_people_s']:.0f} s")
        started = time.perf_counter()
        written = add_notes(database.engine, notes, seed, today)
        seconds["build_notes_s"] = time.perf_counter() - started
        _say(f"  {written:,} notes: {seconds['build_notes_s']:.0f} s")
        started = time.perf_counter()
        written = add_attendance(database.engine, attendance, seed, today)
        seconds["build_attendance_s"] = time.perf_counter() - started
        _say(f"  {written:,} attendance marks: {seconds['build_attendance_s']:.0f} s")
        started = time.perf_counter()
        finish(database.engine)
        seconds["build_analyze_s"] = time.perf_counter() - started
        with database.uow() as uow:
            stale = count_unmaintained(uow.session)
        if stale:
            raise SystemExit(f"{stale} people's readiness keys are not up to date")
    finally:
        database.close()
    seconds["build_total_s"] = sum(seconds.values())
    return seconds


# --- measuring ------------------------------------------------------------------------------


def _timed(action: Callable[[], object], repeats: int) -> dict[str, float]:
    return _each([action], repeats)


def _each(actions: list[Callable[[], object]], repeats: int) -> dict[str, float]:
    """One figure over several actions (each timed ``repeats`` times)."""
    walls, cpus = [], []
    for _ in range(repeats):
        for action in actions:
            wall, cpu = time.perf_counter(), time.process_time()
            action()
            cpus.append((time.process_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
    return {
        "median_ms": round(statistics.median(walls), 1),
        "median_cpu_ms": round(statistics.median(cpus), 1),
        "worst_ms": round(max(walls), 1),
    }


def measure_import_people(workspace: Any, folder: Path, rows: int) -> dict[str, float]:
    """``rows`` new people imported from a CSV file (the import benchmark's file: Windows-1252,
    CRLF, dd/mm/yyyy) into the officer's own team through ``import_people``, timed once."""
    from bench_caseload_import import write_file

    from resettle.domain.import_file import read_import_file
    from resettle.services.caseload_import import import_people, importable_teams

    data = write_file(folder / f"import-{rows}.csv", rows)
    ((team_id, *_), *_) = workspace.run(importable_teams)
    started, cpu = time.perf_counter(), time.process_time()
    outcome = workspace.run(import_people, read_import_file("import.csv", data), team_id)
    return {
        "median_ms": round((time.perf_counter() - started) * 1000, 1),
        "median_cpu_ms": round((time.process_time() - cpu) * 1000, 1),
        "created": outcome.created,
        "refused": outcome.refused_lines,
    }


def measure(
    folder: Path, database_url: str | None, repeats: int, report_repeats: int = 1
) -> Metrics:
    """Everything but start-up, in this process, through the services."""
    from sqlalchemy import func, select

    from resettle.domain import clock
    from resettle.domain.caseload import CaseloadQuery
    from resettle.domain.caseload_report import ReportJustification
    from resettle.domain.measure_figures import MeasureFilters
    from resettle.services.case_record.notes import add_case_note
    from resettle.services.case_record.read import open_case_record
    from resettle.services.caseload import list_caseload
    from resettle.services.caseload_report import caseload_report
    from resettle.services.measures import measure_people_all
    from resettle.services.people import get_person, update_person
    from resettle.services.workspace import open_workspace
    from resettle.settings import resolve_settings
    from resettle.storage.tables.notes import CaseNoteRow

    results: Metrics = {}
    today = clock.today()
    officer = open_workspace(resolve_settings(folder, database_url, OFFICER), DEMO_PASSWORD)
    try:
        actor = officer.actor
        reached = list_caseload(actor, officer.uow(), CaseloadQuery(limit=5000)).rows
        ids = [row.id for row in reached]
        numbers = [row.prison_number for row in reached[:: max(1, len(reached) // 20)]][:6]
        _say(f"  {OFFICER} reaches {len(ids):,}+ people on the first pages")

        def search(text: str) -> Callable[[], object]:
            return lambda: list_caseload(actor, officer.uow(), CaseloadQuery(search=text))

        results["search_name"] = _each([search(t) for t in NAME_SEARCHES], repeats)
        results["search_prison_number"] = _each(
            [search(n) for n in numbers] + [search(n[:3]) for n in numbers[:2]], repeats
        )
        with officer.uow() as uow:
            most, notes = uow.session.execute(
                select(CaseNoteRow.person_id, func.count())
                .where(CaseNoteRow.person_id.in_(ids))
                .group_by(CaseNoteRow.person_id)
                .order_by(func.count().desc())
                .limit(1)
            ).one()
        _say(f"  the most notes of a person the officer reaches: {notes}")
        rng = random.Random(5)
        results["open_person"] = _timed(
            lambda: open_case_record(actor, officer.uow(), rng.choice(ids)), max(repeats, 10)
        )
        results["open_person_most_notes"] = _timed(
            lambda: open_case_record(actor, officer.uow(), most), repeats
        ) | {"notes": notes}
        saved = rng.choice(ids)
        languages = iter(["English", "Welsh"] * repeats)

        def save_person() -> None:
            person = get_person(actor, officer.uow(), saved)
            data = person.profile.model_copy(update={"preferred_language": next(languages)})
            started = time.perf_counter()
            update_person(actor, officer.uow(), saved, person.version, data)
            save_times.append((time.perf_counter() - started) * 1000)

        save_times: list[float] = []
        for _ in range(repeats):
            save_person()
        results["save_person"] = {
            "median_ms": round(statistics.median(save_times), 1),
            "worst_ms": round(max(save_times), 1),
        }
        text = note_text(random.Random(9), _sentences())
        results["save_note"] = _timed(
            lambda: add_case_note(actor, officer.uow(), saved, {"text": text}), repeats
        )
        results["import_people_1000"] = measure_import_people(officer, folder, 1000)
    finally:
        officer.close()
    manager = open_workspace(resolve_settings(folder, database_url, MANAGER), DEMO_PASSWORD)
    try:
        filters = MeasureFilters.for_period(today)
        _say(f"  reports as {MANAGER} ({report_repeats} run(s) each) ...")
        results["report_caseload_pdf"] = _timed(
            lambda: caseload_report(
                manager.actor,
                manager.uow(),
                filters,
                justification=ReportJustification.PERFORMANCE_REVIEW,
                today=today,
            ),
            report_repeats,
        )
        results["report_kpis"] = _timed(
            lambda: measure_people_all(manager.actor, manager.uow(), filters, today),
            report_repeats,
        )
    finally:
        manager.close()
    return results


def measure_startup(folder: Path, database_url: str | None, repeats: int) -> Metrics:
    import run

    return run.measure_startup(folder, repeats, database_url=database_url)


# --- reporting ------------------------------------------------------------------------------


def markdown(results: dict[str, Metrics], meta: dict[str, Any]) -> str:
    """Both backends' figures side by side (whichever were measured)."""
    backends = list(results)
    lines = [
        "| metric | target | " + " | ".join(backends) + " |",
        "|---|---:|" + "---:|" * len(backends),
    ]
    names = [name for name in TARGETS_MS if any(name in r for r in results.values())]
    for name in names:
        target = TARGETS_MS[name]
        cells = []
        for backend in backends:
            value = results[backend].get(name)
            if value is None:
                cells.append("-")
            elif "skipped" in value:
                cells.append("skipped")
            elif "median_cpu_ms" in value:
                cells.append(f"{value['median_ms']:,.0f} ms ({value['median_cpu_ms']:,.0f} ms)")
            else:
                cells.append(f"{value['median_ms']:,.0f} ms")
        shown = "-" if target is None else f"{target:,.0f} ms"
        lines.append(f"| {name} | {shown} | " + " | ".join(cells) + " |")
    if any("startup_peak_memory" in r for r in results.values()):
        cells = [
            f"{r['startup_peak_memory']['median_mb']:,.0f} MB"
            if "startup_peak_memory" in r
            else "-"
            for r in results.values()
        ]
        lines.append("| startup_peak_memory | 300 MB | " + " | ".join(cells) + " |")
    for key in (
        "build_demo_s",
        "build_people_s",
        "build_notes_s",
        "build_attendance_s",
        "build_total_s",
    ):
        cells = [
            f"{meta[b]['build'][key]:,.0f} s" if key in meta[b].get("build", {}) else "(kept)"
            for b in backends
        ]
        lines.append(f"| {key} | - | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _marker(
    folder: Path, backend: str, people: int, notes: int, attendance: int, seed: int
) -> Path:
    return folder / f"built-{backend}-{people}-{notes}-{attendance}-{seed}.json"


def prepare(args: argparse.Namespace) -> tuple[Path, str | None, dict[str, Any]]:
    """The built database's folder and URL (built now unless its marker is there)."""
    folder = args.work_dir / f"scale-{args.backend}-{args.people}"
    marker = _marker(
        folder, args.backend, args.people, args.notes, args.attendance, args.seed
    ).with_suffix(f".demo{args.demo_people}.json")
    database_url = None
    server = args.database_url or os.environ.get("RESETTLE_TEST_DATABASE_URL") or ""
    if args.backend == "postgresql":
        if not server:
            raise SystemExit("--database-url (or scripts/postgres.sh's server) is needed")
        database_url = server_database(server, f"resettle_scale_{args.people}", args.rebuild)
    if marker.exists() and not args.rebuild:
        return folder, database_url, json.loads(marker.read_text())
    if args.backend == "sqlite":
        for old in folder.glob("resettle.sqlite3*"):
            old.unlink()
    elif not args.rebuild:  # a half-built database from an interrupted run: start again
        database_url = server_database(server, f"resettle_scale_{args.people}", True)
    folder.mkdir(parents=True, exist_ok=True)
    _say(
        f"Building {args.people:,} people, {args.notes:,} notes and {args.attendance:,} "
        f"attendance marks ({args.backend}) ..."
    )
    seconds = build(
        folder,
        database_url,
        args.people,
        args.notes,
        args.attendance,
        args.seed,
        args.demo_people,
    )
    from resettle.services.workspace import open_settings_database
    from resettle.settings import resolve_settings

    database = open_settings_database(resolve_settings(folder, database_url))
    try:
        built = {
            "build": {k: round(v, 1) for k, v in seconds.items()},
            "counts": counts(database.engine),
        }
    finally:
        database.close()
    marker.write_text(json.dumps(built, indent=2) + "\n")
    return folder, database_url, built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", help="PostgreSQL server as its owner")
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--notes", type=int, default=NOTES)
    parser.add_argument("--attendance", type=int, default=ATTENDANCE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--demo-people",
        type=int,
        default=DEMO_PEOPLE,
        help="people with a whole demo case record (the rest: profile and allocation)",
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--report-repeats",
        type=int,
        default=1,
        help="runs of each report (minutes each at 100,000 people)",
    )
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--build-only", action="store_true", help="build (or find) and stop")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "benchmarks" / "out" / "data")
    parser.add_argument(
        "--out", type=Path, help="JSON (default benchmarks/out/scale-<backend>.json)"
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        help="also write a markdown table of every scale-*.json beside --out",
    )
    args = parser.parse_args(argv)
    out = args.out or ROOT / "benchmarks" / "out" / f"scale-{args.backend}.json"

    folder, database_url, built = prepare(args)
    _say(f"Counts: {built['counts']}")
    if args.build_only:
        return 0
    results: Metrics = {}
    if not args.skip_startup:
        results.update(measure_startup(folder, database_url, args.repeats))
    results.update(measure(folder, database_url, args.repeats, args.report_repeats))
    for name, values in results.items():
        if name in TARGETS_MS and TARGETS_MS[name] is not None:
            values["target_ms"] = TARGETS_MS[name]
    meta: dict[str, Any] = {
        "backend": args.backend,
        "people": args.people,
        "notes": args.notes,
        "attendance": args.attendance,
        "demo_people": min(args.people, args.demo_people),
        "repeats": args.repeats,
        "report_repeats": args.report_repeats,
        **built,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "python": sys.version.split()[0],
        "load_average_after": os.getloadavg(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**results, "_run": meta}, indent=2) + "\n")
    for name, values in results.items():
        unit = "mb" if "median_mb" in values else "ms"
        shown = values.get("skipped") or f"{values[f'median_{unit}']:>10,.1f} {unit}"
        cpu = f" (CPU {values['median_cpu_ms']:,.1f} ms)" if "median_cpu_ms" in values else ""
        print(f"{name:28} {shown}{cpu}")
    if args.markdown is not None:
        every = {}
        metas = {}
        for path in sorted(out.parent.glob("scale-*.json")):
            data = json.loads(path.read_text())
            run_meta = data.pop("_run")
            every[run_meta["backend"]] = data
            metas[run_meta["backend"]] = run_meta
        args.markdown.write_text(markdown(every, metas))
    _say(f"Written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
