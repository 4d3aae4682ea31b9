"""Reading a caseload import file: encodings, headers and their synonyms, line numbers, bad
files refused naming the line, and any text either read or refused with a message."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resettle.domain import import_file
from resettle.domain.import_file import (
    IMPORT_FIELDS,
    ColumnsMissing,
    ImportFileRefused,
    MappingColumnUnknown,
    RowProblem,
    mapping_from_json,
    read_import_file,
)
from resettle.domain.import_rows import check_row
from resettle.domain.person import PersonInput

HEADER = "Prison number,CRN,Last name,Forenames,Date of birth,Sex"


def test_known_headers_and_synonyms_are_recognised_and_unknown_ones_listed() -> None:
    read = read_import_file(
        "f.csv",
        b"NOMS Number,crn,SURNAME,First name,DOB,Sex,PNC,Release date,Favourite colour\n"
        b"A1234BC,X123456,Smith,Sam,17/05/1990,male,,2027-03-25,blue\n",
    )
    assert read.columns == {
        "prison_number": "NOMS Number",
        "crn": "crn",
        "family_name": "SURNAME",
        "given_name": "First name",
        "date_of_birth": "DOB",
        "sex": "Sex",
        "pnc_number": "PNC",
        "release_date": "Release date",
    }
    assert read.unknown_columns == ["Favourite colour"]
    (row,) = read.rows
    person = check_row(row, read.columns, {})
    assert isinstance(person, PersonInput)
    assert (person.date_of_birth, person.release_date) == (
        dt.date(1990, 5, 17),
        dt.date(2027, 3, 25),
    )


def test_a_missing_required_column_is_named() -> None:
    with pytest.raises(ImportFileRefused, match="no column gives Date of birth, Sex") as refused:
        read_import_file("f.csv", b"Prison number,CRN,Surname,First name,Notes\nA,B,C,D,E\n")
    # The header and what it matched go with the refusal, for the dialog to map.
    assert isinstance(refused.value, ColumnsMissing)
    assert refused.value.header == ["Prison number", "CRN", "Surname", "First name", "Notes"]
    assert refused.value.columns == {
        "prison_number": "Prison number",
        "crn": "CRN",
        "family_name": "Surname",
        "given_name": "First name",
    }


def test_a_mapping_naming_a_column_not_in_the_file_is_refused_naming_it() -> None:
    header = ",".join(f"Column {n}" for n in range(1, 16))
    with pytest.raises(MappingColumnUnknown) as refused:
        read_import_file(
            "f.csv", f"{HEADER},Case Officer\n".encode(), {"Case Oficer": "responsible_officer"}
        )
    assert str(refused.value) == (
        'Mapping: "Case Oficer" is not a column of f.csv (its columns: Prison number, CRN, '
        "Last name, Forenames, Date of birth, Sex, Case Officer)"
    )
    with pytest.raises(MappingColumnUnknown) as refused:
        read_import_file("wide.csv", f"{header}\n".encode(), {"Column 16": ""})
    assert refused.value.detail.endswith("Column 11, Column 12 and 3 more)")


def test_two_columns_giving_one_field_are_refused() -> None:
    with pytest.raises(ImportFileRefused, match="'Last name' and 'Surname' both give Family name"):
        read_import_file("f.csv", f"{HEADER},Surname\n".encode())


def test_a_mapping_names_headers_and_may_ignore_one() -> None:
    read = read_import_file(
        "f.csv",
        f"{HEADER},Surname\nA1234BC,X123456,Smith,Sam,1990-05-17,male,Smyth\n".encode(),
        {"Surname": ""},
    )
    assert read.columns["family_name"] == "Last name"
    assert read.unknown_columns == ["Surname"]
    with pytest.raises(ImportFileRefused, match="'Sex' maps to 'colour'"):
        read_import_file("f.csv", f"{HEADER}\n".encode(), {"Sex": "colour"})
    with pytest.raises(ImportFileRefused, match="must be a JSON object"):
        mapping_from_json(["prison_number"])


def test_lines_are_counted_in_the_file_with_a_cell_spanning_lines() -> None:
    text = (
        f"{HEADER}\r\n"
        'A1234BC,X123456,"Smith\r\nJones",Sam,1990-05-17,male\r\n'
        "\r\n"
        "A1234BD,X123457,Smith,Sam,1990-05-17,male,extra\r\n"
    )
    read = read_import_file("f.csv", text.encode())
    assert [row.line for row in read.rows] == [2]
    assert read.problems == [RowProblem(5, "", "has 7 cells where the header has 6 columns")]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Ní Bhriain’s".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "Ní Bhriain’s".encode(), "UTF-8 with byte-order mark"),
        ("Ní Bhriain’s".encode("cp1252"), "Windows-1252"),
    ],
)
def test_the_encoding_is_detected(data: bytes, encoding: str) -> None:
    text, found = import_file.decode(data)
    assert (text, found) == ("Ní Bhriain’s", encoding)


def test_forcing_utf8_names_the_bad_byte() -> None:
    with pytest.raises(ImportFileRefused, match="Line 2, column 4: byte 0xE9 is not UTF-8"):
        import_file.decode("a\nNi é".encode("cp1252"), "UTF-8")


def test_size_and_row_limits_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_file, "IMPORT_FILE_MAX_BYTES", 10)
    with pytest.raises(ImportFileRefused, match="larger than 0 MB"):
        read_import_file("f.csv", b"x" * 11)
    monkeypatch.setattr(import_file, "IMPORT_FILE_MAX_BYTES", 10_000)
    monkeypatch.setattr(import_file, "IMPORT_ROWS_MAX", 2)
    rows = "\n".join(["A1234BC,X123456,Smith,Sam,1990-05-17,male"] * 3)
    with pytest.raises(ImportFileRefused, match="Line 4: the file holds more than 2 rows"):
        read_import_file("f.csv", f"{HEADER}\n{rows}\n".encode())


def test_a_control_character_in_the_header_is_refused() -> None:
    with pytest.raises(ImportFileRefused, match="Line 1, column 2: holds a control character"):
        read_import_file("f.csv", b"Prison number,C\x00RN\n")


def test_each_bad_cell_is_named_with_the_models_reason() -> None:
    read = read_import_file(
        "f.csv",
        f"{HEADER},Establishment\nA12,X123456,,Sam,17/13/1990,robot,Nowhere\n".encode(),
    )
    (row,) = read.rows
    problems = check_row(row, read.columns, {"hmp leeds": 1})
    assert isinstance(problems, list)
    assert [(p.line, p.column) for p in problems] == [
        (2, "Date of birth"),
        (2, "Establishment"),
        (2, "Prison number"),
        (2, "Last name"),
        (2, "Sex"),
    ]
    assert problems[0].reason == "is not a date: there is no month 13"


def test_the_content_hash_follows_the_mapped_values_only() -> None:
    one = read_import_file("f.csv", f"{HEADER},Notes\nA,B,C,D,E,F,one\n".encode()).rows[0]
    two = read_import_file("f.csv", f"{HEADER},Notes\nA,B,C,D,E,F,two\n".encode()).rows[0]
    three = read_import_file("f.csv", f"{HEADER},Notes\nA,B,C,X,E,F,one\n".encode()).rows[0]
    assert one.content_hash() == two.content_hash() != three.content_hash()


_CELL = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["A1234BC", "X123456", "17/05/1990", "1990-05-17", "male", '"', "\r\n"]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.lists(_CELL, max_size=8), max_size=6).map(
            lambda rows: "\n".join([HEADER, *(",".join(r) for r in rows)]).encode()
        ),
        st.text(max_size=300).map(lambda t: (HEADER + "\n" + t).encode("utf-8", "surrogatepass")),
    )
)
def test_any_file_is_read_or_refused_with_a_message_never_another_exception(data: bytes) -> None:
    try:
        read = read_import_file("fuzz.csv", data)
    except ImportFileRefused as refused:
        assert str(refused)
        return
    for problem in read.problems:
        assert problem.line >= 2 and problem.reason
    for row in read.rows:
        checked = check_row(row, read.columns, {"lei": 1})
        if isinstance(checked, list):
            assert checked
            for problem in checked:
                assert problem.line == row.line
                assert problem.column in read.header or problem.column in {
                    f.title for f in IMPORT_FIELDS.values()
                }
                assert problem.reason
        else:
            assert isinstance(checked, PersonInput)


@pytest.mark.parametrize("cell", ["M", "m", "Male", "MAN", "F", "female", "Woman", " f "])
def test_the_sex_is_read_as_spreadsheets_export_it(cell: str) -> None:
    read = read_import_file(
        "f.csv", f"{HEADER}\nA1234BC,X123456,Smith,Sam,17/05/1990,{cell}\n".encode()
    )
    (row,) = read.rows
    person = check_row(row, read.columns, {})
    assert isinstance(person, PersonInput)
    male = cell.strip().lower() in ("m", "male", "man")
    assert person.sex.value == ("male" if male else "female")


def test_a_refused_enum_cell_names_the_values_read_never_the_models_wording() -> None:
    read = read_import_file(
        "f.csv",
        f"{HEADER},Release type\nA1234BC,X123456,Smith,Sam,17/05/1990,X,sometime\n".encode(),
    )
    (row,) = read.rows
    problems = check_row(row, read.columns, {})
    assert isinstance(problems, list)
    assert [(p.column, p.reason) for p in problems] == [
        ("Sex", "'X' is not one of male, female (M and F are read too)"),
        (
            "Release type",
            "'sometime' is not one of conditional release, home detention curfew, parole, "
            "end of sentence, other",
        ),
    ]
    assert not any("Input should" in p.reason for p in problems)


def test_an_empty_required_cell_is_required_whatever_its_kind() -> None:
    read = read_import_file("f.csv", f"{HEADER}\nA1234BC,X123456,Smith,Sam,,\n".encode())
    (row,) = read.rows
    problems = check_row(row, read.columns, {})
    assert isinstance(problems, list)
    assert [(p.column, p.reason) for p in problems] == [
        ("Date of birth", "is required"),
        ("Sex", "is required"),
    ]
