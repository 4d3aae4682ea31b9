"""``resettle people add --json FILE``: all or none, the row and field named, duplicates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from resettle.cli import main
from resettle.domain.person_file import REQUIRED_KEYS
from resettle.storage.tables.staff import EstablishmentRow
from tests.cli.conftest import officer_workspace


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    workspace = officer_workspace(officer_data_dir)
    with workspace.uow() as uow:
        uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds"))
        uow.commit()
    workspace.close()
    return officer_data_dir


def _person(n: int, **changes: Any) -> dict[str, Any]:
    person: dict[str, Any] = {
        "prison_number": f"A{n:04d}BC",
        "crn": f"X{n:06d}",
        "name": f"Sam Person{'abcdefghij'[n % 10]}",
        "date_of_birth": f"19{80 + n % 20}-05-17",
        "sex": "male",
        "establishment": "HMP Leeds",
        "release_date": "2027-03-25",
        "officer": None,
    }
    person.update(changes)
    return person


def _add(
    data_dir: Path, tmp_path: Path, content: Any, *options: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    file = tmp_path / "people.json"
    file.write_text(content if isinstance(content, str) else json.dumps(content), "utf-8")
    code = main(["--data-dir", str(data_dir), "people", "add", "--json", str(file), *options])
    out, err = capsys.readouterr()
    return code, out, err


def _listed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["--data-dir", str(data_dir), "people", "list", "--json"]) == 0
    people: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return people


def test_a_good_file_prints_the_new_prison_numbers(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _add(data_dir, tmp_path, [_person(1), _person(2)], capsys=capsys)
    assert (code, out.split()) == (0, ["A0001BC", "A0002BC"])
    assert "Registered 2 people" in err
    listed = _listed(data_dir, capsys)
    assert [(p["prison_number"], p["officer"]) for p in listed] == [
        ("A0001BC", "Test Officer"),
        ("A0002BC", "Test Officer"),
    ]
    # What `people list --json` prints, plus birth, sex and establishment, goes back in.
    again = [
        {
            **p,
            "prison_number": f"B{i:04d}CC",
            "crn": f"Y{i:06d}",
            "date_of_birth": "1970-01-01",
            "sex": "female",
            "establishment": "LEI",
            "officer": "test.officer",
        }
        for i, p in enumerate(listed)
    ]
    code, out, err = _add(data_dir, tmp_path, again, capsys=capsys)
    assert (code, out.split()) == (0, ["B0000CC", "B0001CC"]), err


def test_one_object_is_one_person(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _add(data_dir, tmp_path, _person(3), capsys=capsys)
    assert (code, out) == (0, "A0003BC\n")


def test_a_broken_row_saves_nothing_and_names_the_row_and_field(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [_person(1), _person(2, date_of_birth="2090-01-01"), _person(3, prison_number="A3")]
    code, out, err = _add(data_dir, tmp_path, rows, capsys=capsys)
    assert code == 2 and out == ""
    assert "row 2, date_of_birth: cannot be in the future" in err
    assert "row 3, prison_number: must look like A1234BC" in err
    assert "nothing was saved" in err
    assert _listed(data_dir, capsys) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"establishment": "HMP Nowhere"}, "establishment"),
        ({"officer": "nobody.here"}, "officer"),
        ({"name": "N" * 10_000_000}, "name"),
        ({"sex": None}, "sex"),
        ({"nickname": "Sammy"}, "nickname"),
    ],
)
def test_bad_input_names_the_field(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, Any],
    field: str,
) -> None:
    code, _, err = _add(data_dir, tmp_path, [_person(1), _person(2, **changes)], capsys=capsys)
    assert code == 2
    assert f"row 2, {field}:" in err
    assert "NNNNNNNNNN" not in err
    assert _listed(data_dir, capsys) == []


def test_a_possible_duplicate_needs_confirm_new(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _add(data_dir, tmp_path, _person(1, name="Zoë Ní-Bhriain"), capsys=capsys)[0] == 0
    look_alike = _person(2, name="ZOE NI BHRIAIN", date_of_birth=_person(1)["date_of_birth"])
    rows = [_person(3), look_alike]
    code, out, err = _add(data_dir, tmp_path, rows, capsys=capsys)
    assert code == 2 and out == ""
    assert "row 2, date_of_birth: may already be recorded as A0001BC" in err
    assert "--confirm-new" in err
    assert len(_listed(data_dir, capsys)) == 1
    code, out, _ = _add(data_dir, tmp_path, rows, "--confirm-new", capsys=capsys)
    assert (code, out.split()) == (0, ["A0003BC", "A0002BC"])
    # The same prison number is refused even when confirmed.
    code, _, err = _add(
        data_dir, tmp_path, _person(9, prison_number="A0001BC"), "--confirm-new", capsys=capsys
    )
    assert code == 2
    assert "row 1, prison_number: is already recorded as A0001BC" in err  # certain, not "may"
    assert "cannot be registered again" in err


def test_a_space_inside_the_family_name_is_still_the_same_person(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file's one name is split at its last space ("Testy Mc" / "Testface"); the person
    recorded as "Testy McTestface" with the same birth date is a possible duplicate."""
    born = "1990-05-17"
    assert (
        _add(
            data_dir,
            tmp_path,
            _person(1, name="Testy McTestface", date_of_birth=born),
            capsys=capsys,
        )[0]
        == 0
    )
    code, out, err = _add(
        data_dir, tmp_path, _person(2, name="Testy Mc Testface", date_of_birth=born), capsys=capsys
    )
    assert code == 2 and out == ""
    assert "row 1, date_of_birth: may already be recorded as A0001BC" in err
    assert "--confirm-new" in err
    assert len(_listed(data_dir, capsys)) == 1


def test_a_number_repeated_in_the_file_is_reported_in_the_first_run(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Row 1 has another problem too: the repeat in row 3 is still reported, as a repeat."""
    rows = [
        _person(1, sex="alien"),
        _person(2),
        _person(3, prison_number="a0001bc"),
        _person(4, crn=_person(2)["crn"]),
    ]
    code, out, err = _add(data_dir, tmp_path, rows, capsys=capsys)
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "resettle: row 1, sex: must be male or female",
        "resettle: row 3, prison_number: the same as row 1",
        "resettle: row 4, crn: the same as row 2",
        "resettle: nothing was saved",
    ]
    assert _listed(data_dir, capsys) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"prison_number": "A1", }', "is not valid JSON (line 1 column 26"),
        ("[]", "holds no people"),
        ('["A1234BC"]', "row 1: is not a person: each row must be a JSON object"),
    ],
)
def test_a_malformed_file_is_a_message(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    code, out, err = _add(data_dir, tmp_path, content, capsys=capsys)
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def test_a_missing_file_is_a_message(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data-dir", str(data_dir), "people", "add", "--json", "/nowhere/people.json"])
    assert code == 2
    assert "cannot read /nowhere/people.json" in capsys.readouterr().err


def test_every_problem_in_the_file_is_reported_in_one_run(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several broken rows: each problem once, one line each, in row order, in plain words
    naming the row and the key, never the value; nothing saved, exit 2."""
    rows: list[Any] = [
        _person(1),
        _person(2, date_of_birth="31/02/1990", sex="alien", establishment="Nowhere"),
        _person(3, prison_number="A12", release_date="soon", colour="blue"),
        _person(4, prison_number=_person(1)["prison_number"]),  # the same as row 1
        "not a person",
        {**_person(6, date_of_birth=19900101, officer="nobody.here"), "crn": None},
    ]
    code, out, err = _add(data_dir, tmp_path, rows, capsys=capsys)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines == [
        "resettle: row 2, date_of_birth: is not a date: that month has no day 31",
        "resettle: row 2, sex: must be male or female",
        "resettle: row 2, establishment: no establishment has that name or code",
        "resettle: row 3, prison_number: must look like A1234BC (a letter, four digits, two "
        "letters)",
        "resettle: row 3, release_date: is not a date: write it as 1990-05-17 or 17/05/1990",
        "resettle: row 3, colour: is not a key Resettle reads (see docs/registering.md)",
        "resettle: row 4, prison_number: the same as row 1",
        "resettle: row 5: is not a person: each row must be a JSON object { ... }",
        "resettle: row 6, crn: is missing",
        'resettle: row 6, date_of_birth: must be text in quotes ("...")',
        "resettle: row 6, officer: no active probation officer has that user name or name",
        "resettle: nothing was saved",
    ]
    for noise in ("value_error", "Input should", "Value error", "field ", "Date of birth:"):
        assert noise not in err
    assert "31/02/1990" not in err and "Nowhere" not in err  # values are not repeated back
    assert _listed(data_dir, capsys) == []


@pytest.mark.parametrize("key", REQUIRED_KEYS)
@pytest.mark.parametrize(
    ("value", "message"),
    [(None, "is missing"), ("  ", "is empty"), (42, 'must be text in quotes ("...")')],
)
def test_every_required_key_is_named_as_written_in_the_file(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: Any,
    message: str,
) -> None:
    """Each key the file must hold, left out, empty or not text: the line names that key and
    the row (the second item of the list), never the service's field or the app's caption."""
    row = _person(2)
    if value is None:
        del row[key]
    else:
        row[key] = value
    code, out, err = _add(data_dir, tmp_path, [_person(1), row], capsys=capsys)
    assert (code, out) == (2, "")
    assert err.splitlines() == [f"resettle: row 2, {key}: {message}", "resettle: nothing was saved"]
    assert _listed(data_dir, capsys) == []


def test_keys_the_file_spells_its_own_way_are_named_as_written(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """User trial: a file with ``given_name`` and ``family_name`` instead of ``name`` was told
    "name: is not a key Resettle reads" twice. Each key is named as the file spells it."""
    row = {**_person(1), "given_name": "Sam", "family_name": "Smith", "Sex": "male"}
    del row["name"]
    code, _, err = _add(data_dir, tmp_path, row, capsys=capsys)
    assert code == 2
    assert err.splitlines() == [
        "resettle: row 1, name: is missing",
        "resettle: row 1, given_name: is not a key Resettle reads (see docs/registering.md)",
        "resettle: row 1, family_name: is not a key Resettle reads (see docs/registering.md)",
        "resettle: row 1, Sex: is not a key Resettle reads (see docs/registering.md)",
        "resettle: nothing was saved",
    ]


@pytest.mark.parametrize("name", ["Sam", "Smith, ", ", Sam"])
def test_a_name_without_both_parts_names_the_name_key(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, _, err = _add(data_dir, tmp_path, [_person(1, name=name)], capsys=capsys)
    assert code == 2
    assert err.splitlines()[0] == (
        'resettle: row 1, name: needs a given name and a family name ("Sam Smith", or '
        '"Family name, Given names")'
    )
    for caption in ("given_name", "family_name", "Given name:", "Family name:", "is required"):
        assert caption not in err
