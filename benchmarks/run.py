"""Resettle's benchmark: builds a database of N people and measures what users wait for.

    python benchmarks/run.py --size 100000 --out benchmarks/out/results.json

Prints a table and writes JSON shaped {"metric": {"median_ms": ..., "target_ms": ...}, ...}.
Medians over --repeats runs. Start-up is measured as a separate process, off-screen, from
launch until the window with the first caseload rows is shown (the app writes that moment to
the file named by RESETTLE_STARTUP_PROBE; --screenshot mode then exits); its peak resident
memory is recorded too.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import bench_case_record  # noqa: E402  (needs the paths above)
import bench_caseload  # noqa: E402
import grow_database  # noqa: E402

Metrics = dict[str, dict[str, float]]
#: The account measured: an officer, who reaches one of the demo's four teams' people.
BENCH_USER = "demo.officer"
DEMO_PASSWORD = "demo-password"  # resettle.services.demo.loader.DEMO_PASSWORD


def build_database(folder: Path, size: int, seed: int) -> Path:
    marker = folder / f"built-{size}-{seed}"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("resettle.sqlite3*"):
        old.unlink()
    print(f"Building a database of {size:,} people in {folder} ...", file=sys.stderr)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "resettle",
            "--data-dir",
            str(folder),
            "demo",
            "--size",
            str(size),
            "--seed",
            str(seed),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    marker.touch()
    return folder


def measure_startup(folder: Path, repeats: int, database_url: str | None = None) -> Metrics:
    """``database_url``: a database other than the folder's SQLite file (PostgreSQL)."""
    timings, peaks, cpus = [], [], []
    chosen = ["--database-url", database_url] if database_url else []
    for n in range(repeats):
        shot = folder / f"startup-{n}.png"
        probe = folder / f"startup-{n}.probe"
        probe.unlink(missing_ok=True)
        env = dict(os.environ, RESETTLE_STARTUP_PROBE=str(probe), RESETTLE_PASSWORD=DEMO_PASSWORD)
        started = time.time()
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "resettle",
                "--data-dir",
                str(folder),
                *chosen,
                "--user",
                BENCH_USER,
                "--screenshot",
                str(shot),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        if status != 0 or not probe.exists():
            raise SystemExit(f"start-up run {n} failed with status {status}")
        timings.append((float(probe.read_text()) - started) * 1000)
        peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB on Linux
        # The whole process's CPU time, to its exit (the screenshot and closing included): on
        # a shared machine the steadier figure of what start-up costs.
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
    return {
        "startup_to_first_rows": {
            "median_ms": statistics.median(timings),
            "median_cpu_ms": round(statistics.median(cpus), 1),
            "target_ms": 1500,
        },
        "startup_peak_memory": {"median_mb": statistics.median(peaks), "target_mb": 300},
    }


def measure_in_process(folder: Path, repeats: int, caseload_only: bool = False) -> Metrics:
    from PySide6.QtWidgets import QApplication

    from resettle.services.caseload import list_caseload
    from resettle.services.workspace import open_workspace
    from resettle.settings import resolve_settings
    from resettle.ui.caseload_model import CaseloadTableModel, synchronous

    app = QApplication.instance() or QApplication([])
    results: Metrics = measure_sign_in(folder, repeats)
    workspace = open_workspace(resolve_settings(folder, username=BENCH_USER), DEMO_PASSWORD)
    try:
        # Synchronous: the figure is the query's own time, not the wait for a worker thread.
        model = CaseloadTableModel(
            synchronous(lambda q: list_caseload(workspace.actor, workspace.uow(), q))
        )
        model.reload()  # the first read after an upgrade fills the readiness scores
        typed = ["z", "zo", "zoe", "zoe n", "zoe ni", "nowak", "Z12", "Z123", "Z1234", "smith l"]
        filter_times, filter_cpu = [], []
        for _ in range(repeats):
            for text in typed:
                started, cpu = time.perf_counter(), time.process_time()
                model.set_search(text)
                filter_cpu.append((time.process_time() - cpu) * 1000)
                filter_times.append((time.perf_counter() - started) * 1000)
        model.set_search("")
        app.processEvents()
        results |= {
            "filter_as_you_type": {
                "median_ms": statistics.median(filter_times),
                "median_cpu_ms": statistics.median(filter_cpu),
                "target_ms": 100,
            },
        }
        results.update(bench_caseload.run_with(workspace, repeats))
        results.update(bench_case_record.run_with(workspace, repeats, opening_only=caseload_only))
        return results
    finally:
        workspace.close()


def measure_sign_in(folder: Path, repeats: int) -> Metrics:
    """Signing in with the real argon2id parameters (the demo's hashes): the password check,
    the lockout bookkeeping and the audit row, in one transaction."""
    from resettle.services.authentication import sign_in
    from resettle.services.workspace import open_settings_database
    from resettle.settings import resolve_settings

    database = open_settings_database(resolve_settings(folder))
    try:
        times, cpu_times = [], []
        for _ in range(max(repeats, 5)):
            started, cpu = time.perf_counter(), time.process_time()
            sign_in(database.uow(), BENCH_USER, DEMO_PASSWORD)
            cpu_times.append((time.process_time() - cpu) * 1000)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        database.close()
    return {
        "sign_in": {
            "median_ms": statistics.median(times),
            "median_cpu_ms": statistics.median(cpu_times),
            "worst_ms": max(times),
            "target_ms": 1000,
        }
    }


def _runs_alone(module: object) -> bool:
    """Whether ``module.run(repeats=N)`` needs nothing else."""
    run = getattr(module, "run", None)
    if run is None:
        return False
    parameters = inspect.signature(run).parameters
    return "repeats" in parameters and all(
        parameter.default is not inspect.Parameter.empty
        for name, parameter in parameters.items()
        if name != "repeats"
    )


def optional_suites(repeats: int) -> Metrics:
    """Feature benchmarks that live beside this script (bench_*.py with a run() function)."""
    results: Metrics = {}
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        if path.stem in ("bench_case_record", "bench_caseload"):
            continue  # needs the built database: run by measure_in_process
        module = importlib.import_module(path.stem)
        if not _runs_alone(module):
            continue  # a script of its own (a server URL, a size): run it directly
        print(f"Running {path.name} ...", file=sys.stderr)
        results.update(module.run(repeats=repeats))
    return results


def print_table(results: Metrics) -> None:
    print(f"{'metric':42} {'median':>11} {'CPU':>9} {'target':>10}  ok")
    for name, values in results.items():
        unit = "ms" if "median_ms" in values else "mb"
        if f"target_{unit}" not in values:
            continue
        value, target = values[f"median_{unit}"], values[f"target_{unit}"]
        cpu = f"{values['median_cpu_ms']:>7.1f}ms" if "median_cpu_ms" in values else " " * 9
        flag = "yes" if value <= target else "NO"
        print(f"{name:42} {value:>9.1f}{unit} {cpu} {target:>8.0f}{unit}  {flag}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "results.json")
    parser.add_argument("--work-dir", type=Path, default=ROOT / "benchmarks" / "out" / "data")
    parser.add_argument("--skip-suites", action="store_true", help="only the caseload metrics")
    parser.add_argument(
        "--grow-from",
        type=int,
        metavar="N",
        help="build N people through the demo once, then copy them up to --size "
        "(grow_database.py: seconds instead of the demo's minutes)",
    )
    parser.add_argument(
        "--caseload-only",
        action="store_true",
        help="only the caseload and person-opening metrics (no start-up, printing or suites)",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="measure this data folder as it is (nothing built)"
    )
    args = parser.parse_args(argv)

    if args.data_dir is not None:
        folder = args.data_dir
    elif args.grow_from:
        source = build_database(args.work_dir / f"n{args.grow_from}", args.grow_from, args.seed)
        folder = args.work_dir / f"n{args.size}-grown-from-{args.grow_from}"
        marker = folder / f"grown-{args.size}"
        if not marker.exists():
            grow_database.grow(source, folder, args.size)
            marker.touch()
    else:
        folder = build_database(args.work_dir / f"n{args.size}", args.size, args.seed)
    results: Metrics = {}
    if not args.caseload_only:
        results.update(measure_startup(folder, args.repeats))
    results.update(measure_in_process(folder, args.repeats, args.caseload_only))
    if not (args.skip_suites or args.caseload_only):
        results.update(optional_suites(args.repeats))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {
        "size": args.size,
        "repeats": args.repeats,
        "python": sys.version,
        "load_average": os.getloadavg(),
    }
    args.out.write_text(json.dumps({**results, "_run": meta}, indent=2) + "\n")
    print_table(results)
    print(f"\nWritten to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
