"""The caseload import's time for a big file (issue 16: 100,000 rows in under 60 s on 2 cores).

    python benchmarks/bench_caseload_import.py [--rows 100000] [--repeats 1] \
        [--folder benchmarks/out/import] [--out benchmarks/out/caseload-import.json]

A small demo database (``resettle demo --size 50``) gives the accounts and teams; a CSV file
of ``--rows`` new people (Windows-1252, CRLF, dd/mm/yyyy dates, "NOMS number"/"Surname"
headers, an ignored column) is written, then timed, as ``demo.officer`` importing into their
own team:

- ``read``: the file's bytes decoded, the header matched, the rows split;
- ``preview``: every row checked as the Import dialog's preview checks it, off the UI thread
  (``import_checks.preview_lines``: the counts, the refused lines marked);
- ``dry_run``: read and every row checked with the person model, nothing saved;
- ``import``: read, checked and committed (bulk insert, derived keys, one audit row each,
  the ledger, each person allocated to the importing officer with its history and audit
  row) -- the figure the issue's target is for;
- ``reimport``: the same file again: every row found in the ledger and unchanged.

Each repeat starts from a fresh copy of the demo database. Prints a table and writes JSON
shaped {"metric": {"median_ms": ..., "target_ms": ...}}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from resettle.domain.import_checks import preview_lines  # noqa: E402
from resettle.domain.import_file import read_import_file  # noqa: E402
from resettle.domain.import_officers import officer_keys  # noqa: E402
from resettle.services.caseload_import import (  # noqa: E402
    NothingImported,
    import_people,
    importable_teams,
)
from resettle.services.workspace import open_workspace  # noqa: E402
from resettle.settings import resolve_settings  # noqa: E402

USER = "demo.officer"
PASSWORD = "demo-password"  # resettle.services.demo.loader.DEMO_PASSWORD
TARGET_MS = 60_000.0
LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def build_demo(folder: Path) -> Path:
    template = folder / "template"
    if not (template / "resettle.sqlite3").exists():
        template.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "resettle", "--data-dir", str(template), "demo", "--size", "50"],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return template


def write_file(path: Path, rows: int) -> bytes:
    lines = ["NOMS number,CRN,Surname,First name,DOB,Sex,Release date,Notes"]
    for n in range(rows):
        letters = LETTERS[n // 10_000 % 23] + LETTERS[n // 230_000 % 23]
        lines.append(
            f"Q{n % 10_000:04d}{letters},Q{n:06d},O’Connell{n % 97},Zoë,"
            f"{1 + n % 28:02d}/{1 + n % 12:02d}/{1950 + n % 50},"
            f"{'female' if n % 2 else 'male'},{1 + n % 28:02d}/{1 + n % 12:02d}/2027,note {n}"
        )
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    path.write_bytes(data)
    return data


def fresh_copy(template: Path, folder: Path) -> Path:
    target = folder / "run"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(template, target)
    return target


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=ROOT / "benchmarks" / "out" / "import")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out/caseload-import.json")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.folder.mkdir(parents=True, exist_ok=True)
    template = build_demo(args.folder)
    data = write_file(args.folder / "caseload.csv", args.rows)
    timings: dict[str, list[float]] = {
        "read": [],
        "preview": [],
        "dry_run": [],
        "import": [],
        "reimport": [],
    }
    counts: dict[str, int] = {}
    for _ in range(args.repeats):
        folder = fresh_copy(template, args.folder)
        workspace = open_workspace(resolve_settings(folder, username=USER), PASSWORD)
        try:
            (team, *_) = workspace.run(importable_teams)
            team_id = team.id
            ms, source = timed(lambda: read_import_file("caseload.csv", data))
            timings["read"].append(ms)
            officers = officer_keys(team.officers)
            ms, _ = timed(lambda s=source, o=officers: preview_lines(s, {}, o))
            timings["preview"].append(ms)

            def run(dry_run: bool, workspace: Any = workspace, team_id: int = team_id) -> Any:
                source = read_import_file("caseload.csv", data)
                return workspace.run(import_people, source, team_id, dry_run=dry_run)

            ms, _ = timed(lambda: run(True))
            timings["dry_run"].append(ms)
            ms, outcome = timed(lambda: run(False))
            timings["import"].append(ms)
            counts = {"created": outcome.created, "refused": outcome.refused_lines}

            def again(run: Any = run) -> int:
                try:
                    run(False)
                except NothingImported as nothing:
                    return nothing.outcome.unchanged
                raise AssertionError("a re-import changed people")

            ms, unchanged = timed(again)
            timings["reimport"].append(ms)
            counts["unchanged_on_reimport"] = unchanged
        finally:
            workspace.close()
    results = {
        name: {
            "median_ms": round(statistics.median(values), 1),
            "target_ms": TARGET_MS if name == "import" else 0.0,
        }
        for name, values in timings.items()
    }
    print(f"Caseload import of {args.rows:,} rows on {os.cpu_count()} cores: {counts}")
    print(f"{'metric':<12} {'median ms':>12} {'target ms':>10}")
    for name, figures in results.items():
        target = f"{figures['target_ms']:.0f}" if figures["target_ms"] else "-"
        print(f"{name:<12} {figures['median_ms']:>12.1f} {target:>10}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": args.rows, **counts, **results}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
