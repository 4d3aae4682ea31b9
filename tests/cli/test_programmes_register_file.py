"""``resettle programmes register --from-file``: reading a marks file onto a register; a
broken file is refused naming the row as the user counts it (CSV: the header is row 1; JSON:
items from 1), the column and what is wrong with the value, and nothing is put on the
register."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from resettle.cli.programmes_marks_file import marked_rows, read_marks, told_by_file
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.programme_attendance import Register, RegisterRow
from resettle.domain.programme_register import SessionRegister

HEADER = "prison_number,outcome,absence_reason,note\n"


def _read() -> SessionRegister:
    rows = tuple(
        RegisterRow(membership_id=n, person_id=n, name=f"P {n}", prison_number=f"A000{n}AA")
        for n in (1, 2)
    )
    return SessionRegister(
        sheet=Register(
            session_id=5,
            starts_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
            capacity=12,
            group_membership_ids=frozenset({1, 2}),
            rows=rows,
        ),
        session_name="Getting started",
        session_type="group",
        catch_up=False,
        group_code="G1",
        programme_code="BC-MOD",
    )


def _refusal(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationFailed) as refused:
        marked_rows(_read(), read_marks(path))
    return [(p.field, p.code, p.message) for p in refused.value.problems]


def test_a_csv_marks_file_marks_the_register_by_prison_number(tmp_path: Path) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER + 'A0002AA,acceptable_absence,other,"At court, back at 3"\n'
        "a0001aa,attended_complied,,\n\n,,,\n",
        encoding="utf-8",
    )
    rows, where = marked_rows(_read(), read_marks(path))
    assert [(r.prison_number, r.outcome, r.absence_reason, r.note) for r in rows] == [
        ("A0001AA", "attended_complied", None, ""),
        ("A0002AA", "acceptable_absence", "other", "At court, back at 3"),
    ]
    # Where each register row's mark is in the file, counting the header as row 1.
    assert where == {0: "row 3", 1: "row 2"}


def test_csv_rows_are_counted_with_the_header_as_row_1_naming_column_and_value(
    tmp_path: Path,
) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER + "A0001AA,present,,\n"  # row 2: outcome not one of the four
        "A0002AA,acceptable_absence,flu,\n",  # row 3: reason not one of the list
        encoding="utf-8",
    )
    problems = _refusal(path)
    assert [(field, code) for field, code, _ in problems] == [
        ("row 2.outcome", "invalid"),
        ("row 3.absence_reason", "invalid"),
    ]
    assert problems[0][2].startswith(
        "Marks file row 2, outcome: 'present' is not one of attended_complied, "
    )
    assert problems[1][2].startswith("Marks file row 3, absence_reason: 'flu' is not one of ")


def test_unknown_prison_numbers_people_not_in_the_group_and_duplicates_are_refused(
    tmp_path: Path,
) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER + "A0001AA,attended_complied,,\n"
        "Z9999ZZ,attended_complied,,\n"  # row 3: nobody of the register
        "12345,attended_complied,,\n"  # row 4: not a prison number
        ",attended_complied,,\n"  # row 5: no prison number
        "A0001AA,unacceptable_absence,,\n"  # row 6: the same person again
        "A0002AA,,,\n",  # row 7: no outcome
        encoding="utf-8",
    )
    problems = _refusal(path)
    assert [(field, code) for field, code, _ in problems] == [
        ("row 3.prison_number", "not_in_register"),
        ("row 4.prison_number", "format"),
        ("row 5.prison_number", "required"),
        ("row 6.prison_number", "duplicate"),
        ("row 7.outcome", "required"),
    ]
    messages = [message for _, _, message in problems]
    assert messages[0] == (
        "Marks file row 3, prison_number: 'Z9999ZZ' is not in this session's register: nobody "
        "with that prison number held a place in group G1 when it started"
    )
    assert messages[1] == (
        "Marks file row 4, prison_number: '12345' is not a prison number (like A1234BC)"
    )
    assert messages[2] == "Marks file row 5, prison_number: is required"
    assert messages[3] == (
        "Marks file row 6, prison_number: A0001AA is marked already in row 2; give each "
        "person one row"
    )
    assert messages[4].startswith("Marks file row 7, outcome: is required (one of ")


def test_broken_rows_and_headers_are_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(HEADER + "A0001AA,attended_complied,,Good, then left\n", encoding="utf-8")
    problems = _refusal(path)
    assert problems[0] == (
        "row 2",
        "broken_row",
        "Marks file row 2: 5 cells, but the header has 4 columns (a comma in a note "
        "needs the note in double quotes)",
    )
    # The broken row is skipped, not taken as the person's mark; its person is not told as
    # left out, the person the file leaves out is.
    assert [(field, code) for field, code, _ in problems[1:]] == [("from_file", "outcome_missing")]
    assert "P 2 (A0002AA) is in the register but not in the file" in problems[1][2]
    path.write_text("prison_number,colour\nA0001AA,red\n", encoding="utf-8")
    problems = _refusal(path)
    assert [(field, code) for field, code, _ in problems] == [
        ("row 1.colour", "unknown_field"),
        ("row 1.outcome", "missing_column"),
    ]
    path.write_text("", encoding="utf-8")
    assert [code for _, code, _ in _refusal(path)] == ["no_header"]


def test_a_json_marks_file_counts_items_from_1(tmp_path: Path) -> None:
    path = tmp_path / "marks.json"
    path.write_text(
        '[{"prison_number": "A0001AA", "outcome": "present"},'
        ' {"prison_number": "Z9999ZZ", "outcome": "attended_complied"},'
        ' {"prison_number": "A0002AA", "outcome": "unacceptable_absence", "colour": "red"},'
        ' "A0002AA"]',
        encoding="utf-8",
    )
    # Every item's problems at once: the marks' values, the keys that are not a mark's
    # and an item that is not an object.
    assert [(field, code) for field, code, _ in _refusal(path)] == [
        ("item 1.outcome", "invalid"),
        ("item 2.prison_number", "not_in_register"),
        ("item 3.colour", "unknown_field"),
        ("item 4", "not_an_object"),
    ]
    path.write_text(
        '[{"prison_number": "A0001AA", "outcome": "present"},'
        ' {"prison_number": "Z9999ZZ", "outcome": "attended_complied"}]',
        encoding="utf-8",
    )
    assert [(field, code) for field, code, _ in _refusal(path)] == [
        ("item 1.outcome", "invalid"),
        ("item 2.prison_number", "not_in_register"),
        ("from_file", "outcome_missing"),  # A0002AA is left out of the file
    ]
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        read_marks(path)
    assert refused.value.problems[0].field == "from_file"


def test_the_saves_refusal_names_the_files_row_and_column(tmp_path: Path) -> None:
    """The service names register rows; the CLI tells them by the file's rows, and a person
    of the register the file left out by name."""
    path = tmp_path / "marks.csv"
    path.write_text(HEADER + "A0002AA,acceptable_absence,,\n", encoding="utf-8")
    rows, where = marked_rows(_read(), read_marks(path))
    refused = ValidationFailed(
        [
            FieldProblem("rows[0].outcome", "outcome_missing", "Row 1, P 1 (A0001AA), ..."),
            FieldProblem("rows[1].absence_reason", "reason_required", "Row 2, ..."),
            FieldProblem("session", "session_in_future", "Register: the session has not..."),
        ]
    )
    told = told_by_file(refused, rows, where)
    assert [(p.field, p.message) for p in told.problems] == [
        (
            "from_file",
            "Marks file: P 1 (A0001AA) is in the register but not in the file (has no mark); "
            "add a row for them",
        ),
        (
            "row 2.absence_reason",
            "Marks file row 2, absence_reason (P 2 (A0002AA)): an acceptable absence needs a "
            "reason",
        ),
        ("session", "Register: the session has not..."),
    ]


def _read_refusal(path: Path) -> tuple[str, str, str]:
    with pytest.raises(ValidationFailed) as refused:
        read_marks(path)
    (problem,) = refused.value.problems
    return (problem.field, problem.code, problem.message)


def test_files_that_are_not_a_marks_file_are_refused_not_crashed_on(tmp_path: Path) -> None:
    """Security review: a huge file was read whole, deep JSON and a giant CSV cell crashed
    the command, a NUL reached the database and an object was taken as a note's text."""
    huge = tmp_path / "huge.csv"
    huge.write_bytes(HEADER.encode() + b"A0001AA,attended_complied,,x\n" * 40_000)
    assert _read_refusal(huge)[1] == "too_large"
    assert "larger than 1024 KB" in _read_refusal(huge)[2]
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert _read_refusal(deep) == (
        "from_file",
        "too_deep",
        "Marks file: is nested more than 64 levels deep (line 1 column 65)",
    )
    big_cell = tmp_path / "cell.csv"
    big_cell.write_text(HEADER + "A0001AA,attended_complied,," + "x" * 200_000 + "\n")
    assert _read_refusal(big_cell)[:2] == ("from_file", "unreadable")
    nul = tmp_path / "nul.csv"
    nul.write_text(HEADER + "A0001AA,attended_complied,,a\x00b\n", encoding="utf-8")
    assert _read_refusal(nul)[:2] == ("from_file", "nul")
    odd = tmp_path / "odd.json"
    odd.write_text(
        '[{"prison_number": "A0001AA", "outcome": "attended_complied", "note": {"x": 1}}]',
        encoding="utf-8",
    )
    assert _refusal(odd)[0] == (
        "item 1.note",
        "not_text",
        "Marks file item 1, note: a list or object, where text is expected",
    )


def test_every_problem_of_every_row_is_told_at_once(tmp_path: Path) -> None:
    """User trial: a broken row stopped every other row being checked, and a row told only
    its first problem (its prison number), not also its outcome or a missing reason."""
    rows = tuple(
        RegisterRow(membership_id=n, person_id=n, name=f"P {n}", prison_number=f"A000{n}AA")
        for n in (1, 2, 3)
    )
    read = _read().model_copy(
        update={
            "sheet": _read().sheet.model_copy(
                update={"rows": rows, "group_membership_ids": frozenset({1, 2, 3})}
            )
        }
    )
    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER + "A0001AA,attended_complied,,Good, then left\n"
        "Z9999ZZ,here,,\n"
        "bad,acceptable_absence,,\n"
        "A0002AA,attended,,\n"
        "A0003AA,acceptable_absence,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as refused:
        marked_rows(read, read_marks(path))
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("row 2", "broken_row"),
        ("row 3.prison_number", "not_in_register"),
        ("row 3.outcome", "invalid"),
        ("row 4.prison_number", "format"),
        ("row 5.outcome", "invalid"),
        ("row 6.absence_reason", "reason_required"),
    ]
    assert refused.value.problems[-1].message == (
        "Marks file row 6, absence_reason (P 3 (A0003AA)): an acceptable absence needs a reason"
    )
