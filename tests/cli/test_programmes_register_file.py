"""``resettle programmes register --from-file``: reading a marks file onto a register; a
broken file is refused naming the file's row and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from resettle.cli.programmes_register_cmd import marked_rows, read_marks
from resettle.domain.errors import ValidationFailed
from resettle.domain.programme_attendance import Register, RegisterRow
from resettle.domain.programme_register import SessionRegister


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


def test_a_csv_marks_file_marks_the_register_by_prison_number(tmp_path: Path) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(
        "prison_number,outcome,absence_reason,note\n"
        "A0002AA,acceptable_absence,other,At court\n"
        "A0001AA,attended_complied,,\n",
        encoding="utf-8",
    )
    rows = marked_rows(_read(), read_marks(path))
    assert [(r.prison_number, r.outcome, r.absence_reason, r.note) for r in rows] == [
        ("A0001AA", "attended_complied", None, ""),
        ("A0002AA", "acceptable_absence", "other", "At court"),
    ]


def test_a_broken_marks_file_is_refused_naming_the_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "marks.json"
    path.write_text(
        '[{"prison_number": "A0001AA", "outcome": "present"},'
        ' {"prison_number": "Z9999ZZ", "outcome": "attended_complied"},'
        ' {"prison_number": "A0002AA", "outcome": "unacceptable_absence", "colour": "red"}]',
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as refused:
        marked_rows(_read(), read_marks(path))
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("row 1.outcome", "invalid"),
        ("row 2.prison_number", "not_in_register"),
        ("row 3.colour", "unknown_field"),
    ]
    assert refused.value.problems[0].message.startswith("Marks row 1, outcome: 'present'")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        read_marks(path)
    assert refused.value.problems[0].field == "from_file"
