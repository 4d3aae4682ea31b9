"""The programme catalogue shipped with the app (``domain/data/programmes.json``), and any
catalogue file in the same format: validated by Pydantic on load, and a file that is missing,
not JSON or not a catalogue is refused with one message naming the file and the fields."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from resettle.domain.errors import DomainError
from resettle.domain.programmes.catalogue import ProgrammeCatalogue
from resettle.domain.validation import problems_from_error

SHIPPED_FILE = "programmes.json"
FORMAT_VERSION = 1


class CatalogueFileInvalid(DomainError):
    code = "programme_catalogue.file_invalid"

    def __init__(self, where: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"Programme catalogue {where} is not valid: " + "; ".join(problems))


def parse_catalogue(raw: Any, where: str = "file") -> ProgrammeCatalogue:
    """A catalogue from the decoded JSON ``{"format_version": 1, "programmes": [...]}``."""
    if not isinstance(raw, dict):
        raise CatalogueFileInvalid(where, ["the file must hold a JSON object"])
    if raw.get("format_version") != FORMAT_VERSION:
        raise CatalogueFileInvalid(where, [f"format_version: must be {FORMAT_VERSION}"])
    body = {key: value for key, value in raw.items() if key != "format_version"}
    try:
        return ProgrammeCatalogue.model_validate(body)
    except ValidationError as error:
        problems = problems_from_error(ProgrammeCatalogue, error)
        raise CatalogueFileInvalid(where, [f"{p.field}: {p.message}" for p in problems]) from None


def load_catalogue_file(path: Path) -> ProgrammeCatalogue:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogueFileInvalid(path.name, [f"cannot be read ({error.strerror})"]) from None
    return _parse_text(text, path.name)


def _parse_text(text: str, where: str) -> ProgrammeCatalogue:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogueFileInvalid(
            where, [f"not JSON (line {error.lineno}, column {error.colno})"]
        ) from None
    return parse_catalogue(raw, where)


@cache
def shipped_catalogue() -> ProgrammeCatalogue:
    """The catalogue shipped in the package (read once per process)."""
    text = resources.files("resettle.domain").joinpath(f"data/{SHIPPED_FILE}").read_text("utf-8")
    return _parse_text(text, SHIPPED_FILE)
