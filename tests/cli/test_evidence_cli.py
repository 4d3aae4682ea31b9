"""``resettle evidence validate|list`` and ``resettle recommend`` through argparse."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from resettle.cli import evidence_cmd
from resettle.cli.context import CliContext
from resettle.evidence import load_embedded_pack

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.json"


def run(*argv: str, cache_dir: Path | None = None) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="resettle")
    evidence_cmd.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, CliContext(out=out, err=err, cache_dir=cache_dir))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    path = tmp_path / "pack.json"
    path.write_bytes(load_embedded_pack().raw)
    return path


def test_validate_good_pack_prints_one_line_with_version_and_sha(pack_file: Path) -> None:
    code, out, err = run("evidence", "validate", str(pack_file))
    assert code == 0 and err == ""
    assert out.count("\n") == 1
    assert "version 1.2.0" in out
    assert load_embedded_pack().sha256 in out


def test_validate_bad_pack_lists_every_problem(pack_file: Path) -> None:
    data = json.loads(pack_file.read_text())
    del data["interventions"][3]["evidence"][0]["quality"]
    data["interventions"][0]["setting"] = "moon"
    pack_file.write_text(json.dumps(data))
    code, out, err = run("evidence", "validate", str(pack_file))
    assert code == 1 and out == ""
    assert "2 problems" in err
    assert "interventions[3].evidence[0].quality: field required" in err
    assert "interventions[0].setting: unknown code 'moon'" in err


def test_validate_missing_file(tmp_path: Path) -> None:
    code, _, err = run("evidence", "validate", str(tmp_path / "none.json"))
    assert code == 1 and "cannot read" in err


def test_list_filters_by_pathway() -> None:
    code, out, _ = run("evidence", "list", "--pathway", "finance_id")
    assert code == 0
    assert "id-documents" in out and "bank-account" in out
    assert "naloxone-on-release" not in out


def test_list_json() -> None:
    code, out, _ = run("evidence", "list", "--json", "--pathway", "drugs_alcohol")
    data = json.loads(out)
    assert code == 0 and data["pack_version"] == "1.2.0"
    ids = {i["id"] for i in data["interventions"]}
    assert {"naloxone-on-release", "drug-court"} <= ids
    assert all("drugs_alcohol" in i["pathways"] for i in data["interventions"])


def test_list_rejects_unknown_pathway(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        run("evidence", "list", "--pathway", "housing")
    assert caught.value.code == 2
    assert "invalid choice: 'housing'" in capsys.readouterr().err


def test_recommend_json_for_the_documented_example() -> None:
    code, out, err = run("recommend", "--profile", str(EXAMPLE), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["pack_version"] == "1.2.0" and data["rule_version"]
    first = data["recommendations"][0]
    assert first["intervention_id"] == "naloxone-on-release" and first["rank"] == 1
    assert data["recommendations"][1]["intervention_id"] == "opioid-treatment-continuity"
    assert {"citation", "quality", "native_rating"} <= set(first["evidence"][0])
    completed = next(
        e for e in data["exclusions"] if e["intervention_id"] == "correctional-education"
    )
    assert "already_completed" in {r["code"] for r in completed["reasons"]}


def test_recommend_text() -> None:
    code, out, _ = run("recommend", "--profile", str(EXAMPLE))
    assert code == 0
    assert out.startswith("Evidence pack 1.2.0, rule ")
    assert "  1. [Safety first] Take-home naloxone on release  [naloxone-on-release]" in out
    assert "LICENCE CONDITIONS: CONTROLS, NOT RECOMMENDATIONS" in out
    assert "NOT RECOMMENDED" in out and "       Already completed.\n" in out
    assert "already_completed:" not in out and "ineligible:" not in out


def test_recommend_bad_profile_names_every_field(tmp_path: Path) -> None:
    profile = json.loads(EXAMPLE.read_text())
    profile["shoe_size"] = 9
    profile["flags"].append("rich")
    profile["completed"].append("yoga")
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile))
    code, out, err = run("recommend", "--profile", str(path))
    assert code == 1 and out == ""
    assert "shoe_size: unknown field" in err
    assert "flags[4]: unknown code 'rich'" in err
    assert "completed: unknown intervention id 'yoga'" in err


def test_recommend_unknown_intervention_id(tmp_path: Path) -> None:
    profile = json.loads(EXAMPLE.read_text())
    profile["in_progress"] = ["yoga"]
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile))
    code, _, err = run("recommend", "--profile", str(path))
    assert code == 1
    assert "in_progress: unknown intervention id 'yoga'" in err


def test_recommend_with_a_pack_file(pack_file: Path) -> None:
    code, out, _ = run("recommend", "--profile", str(EXAMPLE), "--pack", str(pack_file), "--json")
    assert code == 0 and json.loads(out)["recommendations"]


def test_recommend_with_a_bad_pack_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = run("recommend", "--profile", str(EXAMPLE), "--pack", str(bad))
    assert code == 1 and "invalid JSON" in err


def test_recommend_keeps_the_prepared_recommender_and_answers_the_same(tmp_path: Path) -> None:
    uncached = run("recommend", "--profile", str(EXAMPLE), "--json")
    first = run("recommend", "--profile", str(EXAMPLE), "--json", cache_dir=tmp_path)
    assert len(list(tmp_path.glob("recommender-*.pickle"))) == 1
    second = run("recommend", "--profile", str(EXAMPLE), "--json", cache_dir=tmp_path)
    assert first == second == uncached


def test_recommend_with_a_pack_file_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    code, out, err = run("recommend", "--profile", str(EXAMPLE), "--pack", str(missing))
    assert (code, out) == (1, "")
    assert f"cannot read {missing}" in err
