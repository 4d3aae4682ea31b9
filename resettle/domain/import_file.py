"""A caseload import file (``resettle import people FILE.csv``, the Import dialog): its bytes
read as text, its header matched to Resettle's fields, its rows split into cells.

- Encodings: UTF-8 with or without a byte-order mark, or Windows-1252 (what Excel saves as
  "CSV" on a British Windows), with CRLF or LF line endings. Text that is not UTF-8 is read
  as Windows-1252; a byte that is neither is refused naming its line and column.
- The header names the columns. Known names and common synonyms are recognised ("NOMS
  number", "Surname", "DOB", ...: :data:`IMPORT_FIELDS`), case and punctuation aside; a
  mapping (file header -> field) may name others. Unknown columns are listed and ignored; a
  missing required column refuses the file, naming it.
- Every problem names the file's line (the header is line 1; a cell spanning lines is counted
  at the line its row starts on) and, for a cell, the column as headed in the file.
  Problems with the file as a whole (empty, header only, too large, broken quoting, bad bytes)
  are :class:`ImportFileRefused`; a row with the wrong number of cells or a control character
  is a :class:`RowProblem`, and the rest of the file is still read.

Pure: no storage. The service (``services/caseload_import.py``) checks each row's values
with the person model (``domain/person.PersonInput``) the New person dialog uses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from resettle.domain.errors import DomainError
from resettle.domain.limits import IMPORT_CELL_MAX_CHARS, IMPORT_FILE_MAX_BYTES, IMPORT_ROWS_MAX


@dataclass(frozen=True)
class ImportField:
    key: str
    title: str
    required: bool
    synonyms: tuple[str, ...]


#: Resettle's fields an import fills, with the header names recognised for each (compared
#: folded: lower case, punctuation as spaces).
IMPORT_FIELDS: dict[str, ImportField] = {
    f.key: f
    for f in (
        ImportField(
            "prison_number",
            "Prison number",
            True,
            ("prison number", "noms number", "noms", "noms id", "prisoner number", "nomis id"),
        ),
        ImportField("crn", "CRN", True, ("crn", "case reference number", "probation crn")),
        ImportField("pnc_number", "PNC number", False, ("pnc number", "pnc", "pnc id")),
        ImportField(
            "given_name",
            "Given name",
            True,
            ("given name", "given names", "first name", "forename", "forenames"),
        ),
        ImportField("family_name", "Family name", True, ("family name", "surname", "last name")),
        ImportField("date_of_birth", "Date of birth", True, ("date of birth", "dob", "birth date")),
        ImportField("sex", "Sex", True, ("sex",)),
        ImportField(
            "establishment",
            "Establishment",
            False,
            ("establishment", "prison", "establishment code", "establishment name"),
        ),
        ImportField("sentence_date", "Sentence date", False, ("sentence date",)),
        ImportField(
            "release_date",
            "Release date",
            False,
            ("release date", "expected release date", "earliest release date"),
        ),
        ImportField("licence_end_date", "Licence end date", False, ("licence end date", "led")),
        ImportField("release_type", "Release type", False, ("release type",)),
        ImportField(
            "preferred_language", "Preferred language", False, ("preferred language", "language")
        ),
        # The officer who holds the person: their user name or email, in the team imported
        # into (``domain/import_officers.py``).
        ImportField(
            "responsible_officer",
            "Responsible officer",
            False,
            (
                "responsible officer",
                "officer",
                "probation officer",
                "allocated officer",
                "offender manager",
                "com",
            ),
        ),
    )
}
REQUIRED_FIELDS = tuple(key for key, f in IMPORT_FIELDS.items() if f.required)

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with byte-order mark"
WINDOWS_1252 = "Windows-1252"
ENCODINGS = {UTF8: "utf-8", UTF8_BOM: "utf-8-sig", WINDOWS_1252: "cp1252"}

#: Control characters no cell may hold (tab, CR and LF inside a quoted cell are allowed;
#: the service's person model refuses them where a field may not hold them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportFileRefused(DomainError):
    """The file cannot be imported at all; the message names the line (and column)."""

    code = "import.file_refused"


class ColumnsMissing(ImportFileRefused):
    """No column gives a required field: the file's header and the columns it did match go
    with the refusal, so the Import dialog can still show every column to map (user trial:
    the mapping table stayed empty, so the column could not be mapped as the message said)."""

    def __init__(self, message: str, header: list[str], columns: dict[str, str]) -> None:
        super().__init__(message)
        self.header = header
        #: field key -> the column's header as written in the file (the ones matched).
        self.columns = columns


class MappingColumnUnknown(ImportFileRefused):
    """A mapping names a column the file does not have (a misspelt header is not ignored)."""

    def __init__(self, column: str, file_name: str, header: list[str]) -> None:
        self.detail = (
            f'"{column}" is not a column of {file_name} (its columns: {columns_text(header)})'
        )
        super().__init__(f"Mapping: {self.detail}")
        self.column = column


def columns_text(header: list[str], limit: int = 12) -> str:
    """The file's column names for a message: the first ``limit``, then how many more."""
    shown = [name or "(unnamed)" for name in header[:limit]]
    more = len(header) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class RowProblem:
    """One problem with one row: its line in the file, the column as headed there ("" for
    the row as a whole) and what is wrong, in words."""

    line: int
    column: str
    reason: str
    #: The row's prison number when it could be read (for the "changed since" list).
    prison_number: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class ImportRow:
    """One row of the file: its line, and its text for each mapped field."""

    line: int
    values: Mapping[str, str]

    def content_hash(self) -> str:
        """SHA-256 of the mapped values: the same row imported again hashes the same."""
        digest = hashlib.sha256()
        for key in sorted(self.values):
            digest.update(key.encode())
            digest.update(b"\x1f")
            digest.update(self.values[key].strip().encode())
            digest.update(b"\x1e")
        return digest.hexdigest()


@dataclass
class ImportFile:
    """A file read and mapped: what the service imports and the dialog previews."""

    name: str
    sha256: str
    encoding: str
    header: list[str]
    #: field key -> the column's header as written in the file.
    columns: dict[str, str]
    unknown_columns: list[str]
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def fold_header(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) of the file's bytes; ``encoding`` forces one of
    :data:`ENCODINGS`' names. Refused, naming the line and column, when no encoding reads it."""
    if len(data) > IMPORT_FILE_MAX_BYTES:
        raise ImportFileRefused(
            f"The file is larger than {IMPORT_FILE_MAX_BYTES // 1024 // 1024} MB: split it."
        )
    if encoding is None:
        if data.startswith(b"\xef\xbb\xbf"):
            encoding = UTF8_BOM
        else:
            try:
                return data.decode("utf-8"), UTF8
            except UnicodeDecodeError:
                encoding = WINDOWS_1252
    if encoding not in ENCODINGS:
        raise ImportFileRefused(f"Encoding: choose {', '.join(ENCODINGS)}.")
    try:
        return data.decode(ENCODINGS[encoding]), encoding
    except UnicodeDecodeError as error:
        start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileRefused(
            f"Line {line}, column {error.start - start + 1}: byte 0x{data[error.start]:02X} is "
            f"not {encoding} text; save the file as UTF-8 and import it again."
        ) from None


def read_import_file(
    name: str,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
) -> ImportFile:
    """The file's header matched and rows split (module docstring). ``mapping`` maps a file's
    header (as written) to a field key of :data:`IMPORT_FIELDS` (or "" to ignore it)."""
    text, used = decode(data, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header = _header(reader)
    for column in mapping or {}:
        if column not in header:
            raise MappingColumnUnknown(column, name, header)
    columns, indexes, unknown = _match(header, mapping or {})
    result = ImportFile(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=used,
        header=header,
        columns=columns,
        unknown_columns=unknown,
    )
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ImportFileRefused(f"Line {line}: the row cannot be read ({error}).") from None
        start, line = line, reader.line_num + 1
        if not cells or cells == [""]:
            continue  # a blank line
        if len(result.rows) + len(result.problems) >= IMPORT_ROWS_MAX:
            raise ImportFileRefused(
                f"Line {start}: the file holds more than {IMPORT_ROWS_MAX:,} rows: split it."
            )
        problem = _row_problem(start, cells, header)
        if problem is not None:
            result.problems.append(problem)
            continue
        values = {key: cells[index] for key, index in indexes.items()}
        result.rows.append(ImportRow(start, values))
    if not result.rows and not result.problems:
        raise ImportFileRefused("The file holds a header and no rows: nothing to import.")
    return result


def _header(reader: csv.Reader) -> list[str]:  # type: ignore[name-defined]
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileRefused(
            "The file is empty: the first line must name the columns."
        ) from None
    except csv.Error as error:
        raise ImportFileRefused(f"Line 1: the header cannot be read ({error}).") from None
    header = [cell.strip() for cell in header]
    if not any(header):
        raise ImportFileRefused("Line 1: the first line must name the columns.")
    for number, cell in enumerate(header, start=1):
        if _CONTROL.search(cell):
            raise ImportFileRefused(f"Line 1, column {number}: holds a control character.")
    return header


def _match(
    header: list[str], mapping: Mapping[str, str]
) -> tuple[dict[str, str], dict[str, int], list[str]]:
    """(field -> header, field -> column index, unknown headers)."""
    known = {fold_header(name): f.key for f in IMPORT_FIELDS.values() for name in f.synonyms}
    known.update({fold_header(key): key for key in IMPORT_FIELDS})
    known.update({fold_header(f.title): key for key, f in IMPORT_FIELDS.items()})
    for source, target in mapping.items():
        if target and target not in IMPORT_FIELDS:
            raise ImportFileRefused(
                f"Mapping: {source!r} maps to {target!r}, which is not a field Resettle "
                f"imports ({', '.join(IMPORT_FIELDS)})."
            )
    columns: dict[str, str] = {}
    indexes: dict[str, int] = {}
    unknown: list[str] = []
    for index, name in enumerate(header):
        key = mapping[name] if name in mapping else known.get(fold_header(name))
        if not key:
            if name:
                unknown.append(name)
            continue
        if key in columns:
            raise ImportFileRefused(
                f"Line 1: the columns {columns[key]!r} and {name!r} both give "
                f"{IMPORT_FIELDS[key].title}: keep one, or map one to nothing."
            )
        columns[key] = name
        indexes[key] = index
    missing = [IMPORT_FIELDS[key].title for key in REQUIRED_FIELDS if key not in columns]
    if missing:
        raise ColumnsMissing(
            "Line 1: no column gives " + ", ".join(missing) + " (name it in the header, or map "
            "a column to it).",
            header,
            columns,
        )
    return columns, indexes, unknown


def _row_problem(line: int, cells: list[str], header: list[str]) -> RowProblem | None:
    if len(cells) != len(header):
        return RowProblem(
            line, "", f"has {len(cells)} cells where the header has {len(header)} columns"
        )
    for index, cell in enumerate(cells):
        column = header[index] or f"column {index + 1}"
        if len(cell) > IMPORT_CELL_MAX_CHARS:
            return RowProblem(line, column, f"is longer than {IMPORT_CELL_MAX_CHARS} characters")
        if _CONTROL.search(cell):
            return RowProblem(line, column, "holds a control character (such as NUL)")
    return None


def mapping_from_json(data: object) -> dict[str, str]:
    """A mapping file's content (``{"File header": "field_key", ...}``), checked."""
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str | None) for k, v in data.items()
    ):
        raise ImportFileRefused(
            "Mapping: must be a JSON object of file headers to field names, such as "
            '{"NOMS No": "prison_number"}.'
        )
    return {k: v or "" for k, v in data.items()}
