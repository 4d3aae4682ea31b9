"""``resettle report kpis``: the table, the JSON shape, the people, bad dates, refusal."""

from __future__ import annotations

import json
from contextlib import nullcontext
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.measures import MEASURES
from resettle.domain.staff import Role
from tests.accounts import TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace
from tests.services.measures_dataset import Dataset


@pytest.fixture
def data_dir(measures_data_dir: tuple[Path, Dataset]) -> tuple[Path, Dataset]:
    return measures_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "report", "kpis", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_says_n_of_d_and_the_national_figure(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir[0], capsys)
    assert code == 0
    assert "releases 24 Nov 2025 to 23 Nov 2026" in out
    line = next(line for line in out.splitlines() if line.strip().startswith("MI014 "))
    assert "3 of 4 (75.0%), 3 excluded (1 unknown, 2 not recorded)" in line
    assert line.endswith("; England and Wales 84.0% (2024/25)")
    assert "Person1" not in out and "B0001CC" not in out  # no one named without --with-people
    assert any(
        "releases_next_12_weeks" in line and line.endswith(": 2") for line in out.splitlines()
    )


def test_json_has_exactly_the_agreed_shape(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir[0], capsys, "--json")
    assert code == 0
    measures = json.loads(out)["measures"]
    assert set(json.loads(out)) == {"measures"}
    for entry in measures:
        assert set(entry) == {"code", "name", "numerator", "denominator", "excluded"}
    found = {entry["code"]: entry for entry in measures}
    assert found["MI017"] == {
        "code": "MI017",
        "name": "In employment at 6 months",
        "numerator": 1,
        "denominator": 1,
        "excluded": 2,
    }
    assert found["releases_next_2_weeks"]["denominator"] is None
    assert found["readiness:urgent"]["name"] == "Release-day readiness: Urgent"
    assert {m.code for m in MEASURES} <= {code.partition(":")[0] for code in found}


def test_with_people_lists_the_prison_numbers_behind_each_count(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir[0], capsys, "--json", "--with-people")
    assert code == 0
    found = {entry["code"]: entry for entry in json.loads(out)["measures"]}
    for entry in found.values():
        assert set(entry["people"]) == {"numerator", "denominator", "excluded"}
        assert len(entry["people"]["numerator"]) == entry["numerator"]
        assert len(entry["people"]["excluded"]) == entry["excluded"]
        if entry["denominator"] is None:
            assert entry["people"]["denominator"] is None
        else:
            assert len(entry["people"]["denominator"]) == entry["denominator"]
    mi014 = found["MI014"]["people"]
    assert sorted(mi014["numerator"]) == ["B0001CC", "B0005CC", "B0011CC"]
    assert sorted(mi014["excluded"]) == ["B0003CC", "B0004CC", "B0008CC"]
    assert not any(
        "B0012CC" in numbers
        for entry in found.values()
        for numbers in entry["people"].values()
        if numbers
    )


def test_with_people_in_the_table_and_audited(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(data_dir[0], capsys, "--with-people")
    assert code == 0
    assert "      numerator: B0001CC, B0011CC, B0005CC" in out  # by release date
    workspace = officer_workspace(data_dir[0])
    with workspace.uow() as uow:
        actions = [row.action for row in uow.audit.latest(200)]
    workspace.close()
    assert actions.count("measure.people_listed") >= len(MEASURES)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--from", "2026-13-01"), "argument --from: '2026-13-01' is not a date like 2026-03-25"),
        (("--to", "soon"), "argument --to: 'soon' is not a date like 2026-03-25"),
        (("--from", "2026-11-01", "--to", "2026-10-01"), "resettle: --from: The period starts"),
    ],
)
def test_bad_dates_name_the_option(
    data_dir: tuple[Path, Dataset],
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    said: str,
) -> None:
    with pytest.raises(SystemExit) if "argument" in said else nullcontext():
        code, _, err = run(data_dir[0], capsys, *args)
        assert code == 2 and said in err
    if "argument" in said:
        assert said in capsys.readouterr().err


def test_prison_staff_are_refused(
    data_dir: tuple[Path, Dataset],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace = officer_workspace(data_dir[0])
    seed_account(workspace.database, "test.prison", (Role.PRISON_STAFF,))
    workspace.close()
    act_as(monkeypatch, "test.prison", TEST_PASSWORD)
    code, out, err = run(data_dir[0], capsys)
    assert code == 2 and out == ""
    assert "may not see the resettlement measures" in err


def test_filters_narrow_the_figures_and_unknown_codes_name_the_option(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str]
) -> None:
    def figures(*args: str) -> dict[str, dict[str, object]]:
        code, out, err = run(data_dir[0], capsys, "--json", *args)
        assert code == 0, err
        return {entry["code"]: entry for entry in json.loads(out)["measures"]}

    drugs = figures("--pathway", "drugs_alcohol")["MI014"]
    assert (drugs["numerator"], drugs["denominator"], drugs["excluded"]) == (1, 2, 2)
    assert figures("--officer", "test.colleague")["releases_next_12_weeks"]["numerator"] == 1
    # The other team's code narrows to nobody: the manager reaches only their own team.
    other = figures("--team", "other")
    assert all(entry["numerator"] == 0 for entry in other.values())
    code, _, err = run(data_dir[0], capsys, "--team", "NOPE", "--pathway", "drink")
    assert code == 2
    # The codes there are, so a mistyped one can be put right (user trial).
    assert "resettle: --team: No team has the code 'NOPE' (the codes are " in err
    assert "OTHER" in err and "TEST" in err
    assert "resettle: --pathway: No pathway has the code 'drink'" in err
    code, out, _ = run(data_dir[0], capsys, "--officer", "test.colleague")
    assert code == 0 and "; officer test.colleague" in out.splitlines()[0]
