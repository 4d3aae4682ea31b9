"""CSV cells never begin with a character that makes a spreadsheet run them as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resettle.reports.csv_cells import DANGEROUS_FIRST, escape_cell, write_csv


class Colour(StrEnum):
    RED = "red"
    MINUS = "-minus"


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("\0NUL", "'\0NUL"),
        ("A1234BC", "A1234BC"),
        ("a=b", "a=b"),
        (" =spaced", " =spaced"),
        ("", ""),
    ],
)
def test_text_beginning_with_a_formula_character_gets_a_quote(typed: str, written: str) -> None:
    assert escape_cell(typed) == written
    assert read_back(write_csv([[typed]], ["cell"]))[1] == [written]


def test_numbers_stay_numbers_and_other_values_are_plain_text() -> None:
    when = dt.datetime(2026, 11, 30, 9, 30)
    row = [-5, -2.5, Decimal("-1.25"), True, False, None, dt.date(2026, 11, 30), when]
    row += [Colour.RED, Colour.MINUS]
    header = [f"c{n}" for n in range(len(row))]
    assert read_back(write_csv([row], header))[1] == [
        "-5",
        "-2.5",
        "-1.25",
        "yes",
        "no",
        "",
        "2026-11-30",
        "2026-11-30T09:30:00",
        "red",
        "'-minus",
    ]


def test_the_header_is_escaped_and_rows_end_with_crlf() -> None:
    text = write_csv([['x, "quoted"\nline']], ["=name"])
    assert text == '\'=name\r\n"x, ""quoted""\nline"\r\n'


def test_a_row_of_the_wrong_length_is_refused_with_its_number() -> None:
    with pytest.raises(ValueError, match="row 2 has 1 cells, the header 2"):
        write_csv([["a", "b"], ["c"]], ["one", "two"])


_text = st.text(
    alphabet=st.one_of(st.sampled_from((*DANGEROUS_FIRST, "\n", '"', ",", "'")), st.characters()),
    max_size=12,
)


@given(
    st.lists(st.lists(_text, min_size=3, max_size=3), max_size=6),
    st.lists(_text, min_size=3, max_size=3),
)
def test_no_written_text_cell_begins_with_a_dangerous_character(
    rows: list[list[str]], header: list[str]
) -> None:
    read = read_back(write_csv(rows, header))
    assert len(read) == len(rows) + 1
    for typed_row, read_row in zip([header, *rows], read, strict=True):
        for typed, cell in zip(typed_row, read_row, strict=True):
            assert not cell.startswith(DANGEROUS_FIRST)
            # nothing lost: the cell is what was typed, with at most one quote in front
            assert cell in (typed, "'" + typed)
            assert (cell != typed) == typed.startswith(DANGEROUS_FIRST)
