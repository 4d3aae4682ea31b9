"""How long recommendations take: one person, and a caseload of 10,000.

Run as a script (`python benchmarks/bench_evidence.py [--size N] [--repeats N] [--json PATH]`)
to print a table and optionally write JSON; `run()` returns the same figures for a runner.
Profiles are synthetic and deterministic (a fixed random seed); the embedded pack is used.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from resettle.domain.pathways import Pathway
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.evidence import CaseProfile, load_embedded_pack, recommender_for
from resettle.evidence.codes import NeedSeverity, ProfileFlag

TARGETS_MS = {"recommend_one_person": 5.0, "recommend_caseload_10000": 2_000.0}
ONE_PERSON_SAMPLES = 200


def synthetic_profiles(count: int, seed: int = 2026) -> list[CaseProfile]:
    """``count`` varied, valid profiles; the same list for the same seed."""
    rng = random.Random(seed)
    ids = sorted(i.id for i in load_embedded_pack().pack.interventions)
    profiles = []
    for _ in range(count):
        category = rng.choice(list(OffenceCategory))
        needs = {
            pathway.value: {
                "severity": rng.choice(list(NeedSeverity)).value,
                "criminogenic": rng.random() < 0.4,
            }
            for pathway in Pathway
            if rng.random() < 0.7
        }
        profiles.append(
            CaseProfile.model_validate(
                {
                    "age": rng.randint(18, 70),
                    "sex": rng.choice(list(Sex)).value,
                    "risk_level": rng.choice(list(RiskLevel)).value,
                    "ogrs3_two_year": round(rng.uniform(5, 95), 1),
                    "offence_category": category.value,
                    "sexual_offence": category.is_sexual or rng.random() < 0.05,
                    "days_to_release": rng.randint(-90, 720),
                    "needs": needs,
                    "flags": rng.sample([f.value for f in ProfileFlag], rng.randint(0, 4)),
                    "completed": rng.sample(ids, rng.randint(0, 2)),
                    "in_progress": [],
                }
            )
        )
    return profiles


def run(size: int = 10_000, repeats: int = 5) -> dict[str, dict[str, float]]:
    """Median milliseconds for one person and for ``size`` people, with their targets."""
    recommender = recommender_for(load_embedded_pack())
    caseload = synthetic_profiles(size)
    recommender.recommend(caseload[0])  # warm-up: first call fills per-pack caches

    one_person = []
    for profile in caseload[:ONE_PERSON_SAMPLES] * repeats:
        start = time.perf_counter()
        recommender.recommend(profile)
        one_person.append((time.perf_counter() - start) * 1000)

    whole = []
    for _ in range(repeats):
        start = time.perf_counter()
        recommender.recommend_all(caseload)
        whole.append((time.perf_counter() - start) * 1000)

    return {
        "recommend_one_person": {
            "median_ms": round(statistics.median(one_person), 3),
            "target_ms": TARGETS_MS["recommend_one_person"],
        },
        f"recommend_caseload_{size}": {
            "median_ms": round(statistics.median(whole), 1),
            "target_ms": TARGETS_MS["recommend_caseload_10000"] * size / 10_000,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args(argv)
    results = run(size=args.size, repeats=args.repeats)
    print(f"{'metric':<28} {'median ms':>12} {'target ms':>12}  ok")
    for name, figures in results.items():
        ok = "yes" if figures["median_ms"] <= figures["target_ms"] else "NO"
        print(f"{name:<28} {figures['median_ms']:>12.3f} {figures['target_ms']:>12.1f}  {ok}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
