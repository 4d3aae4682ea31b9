"""``resettle pni`` through its own argparse parser and handler, with string buffers."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

import pytest

from resettle.cli import main, pni_cmd
from resettle.cli.context import CliContext

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "pni.json"


def good() -> dict[str, Any]:
    """The issue's example with every item answered."""
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["need_items"]["self_management"]["difficulties_coping"] = 0
    return data


def run_file(path: Path, *options: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="resettle")
    pni_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["pni", "--input", str(path), *options])
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, CliContext(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def run(data: object, tmp_path: Path, *options: str) -> tuple[int, str, str]:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return run_file(path, *options)


def test_issue_example_as_json_is_missing_information(tmp_path: Path) -> None:
    code, out, err = run_file(EXAMPLE, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["pathway"] == "missing_information"
    assert data["rule"] == "missing_need_items"
    assert data["missing"] == ["need_items.self_management.difficulties_coping"]
    assert data["need_band"] == "high"
    assert data["need_score"] == 6
    assert data["domain_scores"] == {
        "sex": 2,
        "thinking": 2,
        "relationships": 1,
        "self_management": 1,
    }
    assert data["risk_band"] == "high"
    assert data["risk_set_by"] == ["ogrs3", "ovp", "osp_dc"]
    terms = {t["name"]: t for t in data["risk_terms"]}
    assert terms["rsr"] == {
        "name": "rsr",
        "percent": 3.1,
        "level": None,
        "band": None,
        "status": "ignored_osp_present",
    }
    assert data["domains"][0]["reason"] == "key_item"
    assert data["domains"][3]["items"]["difficulties_coping"] is None


def test_answered_example_as_json_is_high_intensity(tmp_path: Path) -> None:
    code, out, _ = run(good(), tmp_path, "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["pathway"], data["rule"], data["missing"]) == (
        "high_intensity",
        "ogrs3_and_violence_high",
        [],
    )


def test_text_output_shows_every_term(tmp_path: Path) -> None:
    code, out, err = run_file(EXAMPLE)
    assert (code, err) == (0, "")
    for expected in (
        "Sex                            total 3  score 2 (key item at 2)",
        "difficulties_coping                  not answered",
        "Need score (sum of domains)    6",
        "Need band                      high",
        "ogrs3          75%              band high     counted",
        "rsr            3.1%             band -        ignored (a man with an OSP score)",
        "sara_partner   medium           band medium   counted",
        "Set by                         ogrs3, ovp, osp_dc",
        "Pathway   Missing information (missing_information)",
        "Rule      missing_need_items",
        "Missing   need_items.self_management.difficulties_coping",
    ):
        assert expected in out


def test_through_main_the_command_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pni", "--input", str(EXAMPLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pathway"] == "missing_information"


def changed(path: tuple[str, ...], value: object) -> dict[str, Any]:
    data = good()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def removed(*path: str) -> dict[str, Any]:
    data = good()
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return data


PCA = ("need_items", "thinking", "pro_criminal_attitudes")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (changed(PCA, 3), "need_items.thinking.pro_criminal_attitudes: must be 0, 1, 2 or null"),
        (changed(PCA, -1), "need_items.thinking.pro_criminal_attitudes: must be 0, 1, 2 or null"),
        (changed(PCA, 1.5), "need_items.thinking.pro_criminal_attitudes: must be 0, 1, 2 or null"),
        (changed(PCA, 1.0), "need_items.thinking.pro_criminal_attitudes: must be 0, 1, 2 or null"),
        (changed(PCA, True), "need_items.thinking.pro_criminal_attitudes: must be 0, 1, 2 or null"),
        (changed(PCA, "2"), "need_items.thinking.pro_criminal_attitudes: must be 0, 1, 2 or null"),
        (
            changed(("need_items", "thinking", "pro_criminal_attitude"), 1),
            "need_items.thinking.pro_criminal_attitude: is not a field Resettle knows here "
            "(expected pro_criminal_attitudes or hostile_orientation)",
        ),
        (
            removed(*PCA),
            "need_items.thinking.pro_criminal_attitudes: is required (null if not known)",
        ),
        (
            changed(("need_items", "feelings"), {}),
            "need_items.feelings: is not a field Resettle knows here",
        ),
        (removed("need_items", "thinking"), "need_items.thinking: is required"),
        (changed(("need_items", "thinking"), [2, 0]), "need_items.thinking: must be a JSON object"),
        (removed("need_items"), "need_items: is required"),
        (removed("risk"), "risk: is required"),
        (removed("sex"), "sex: is required"),
        (changed(("sex",), "unknown"), "sex: must be male or female"),
        (changed(("sex",), None), "sex: must be male or female"),
        (changed(("risk", "ogrs3"), 101), "risk.ogrs3: must be a number from 0 to 100, or null"),
        (changed(("risk", "ovp"), "60"), "risk.ovp: must be a number from 0 to 100, or null"),
        (changed(("risk", "rsr"), False), "risk.rsr: must be a number from 0 to 100, or null"),
        (
            changed(("risk", "osp_dc"), "severe"),
            "risk.osp_dc: must be low, medium, high, very_high, not_applicable or null",
        ),
        (
            changed(("risk", "sara_other"), "very_high"),
            "risk.sara_other: must be low, medium, high or null",
        ),
        (removed("risk", "sara_other"), "risk.sara_other: is required (null if not known)"),
        (changed(("risk", "ogsr3"), 10), "risk.ogsr3: is not a field Resettle knows here"),
        (changed(("extra",), 1), "extra: is not a field Resettle knows"),
        ([1, 2], "file: must be a JSON object"),
    ],
)
def test_malformed_file_is_refused_naming_the_field(
    data: object, expected: str, tmp_path: Path
) -> None:
    code, out, err = run(data, tmp_path, "--json")
    assert (code, out) == (2, "")
    assert err.startswith("pni: ")
    assert expected in err
    assert err.count("\n") == 1


def test_every_wrong_field_is_named_at_once(tmp_path: Path) -> None:
    data = changed(PCA, 3)
    data["risk"]["ovp"] = 200
    code, _, err = run(data, tmp_path)
    assert code == 2
    assert "need_items.thinking.pro_criminal_attitudes" in err and "risk.ovp" in err


def test_not_json_is_refused_with_the_position(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text('{"sex": "male",\n  "need_items": }', encoding="utf-8")
    code, out, err = run_file(path)
    assert (code, out) == (2, "")
    assert f"pni: --input: {path} is not valid JSON (line 2 column" in err


def test_missing_file_is_refused(tmp_path: Path) -> None:
    code, _, err = run_file(tmp_path / "nowhere.json")
    assert code == 2
    assert "pni: --input: cannot read" in err


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(b'{"sex": "\xff"}')
    code, _, err = run_file(path)
    assert code == 2
    assert "is not UTF-8 text" in err


def test_input_option_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["pni", "--json"])
    assert exit_.value.code == 2
    assert "--input" in capsys.readouterr().err
