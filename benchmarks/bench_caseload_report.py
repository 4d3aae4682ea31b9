"""The caseload report (PDF) for 10,000 people: the time from asking to having the PDF's bytes
(reads, per-officer figures, the list of releases, the audit rows and the layout), and the
peak memory of the process that made it. Targets (issue 15): under 10 s, under 500 MB.

    python benchmarks/bench_caseload_report.py [--size 10000] [--repeats 3] [--keep DIR]
        [--redact] [--out benchmarks/out/caseload_report.json]

The people are built by ``bench_measures.build`` (the measures' realistic caseload). The
report is made in a fresh process (``--measure-in DIR``), so its peak resident memory is the
report's own and not the build's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGETS = {"caseload_report_pdf_ms": 10_000.0, "caseload_report_peak_mb": 500.0}
DATABASE = "bench-measures.sqlite3"


def _measure_in(folder: Path, repeats: int, redact: bool) -> dict[str, float]:
    from resettle.domain.caseload_report import ReportJustification
    from resettle.domain.measure_figures import MeasureFilters
    from resettle.domain.staff import Actor, Role
    from resettle.services.caseload_report import caseload_report
    from resettle.storage.database import open_database
    from resettle.storage.engine import sqlite_url
    from resettle.storage.tables.staff import StaffRow

    database = open_database(sqlite_url(folder / DATABASE))
    with database.uow() as uow:
        manager = uow.staff.by_username("bench.manager")
        assert isinstance(manager, StaffRow)
        actor = Actor(
            id=manager.id,
            username=manager.username,
            display_name=manager.display_name,
            roles=frozenset({Role.MANAGER}),
        )
    today = dt.date.today()
    filters = MeasureFilters.for_period(today)
    walls, pages = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        pdf = caseload_report(
            actor,
            database.uow(),
            filters,
            justification=ReportJustification.PERFORMANCE_REVIEW,
            redact=redact,
            today=today,
        )
        walls.append((time.perf_counter() - started) * 1000)
        pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page")
    database.close()
    return {
        "caseload_report_pdf_ms": round(statistics.median(walls), 1),
        "caseload_report_peak_mb": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        ),
        "pages": pages,
        "kilobytes": round(len(pdf) / 1024),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the database here")
    parser.add_argument("--redact", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--measure-in", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_in:
        print(json.dumps(_measure_in(args.measure_in, args.repeats, args.redact)))
        return 0
    import tempfile

    import bench_measures

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        if not (folder / DATABASE).exists():
            with bench_measures.built(args.size, folder):
                pass
        command = [sys.executable, __file__, "--measure-in", str(folder)]
        command += ["--repeats", str(args.repeats)] + (["--redact"] if args.redact else [])
        found = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
    for name, target in TARGETS.items():
        print(f"{name:<28} {found[name]:>10,.1f}   target {target:,.0f}")
    print(f"{'pages':<28} {found['pages']:>10,}   ({found['kilobytes']:,} KB)")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
