"""``resettle people show``: the profile in a caseworker's words (user trial: "Crn:",
"Pnc number:", "Establishment id: 3", "Interpreter needed: False")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.person import PersonInput
from resettle.services.people import register_person
from resettle.storage.tables.staff import EstablishmentRow
from tests.cli.conftest import officer_workspace
from tests.factories import person_data


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    workspace = officer_workspace(officer_data_dir)
    with workspace.uow() as uow:
        place = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds"))
        uow.commit()
        place_id = place.id
    register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            aliases=["Zoe Brian", "Zed"],
            interpreter_needed=True,
            preferred_language="Irish",
            establishment_id=place_id,
            release_type="home_detention_curfew",
            conditional_release_date=dt.date(2027, 3, 1),
        ),
    )
    workspace.close()
    return officer_data_dir


def _show(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["--data-dir", str(data_dir), "people", "show", "--person", "A1234BC"]) == 0
    return capsys.readouterr().out.splitlines()


def test_people_show_labels_read_as_a_caseworker_expects(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _show(data_dir, capsys) == [
        "Prison number: A1234BC",
        "CRN: X123456",
        "PNC number: 2004/0012345X",
        "Given name: Zoë",
        "Family name: Ní Bhriain",
        "Aliases: Zoe Brian, Zed",
        "Date of birth: 1990-05-17",
        "Sex: Female",
        "Preferred language: Irish",
        "Interpreter needed: Yes",
        "Learning disability or difficulty: No",
        "Establishment: HMP Leeds",
        "Responsible officer: Test Officer",
        "Sentence date: 2024-02-01",
        "Conditional release date: 2027-03-01",
        "Release date: 2027-01-15",
        "Licence end date: 2028-01-15",
        "Release type: Home detention curfew",
        "Index offence: Theft (non-motor)",
        "Sexual offence: No",
    ]


def test_every_label_is_the_profile_forms_caption_never_a_code(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    captions = {info.title for info in PersonInput.model_fields.values()}
    for line in _show(data_dir, capsys):
        label, _, value = line.partition(": ")
        assert label in captions, line
        assert value and "_" not in label and not re.search(r"\bid\b", label, re.I), line
        assert value not in ("True", "False", "None", "[]"), line
