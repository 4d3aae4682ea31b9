"""``resettle programmes list [--establishment X] [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.staff import Actor, Role
from resettle.services.programme_offerings import create_group, create_offering
from resettle.services.programme_sessions import generate_group_sessions
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import seed_account
from tests.cli.conftest import officer_workspace


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    workspace = officer_workspace(officer_data_dir)
    with workspace.uow() as uow:
        moorland = uow.staff.add_establishment(EstablishmentRow(code="MDI", name="Moorland")).id
        uow.staff.add_establishment(EstablishmentRow(code="LEI", name="Leicester"))
        uow.commit()
    manager_id = seed_account(
        workspace.database, "cli.manager", (Role.MANAGER,), managed_establishment_ids=[moorland]
    )
    manager = Actor(id=manager_id, username="cli.manager", display_name="M", role=Role.MANAGER)
    offering = create_offering(
        manager, workspace.uow(), {"programme_code": "BC-HIGH", "establishment_id": moorland}
    )
    group = create_group(
        manager,
        workspace.uow(),
        {
            "offering_id": offering.id,
            "code": "BC-1",
            "capacity": 12,
            "starts_on": "2027-01-04",
            "ends_on": "2027-06-25",
            "schedule": [
                {"weekday": "monday", "starts_at": "09:30", "minutes": 150},
                {"weekday": "wednesday", "starts_at": "09:30", "minutes": 150},
                {"weekday": "friday", "starts_at": "09:30", "minutes": 150},
            ],
        },
    )
    generate_group_sessions(manager, workspace.uow(), group.id)
    workspace.close()
    return officer_data_dir


def run(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_lists_every_programme_with_its_offerings(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run("--data-dir", str(data_dir), "programmes", "list", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("BC-HIGH\tBuilding Choices: high intensity\tcustody\thigh\t17-25")
    assert lines[1] == "  offering 1 at establishment MDI"
    assert lines[2].startswith(
        "    group BC-1 (id 1)\tcapacity 12\t2027-01-04 to 2027-06-25\tmon 09:30"
    )
    assert lines[2].endswith("52 sessions")
    assert sum(1 for line in lines if not line.startswith(" ")) == 8
    assert any(
        line.startswith("KAIZEN\tKaizen\tcustody\thigh\tat least 26 weeks") for line in lines
    )
    assert any(line.startswith("BSR\tBuilding Skills for Recovery\t") for line in lines)
    assert any(line.endswith("\ttime unknown") and line.startswith("BSR") for line in lines)


def test_json_for_one_establishment(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--data-dir", str(data_dir), "programmes", "list", "--json")
    code, out, _ = run(*args, "--establishment", "MDI", capsys=capsys)
    assert code == 0
    payload = json.loads(out)
    (programme,) = payload["programmes"]
    assert programme["code"] == "BC-HIGH" and programme["modules"] == 12
    assert programme["weeks_to_complete"] == {"minimum": 17, "maximum": 25}
    (offering,) = programme["offerings"]
    assert offering["establishment"] == "MDI" and offering["team"] is None
    (group,) = offering["groups"]
    assert group["sessions"] == 52 and group["schedule"][0]["weekday"] == "monday"
    code, out, _ = run(*args, "--establishment", "LEI", capsys=capsys)
    assert code == 0 and json.loads(out) == {"programmes": []}


def test_an_unknown_establishment_is_refused_by_name(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        "--data-dir", str(data_dir), "programmes", "list", "--establishment", "XXX", capsys=capsys
    )
    assert code != 0 and out == ""
    assert "Establishment: 'XXX' is not a known establishment" in err
