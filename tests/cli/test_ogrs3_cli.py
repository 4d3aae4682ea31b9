"""``resettle ogrs3`` through its own argparse parser and handler, with string buffers."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from resettle.cli import ogrs3_cmd
from resettle.cli.context import CliContext
from resettle.domain.risk import OffenceCategory

GOOD = [
    "--sex", "male", "--dob", "1990-05-17", "--conviction-date", "2024-03-01",
    "--first-sanction-date", "2006-08-01", "--previous-sanctions", "7",
    "--offence-category", "burglary_domestic", "--start-date", "2025-09-01",
]  # fmt: skip


def run(argv: list[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="resettle")
    ogrs3_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["ogrs3", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = args.handler(args, CliContext(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def with_option_in(argv: list[str], option: str, value: str) -> list[str]:
    changed = list(argv)
    changed[changed.index(option) + 1] = value
    return changed


def with_option(option: str, value: str) -> list[str]:
    return with_option_in(GOOD, option, value)


def test_json_has_percentages_band_terms_and_inputs() -> None:
    code, out, err = run([*GOOD, "--json"])
    assert (code, err) == (0, "")
    data = json.loads(out)
    # Hand-worked in tests/domain/test_ogrs3.py: p1 0.24083, p2 0.39436.
    assert data["one_year"] == 24
    assert data["two_year"] == 39
    assert data["two_year_probability"] == 0.39436
    assert data["band"] == "low"
    assert data["indicative"] is True
    terms = {t["name"]: t for t in data["terms"]}
    assert list(terms) == ["age_sex", "conviction_status", "copas", "offence"]
    assert terms["age_sex"] == {"name": "age_sex", "value": -1.368, "detail": "male 35-39"}
    assert terms["offence"]["value"] == -0.1239
    assert terms["copas"]["value"] == pytest.approx(1.25112 * -1.2164)
    assert data["copas_rate"] == -1.2164
    assert data["inputs"] == {
        "date_of_birth": "1990-05-17",
        "sex": "male",
        "conviction_date": "2024-03-01",
        "first_sanction_date": "2006-08-01",
        "previous_sanctions": 7,
        "offence_category": "burglary_domestic",
        "start_date": "2025-09-01",
    }
    assert data["ages"] == {
        "at_start": 35,
        "at_conviction": 33,
        "at_first_sanction": 16,
        "band": "35-39",
    }
    assert "Research Summary 7/09" in data["provenance"]


def test_text_output_shows_every_term() -> None:
    code, out, _ = run(GOOD)
    assert code == 0
    assert "indicative" in out
    assert "band 35-39" in out
    assert "-1.36800" in out  # age/sex term
    assert "+0.46306" in out  # repeat
    assert "-1.21640" in out  # Copas rate
    assert "-0.12390" in out  # burglary (domestic)
    assert "24% (0.24083)" in out
    assert "39% (0.39436)" in out
    assert "Band (2-year)              low" in out


def test_list_categories_prints_code_tab_name() -> None:
    code, out, _ = run(["--list-categories"])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(OffenceCategory)
    assert lines[0] == "violence\tViolence"
    assert "burglary_domestic\tBurglary (domestic)" in lines


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (with_option("--dob", "17/05/1990"), "--dob: '17/05/1990' is not a date"),
        (with_option("--offence-category", "arson"), "--offence-category: unknown category"),
        (with_option("--sex", "other"), "--sex: "),
        (with_option("--previous-sanctions", "-2"), "--previous-sanctions: "),
        (with_option("--previous-sanctions", "many"), "--previous-sanctions: "),
        (with_option("--first-sanction-date", "2024-03-02"), "--first-sanction-date: "),
        (GOOD[:-2], "--start-date: is required"),
    ],
)
def test_bad_input_is_one_line_naming_the_option(argv: list[str], expected: str) -> None:
    code, out, err = run(argv)
    assert code == 2
    assert out == ""
    assert err.startswith(f"ogrs3: {expected}")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_under_16_is_refused_naming_the_date_of_birth() -> None:
    argv = with_option("--dob", "2010-01-01")
    argv = with_option_in(argv, "--first-sanction-date", "2024-03-01")
    argv = with_option_in(argv, "--previous-sanctions", "0")
    code, out, err = run(argv)
    assert (code, out) == (2, "")
    assert err == (
        "ogrs3: --dob: Date of birth: OGRS3 cannot score anyone under 16 at the start of "
        "follow-up (aged 15 on 2025-09-01)\n"
    )
