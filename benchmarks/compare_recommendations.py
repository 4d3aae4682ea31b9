"""Recommendations are the same from two versions of the code: the check for a change that
must not change any result (a speed-up, tidying).

    python benchmarks/compare_recommendations.py [--ref REF] [--count 3000] [--seed 7]

REF defaults to the commit the branch started from (``git merge-base HEAD main``): main
itself may have moved on with changes of results. Takes the ``resettle`` package of the
git ref (``git archive REF resettle``) into a
temporary folder, runs it and the working tree's package in separate processes over the
same random valid profiles (each with its own embedded pack), and compares every profile's
``result.model_dump(mode="json")``. Prints how many were compared and the first
differences; exits 1 when any differ.

``--write-reference PATH`` instead writes the fixture of
``tests/evidence/test_evidence_recommender_reference.py`` from the working tree's code: the
embedded pack, ``--count`` profiles and their results, xz-compressed JSON. Write it again
only when a change of results is meant (a rule change), and say so in the commit.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
Json = dict[str, Any]
SHOWN_DIFFERENCES = 5


def random_profiles(count: int, seed: int) -> list[Json]:
    """``count`` varied, valid profiles as JSON: every sex, risk level, offence category and
    flag, ages 10-90, release from 200 days past to 900 days ahead, completed and in
    progress items (the same list for the same seed and pack)."""
    from resettle.domain.pathways import Pathway
    from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
    from resettle.evidence import CaseProfile, load_embedded_pack
    from resettle.evidence.codes import NeedSeverity, ProfileFlag

    rng = random.Random(seed)
    ids = sorted(i.id for i in load_embedded_pack().pack.interventions)
    flags = [f.value for f in ProfileFlag]
    profiles = []
    for _ in range(count):
        category = rng.choice(list(OffenceCategory))
        data = {
            "age": rng.randint(10, 90),
            "sex": rng.choice(list(Sex)).value,
            "risk_level": rng.choice(list(RiskLevel)).value,
            "ogrs3_two_year": round(rng.uniform(0, 100), 1),
            "offence_category": category.value,
            "sexual_offence": category.is_sexual or rng.random() < 0.1,
            "days_to_release": rng.choice(
                (rng.randint(-200, 900), rng.randint(-40, 100), rng.choice((-28, 0, 1, 84, 85)))
            ),
            "needs": {
                pathway.value: {
                    "severity": rng.choice(list(NeedSeverity)).value,
                    "criminogenic": rng.random() < 0.4,
                }
                for pathway in Pathway
                if rng.random() < 0.7
            },
            "flags": rng.sample(flags, rng.choice((0, 1, 2, 3, rng.randint(0, len(flags))))),
            "completed": rng.sample(ids, rng.choice((0, 0, 1, 3))),
            "in_progress": rng.sample(ids, rng.choice((0, 0, 1, 2))),
        }
        # Without fields left at their defaults, so that code from before a field was added
        # (``needs.*.declined``) reads the same profiles.
        profiles.append(
            CaseProfile.model_validate(data).model_dump(mode="json", exclude_defaults=True)
        )
    return profiles


def results_for(profiles: list[Json]) -> Iterator[Json]:
    """Each profile's result as JSON, from the ``resettle`` this process imports."""
    from resettle.evidence import CaseProfile, recommender_for

    recommender = recommender_for()
    for data in profiles:
        yield recommender.recommend(CaseProfile.model_validate(data)).model_dump(mode="json")


def _dump(profiles_path: Path, out_path: Path) -> None:
    """Child process: results of the profiles in ``profiles_path``, one JSON line each."""
    import resettle

    profiles = json.loads(profiles_path.read_text())
    with out_path.open("w") as out:
        out.write(json.dumps({"package": resettle.__file__}) + "\n")
        for result in results_for(profiles):
            out.write(json.dumps(result, sort_keys=True) + "\n")


def _run_version(package_root: Path, profiles_path: Path, out_path: Path) -> list[Json]:
    """Results from the ``resettle`` package under ``package_root`` (a separate process)."""
    subprocess.run(
        [sys.executable, "-P", __file__, "--dump", str(profiles_path), str(out_path)],
        env={**os.environ, "PYTHONPATH": str(package_root)},
        check=True,
    )
    lines = out_path.read_text().splitlines()
    package = Path(json.loads(lines[0])["package"]).resolve()
    if not package.is_relative_to(package_root.resolve()):
        raise SystemExit(f"ran {package}, not the package under {package_root}")
    return [json.loads(line) for line in lines[1:]]


def differences(expected: Any, actual: Any, path: str = "result") -> Iterator[str]:
    """Where two JSON values differ, as readable paths (``result.recommendations[3].rank``)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(expected.keys() | actual.keys()):
            if key not in actual or key not in expected:
                yield f"{path}.{key}: only in {'expected' if key in expected else 'actual'}"
            else:
                yield from differences(expected[key], actual[key], f"{path}.{key}")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            yield f"{path}: {len(expected)} entries expected, {len(actual)} found"
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            yield from differences(left, right, f"{path}[{index}]")
    elif expected != actual or type(expected) is not type(actual):
        yield f"{path}: expected {expected!r}, found {actual!r}"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def compare(ref: str, count: int, seed: int) -> int:
    profiles = random_profiles(count, seed)
    with tempfile.TemporaryDirectory(prefix="resettle-compare-") as folder:
        work = Path(folder)
        earlier = work / "earlier"
        earlier.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "resettle"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(earlier)], input=archive, check=True)
        profiles_path = work / "profiles.json"
        profiles_path.write_text(json.dumps(profiles))
        before = _run_version(earlier, profiles_path, work / "before.jsonl")
        after = _run_version(ROOT, profiles_path, work / "after.jsonl")
    differing = 0
    for index, (profile, old, new) in enumerate(zip(profiles, before, after, strict=True)):
        found = list(differences(old, new))
        if found:
            differing += 1
            if differing <= SHOWN_DIFFERENCES:
                print(f"profile {index}: {json.dumps(profile, sort_keys=True)}")
                for line in found[:10]:
                    print(f"  {line}")
    recommendations = sum(len(r["recommendations"]) for r in before)
    exclusions = sum(len(r["exclusions"]) for r in before)
    print(
        f"{count} profiles (seed {seed}; {recommendations} recommendations, {exclusions} "
        f"exclusions): {count - differing} identical to {ref}, {differing} different"
    )
    return 1 if differing else 0


def write_reference(path: Path, count: int, seed: int) -> None:
    from resettle.evidence import load_embedded_pack

    profiles = random_profiles(count, seed)
    reference = {
        "about": "Written by benchmarks/compare_recommendations.py --write-reference; "
        "results of the profiles with this pack (tests/evidence).",
        "pack": json.loads(load_embedded_pack().raw),
        "cases": [
            {"profile": profile, "result": result}
            for profile, result in zip(profiles, results_for(profiles), strict=True)
        ],
    }
    path.write_bytes(lzma.compress(json.dumps(reference, sort_keys=True).encode()))
    print(f"wrote {count} profiles and their results to {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="git ref to compare with (default: git merge-base HEAD main)")
    parser.add_argument("--count", type=int, default=3_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write-reference", type=Path, metavar="PATH")
    parser.add_argument("--dump", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dump:
        _dump(*args.dump)
        return 0
    sys.path.insert(0, str(ROOT))  # run as a script from a checkout
    if args.write_reference:
        write_reference(args.write_reference, args.count, args.seed)
        return 0
    ref = args.ref or _git("merge-base", "HEAD", "main")
    return compare(ref, args.count, args.seed)


if __name__ == "__main__":
    sys.exit(main())
