"""How long the commands that need no database take, as whole processes.

Run as a script (`python benchmarks/bench_cli_startup.py [--repeats N] [--json PATH]`) to
print a table and optionally write JSON; `run()` returns the same figures for
benchmarks/run.py. Each command is started from the installed ``resettle`` console script
(beside this Python; ``python -m resettle`` when there is none), once to warm the disk and
bytecode caches and then ``repeats`` times; wall time is from start to exit, CPU time is
the child's user + system time from the operating system. Medians, with the machine's load
average (1 minute) before and after each command's runs: on a shared machine wall time
follows the load, so compare CPU times.

``--compare-with DIR`` measures two versions of the code run by run instead: DIR holds an
earlier ``resettle`` package (e.g. ``git archive <commit> resettle | tar -x -C DIR``), this
checkout the current one, and each repeat runs the earlier version and then the current one,
both started the same way (this Python with ``-P``, the package first on ``PYTHONPATH``).
The ratio is the median of the per-repeat CPU ratios (current / earlier), which the load
moves least.
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
#: Starts the CLI as the console script does, from whichever ``resettle`` is first on the path.
ENTRY_POINT = "import sys; from resettle.cli import entry_point; sys.exit(entry_point())"


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


def load_average() -> float:
    """The machine's load average over the last minute."""
    return round(os.getloadavg()[0], 2)


def _bytecode_env(python_path: Path | None = None) -> dict[str, str]:
    """This environment, allowed to write bytecode (as installing a package does)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if python_path is not None:
        env["PYTHONPATH"] = str(python_path)
    return env


def run(repeats: int = 5) -> dict[str, dict[str, float]]:
    """Median wall and CPU milliseconds per command, with the wall-time target and the load."""
    program = resettle_command()
    # The warm-up may write the bytecode cache; the measured runs use the environment as is.
    warm_up_env = _bytecode_env()
    results: dict[str, dict[str, float]] = {}
    for name, args in COMMANDS.items():
        time_process([*program, *args], warm_up_env)
        load_before = load_average()
        runs = [time_process([*program, *args]) for _ in range(repeats)]
        results[name] = {
            "median_ms": round(statistics.median(wall for wall, _ in runs), 1),
            "median_cpu_ms": round(statistics.median(cpu for _, cpu in runs), 1),
            "target_ms": TARGET_MS,
            "load_before": load_before,
            "load_after": load_average(),
        }
    return results


def compare(earlier: Path, repeats: int = 9) -> dict[str, dict[str, float]]:
    """Per command: the earlier and current medians (wall, CPU) and the CPU ratio, run by run."""
    versions = {"earlier": _bytecode_env(earlier), "current": _bytecode_env(ROOT)}
    results: dict[str, dict[str, float]] = {}
    for version, env in versions.items():
        _check_version_is_used(version, env)
    for name, args in COMMANDS.items():
        argv = [sys.executable, "-P", "-c", ENTRY_POINT, *args]
        for env in versions.values():
            time_process(argv, env)  # warm up, writing bytecode
        load_before = load_average()
        runs: dict[str, list[tuple[float, float]]] = {version: [] for version in versions}
        for _ in range(repeats):
            for version, env in versions.items():
                runs[version].append(time_process(argv, env))
        figures: dict[str, float] = {}
        for version, timings in runs.items():
            figures[f"{version}_ms"] = round(statistics.median(w for w, _ in timings), 1)
            figures[f"{version}_cpu_ms"] = round(statistics.median(c for _, c in timings), 1)
        ratios = (
            now[1] / then[1] for then, now in zip(runs["earlier"], runs["current"], strict=True)
        )
        figures["cpu_ratio"] = round(statistics.median(ratios), 3)
        figures["load_before"], figures["load_after"] = load_before, load_average()
        results[name] = figures
    return results


def _check_version_is_used(version: str, env: dict[str, str]) -> None:
    """Stop unless ``env`` makes Python import ``resettle`` from the folder meant."""
    found = subprocess.run(
        [sys.executable, "-P", "-c", "import resettle; print(resettle.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).is_relative_to(Path(env["PYTHONPATH"]).resolve()):
        raise SystemExit(f"the {version} version runs {found}, not from {env['PYTHONPATH']}")


def _print_run(results: dict[str, dict[str, float]]) -> None:
    print(f"{'metric':<24} {'wall ms':>10} {'cpu ms':>10} {'target ms':>10}  ok  load")
    for name, figures in results.items():
        ok = "yes" if figures["median_ms"] <= figures["target_ms"] else "NO "
        print(
            f"{name:<24} {figures['median_ms']:>10.1f} {figures['median_cpu_ms']:>10.1f} "
            f"{figures['target_ms']:>10.0f}  {ok} {figures['load_before']:.2f}-"
            f"{figures['load_after']:.2f}"
        )


def _print_comparison(results: dict[str, dict[str, float]]) -> None:
    print(
        f"{'metric':<24} {'earlier wall':>12} {'cpu':>7} {'current wall':>12} {'cpu':>7} "
        f"{'cpu ratio':>9}  load"
    )
    for name, f in results.items():
        print(
            f"{name:<24} {f['earlier_ms']:>12.1f} {f['earlier_cpu_ms']:>7.1f} "
            f"{f['current_ms']:>12.1f} {f['current_cpu_ms']:>7.1f} {f['cpu_ratio']:>9.3f}  "
            f"{f['load_before']:.2f}-{f['load_after']:.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    parser.add_argument(
        "--compare-with",
        type=Path,
        metavar="DIR",
        help="folder holding an earlier resettle package to run in turn with this one",
    )
    args = parser.parse_args(argv)
    if args.compare_with is not None:
        if not (args.compare_with / "resettle" / "cli").is_dir():
            parser.error(f"--compare-with: no resettle package in {args.compare_with}")
        results = compare(args.compare_with.resolve(), repeats=args.repeats)
        _print_comparison(results)
    else:
        results = run(repeats=args.repeats)
        _print_run(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
