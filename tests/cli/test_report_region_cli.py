"""``report kpis`` and ``report caseload`` with ``--region``, and as a manager of a region:
the region's people only, the same figures and people as a manager of its team by name, the
scope line naming the region, and an unknown region's code refused naming the option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from resettle.cli import main
from resettle.domain.staff import Role
from resettle.storage.tables.staff import ManagedRegionRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace
from tests.services.measures_dataset import Dataset

#: P12, the other team's person: in region SOUTH, never in NORTH's figures.
OTHER_TEAMS_PERSON = "B0012CC"


@pytest.fixture
def data_dir(measures_data_dir: tuple[Path, Dataset]) -> tuple[Path, Dataset]:
    """Region NORTH holds the test team, SOUTH the other team; ``north.manager`` manages
    NORTH alone (``test.manager``, acting by default, manages the test team by name)."""
    folder, dataset = measures_data_dir
    workspace = officer_workspace(folder)
    with workspace.uow() as uow:
        north = uow.regions.add("NORTH", "North")
        south = uow.regions.add("SOUTH", "South")
        for team in uow.staff.teams():
            team.region_id = north.id if team.id == dataset.team_id else south.id
        uow.commit()
        north_id = north.id
    staff_id = seed_account(
        workspace.database,
        "north.manager",
        (Role.MANAGER,),
        managed_team_ids=[],
        managed_establishment_ids=[],
    )
    with workspace.uow() as uow:
        uow.session.add(ManagedRegionRow(staff_id=staff_id, region_id=north_id))
        uow.commit()
    workspace.close()
    return measures_data_dir


def _kpis(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code = main(["--data-dir", str(folder), "report", "kpis", "--json", "--with-people", *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {entry["code"]: entry for entry in json.loads(out)["measures"]}


def test_a_regions_manager_reads_what_its_teams_manager_reads(
    data_dir: tuple[Path, Dataset],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    by_name = _kpis(data_dir[0], capsys)
    act_as(monkeypatch, "north.manager", TEST_PASSWORD)
    by_region = _kpis(data_dir[0], capsys)
    assert by_region == by_name
    assert OTHER_TEAMS_PERSON not in json.dumps(by_region)
    assert _kpis(data_dir[0], capsys, "--region", "north") == by_region
    south = _kpis(data_dir[0], capsys, "--region", "SOUTH")
    assert all(entry["numerator"] == 0 for entry in south.values())  # type: ignore[index]


def test_the_caseload_report_names_the_region(
    data_dir: tuple[Path, Dataset],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    act_as(monkeypatch, "north.manager", TEST_PASSWORD)
    target = tmp_path / "caseload.pdf"
    code = main(
        [
            "--data-dir",
            str(data_dir[0]),
            "report",
            "caseload",
            "--out",
            str(target),
            "--justification",
            "caseload_management",
        ]
    )
    _out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(target).pages)
    assert "Region managed: North" in text
    assert OTHER_TEAMS_PERSON not in text and "Other team" not in text
    narrowed = tmp_path / "north.pdf"
    code = main(
        [
            "--data-dir",
            str(data_dir[0]),
            "report",
            "caseload",
            "--out",
            str(narrowed),
            "--justification",
            "caseload_management",
            "--region",
            "NORTH",
        ]
    )
    assert code == 0
    first = " ".join(PdfReader(narrowed).pages[0].extract_text().split())
    assert "Region: North" in first


def test_an_unknown_region_names_the_option(
    data_dir: tuple[Path, Dataset], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(data_dir[0]), "report", "kpis", "--region", "NOPE"])
    _out, err = capsys.readouterr()
    assert code == 2
    assert "resettle: --region: No region has the code 'NOPE' (the codes are " in err
    assert "NORTH" in err
    code = main(["--data-dir", str(data_dir[0]), "report", "kpis", "--region", "NORTH"])
    out, _err = capsys.readouterr()
    assert code == 0 and "; region NORTH" in out.splitlines()[0]
