"""How long the commands that need no database take, as whole processes.

Run as a script (`python benchmarks/bench_cli_startup.py [--repeats N] [--json PATH]`) to
print a table and optionally write JSON; `run()` returns the same figures for
benchmarks/run.py. Each command is started from the installed ``resettle`` console script
(beside this Python; ``python -m resettle`` when there is none), once to warm the disk and
bytecode caches and then ``repeats`` times; wall time is from start to exit, CPU time is
the child's user + system time from the operating system. Medians.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 400.0
OGRS3 = [
    "ogrs3", "--sex", "male", "--dob", "1990-05-17", "--conviction-date", "2024-03-01",
    "--first-sanction-date", "2006-08-01", "--previous-sanctions", "7",
    "--offence-category", "burglary_domestic", "--start-date", "2025-09-01", "--json",
]  # fmt: skip
COMMANDS: dict[str, list[str]] = {
    "cli_ogrs3_json": OGRS3,
    "cli_recommend": ["recommend", "--profile", str(ROOT / "docs" / "examples" / "profile.json")],
    "cli_evidence_validate": [
        "evidence",
        "validate",
        str(ROOT / "resettle" / "evidence" / "data" / "pack.json"),
    ],
    "cli_version": ["--version"],
}


def resettle_command() -> list[str]:
    """The console script installed beside this interpreter, else ``python -m resettle``."""
    script = Path(sys.executable).with_name("resettle")
    if script.exists():
        return [str(script)]
    found = shutil.which("resettle")
    return [found] if found else [sys.executable, "-m", "resettle"]


def time_process(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run of ``argv`` (its output is thrown away)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = (time.perf_counter() - started) * 1000
    if status != 0:
        raise SystemExit(f"{' '.join(argv)} failed with status {status}")
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def run(repeats: int = 5) -> dict[str, dict[str, float]]:
    """Median wall and CPU milliseconds per command, with the wall-time target."""
    program = resettle_command()
    # The warm-up may write the bytecode cache, as installing a package does.
    warm_up_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    results: dict[str, dict[str, float]] = {}
    for name, args in COMMANDS.items():
        time_process([*program, *args], warm_up_env)
        runs = [time_process([*program, *args]) for _ in range(repeats)]
        results[name] = {
            "median_ms": round(statistics.median(wall for wall, _ in runs), 1),
            "median_cpu_ms": round(statistics.median(cpu for _, cpu in runs), 1),
            "target_ms": TARGET_MS,
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args(argv)
    results = run(repeats=args.repeats)
    print(f"{'metric':<24} {'wall ms':>10} {'cpu ms':>10} {'target ms':>10}  ok")
    for name, figures in results.items():
        ok = "yes" if figures["median_ms"] <= figures["target_ms"] else "NO"
        print(
            f"{name:<24} {figures['median_ms']:>10.1f} {figures['median_cpu_ms']:>10.1f} "
            f"{figures['target_ms']:>10.0f}  {ok}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
