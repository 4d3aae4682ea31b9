"""``resettle outcomes list|record`` as a script uses them: words in the table, codes in
``--json``, one refusal line per bad option, nothing half-saved."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain import clock
from resettle.services.registration import register_person
from tests.cli.conftest import officer_workspace
from tests.factories import another_person, person_data

TODAY = clock.today()
RELEASED = TODAY - dt.timedelta(days=50)


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    """A1234BC released 50 days ago; B0001CC released in 10 days."""
    workspace = officer_workspace(officer_data_dir)
    try:
        register_person(workspace.actor, workspace.uow(), person_data(release_date=RELEASED))
        register_person(
            workspace.actor,
            workspace.uow(),
            another_person(1, release_date=TODAY + dt.timedelta(days=10)),
        )
    finally:
        workspace.close()
    return officer_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "outcomes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _night(*more: str) -> list[str]:
    return [
        "record",
        "--person",
        "A1234BC",
        "--point",
        "first_night",
        "--checked-on",
        (RELEASED + dt.timedelta(days=1)).isoformat(),
        *more,
    ]


def test_an_officer_records_corrects_and_lists_checks(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(data_dir, capsys, *_night("--accommodation", "rough_sleeping"))
    assert (code, err) == (0, "")
    assert out == "Recorded check 1: First night for A1234BC, Rough sleeping\n"
    code, out, _ = run(
        data_dir, capsys, *_night("--accommodation", "approved_premises_cas", "--corrects", "1")
    )
    assert (code, out) == (
        0,
        "Corrected check 2: First night for A1234BC, Approved premises or CAS\n",
    )
    code, out, _ = run(data_dir, capsys, "list", "--person", "A1234BC")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Outcome checks for A1234BC, released {RELEASED}"
    assert lines[1].split("\t")[:3] == ["Check", "Due", "Status"]
    night = lines[2].split("\t")
    assert night[0] == "First night" and night[2] == "Recorded"
    assert night[3] == "Approved premises or CAS" and night[6] == "2"
    assert lines[3].startswith("  earlier\tRough sleeping") and "(corrected by 2)" in lines[3]
    week_6 = lines[4].split("\t")
    assert week_6[:3] == ["6 weeks", str(RELEASED + dt.timedelta(weeks=6)), "Due"]
    assert "Treatment" not in out  # no treatment need: not asked
    code, out, _ = run(data_dir, capsys, "list", "--person", "A1234BC", "--json")
    document = json.loads(out)
    assert document["points"][0]["current"]["accommodation"] == "approved_premises_cas"
    assert document["points"][0]["status"] == "recorded"
    assert [e["superseded_by"] for e in document["points"][0]["history"]] == [None, 2]


def test_bad_options_are_refused_one_line_each_and_nothing_saved(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        data_dir,
        capsys,
        "record",
        "--person",
        "A1234BC",
        "--point",
        "week_6",
        "--checked-on",
        TODAY.isoformat(),
        "--accommodation",
        "a_tent",
        "--treatment-started-on",
        TODAY.isoformat(),
    )
    assert code != 0 and out == ""
    lines = err.splitlines()
    assert any(line.startswith("resettle: --accommodation:") for line in lines), err
    code, out, err = run(
        data_dir,
        capsys,
        "record",
        "--person",
        "A1234BC",
        "--point",
        "week_6",
        "--checked-on",
        TODAY.isoformat(),
        "--accommodation",
        "settled",
        "--treatment-started-on",
        TODAY.isoformat(),
    )
    assert code != 0
    assert "resettle: --employment: Choose the employment at 6 weeks." in err.splitlines()
    assert any(line.startswith("resettle: --treatment-started-on:") for line in err.splitlines())
    code, out, err = run(data_dir, capsys, *_night("--accommodation", "settled", "--corrects", "9"))
    assert code != 0 and err.startswith("resettle: --corrects:")
    code, out, err = run(
        data_dir,
        capsys,
        "record",
        "--person",
        "B0001CC",
        "--point",
        "first_night",
        "--checked-on",
        TODAY.isoformat(),
        "--accommodation",
        "settled",
    )
    assert code != 0 and "--point:" in err and "after release" in err
    code, out, _ = run(data_dir, capsys, "list", "--person", "A1234BC", "--json")
    assert all(point["current"] is None for point in json.loads(out)["points"])
    code, out, _ = run(data_dir, capsys, "list", "--person", "B0001CC")
    assert "Checks start after release: the first is due" in out


def test_listing_a_persons_checks_is_audited_as_showing_the_record(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, _err = run(data_dir, capsys, "list", "--person", "A1234BC")
    assert code == 0
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:  # (signing in to look is audited after it)
            viewed = [
                dict(row.details) for row in uow.audit.latest(5) if row.action == "person.viewed"
            ]
    finally:
        workspace.close()
    assert [details.get("view") for details in viewed] == ["command_line"]
