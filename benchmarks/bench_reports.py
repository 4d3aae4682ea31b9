"""How long plan PDFs take to render: one typical plan, and a batch of 500.

Run as a script (`python benchmarks/bench_reports.py [--repeats N] [--json PATH]`) to print a
table and optionally write JSON; `run()` returns the same figures for a benchmark runner.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resettle.reports import render_officer_plan, render_person_plan
from resettle.reports.samples import sample_plan_document

TARGETS_MS = {"plan_pdf_one": 300.0, "plan_pdf_batch_500": 60_000.0}
BATCH_SIZE = 500


def _median_ms(work: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run(repeats: int = 5) -> dict[str, dict[str, float]]:
    """Median milliseconds per case, with the target each should stay under."""
    one = sample_plan_document(13)
    render_officer_plan(one)  # warm up: font loading happens once per process

    batch = [
        sample_plan_document(5 + i % 20, name=f"Łukasz Person {i:03d}") for i in range(BATCH_SIZE)
    ]

    def render_batch() -> None:
        for doc in batch:
            render_officer_plan(doc)

    return {
        "plan_pdf_one": {
            "median_ms": _median_ms(lambda: render_officer_plan(one), repeats),
            "target_ms": TARGETS_MS["plan_pdf_one"],
        },
        "plan_pdf_person_large_one": {
            "median_ms": _median_ms(lambda: render_person_plan(one, large_print=True), repeats),
            "target_ms": TARGETS_MS["plan_pdf_one"],
        },
        "plan_pdf_batch_500": {
            "median_ms": _median_ms(render_batch, 1),  # 500 renders already average out
            "target_ms": TARGETS_MS["plan_pdf_batch_500"],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(args.repeats)
    print(f"{'case':<28}{'median ms':>12}{'target ms':>12}  ok")
    for name, figures in results.items():
        ok = "yes" if figures["median_ms"] <= figures["target_ms"] else "NO"
        print(f"{name:<28}{figures['median_ms']:>12.1f}{figures['target_ms']:>12.0f}  {ok}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(f["median_ms"] <= f["target_ms"] for f in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
