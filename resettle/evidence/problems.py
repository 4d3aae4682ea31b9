"""Problems found in an evidence pack, and the errors that carry them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from resettle.domain.errors import DomainError

#: Pydantic error types mapped to the pack's stable problem codes.
_CODES = {
    "missing": "missing_field",
    "extra_forbidden": "unknown_field",
    "enum": "unknown_code",
    "literal_error": "unknown_code",
    "json_invalid": "invalid_json",
}


@dataclass(frozen=True, order=True)
class PackProblem:
    """One problem in a pack: where (``interventions[3].evidence[0].quality``), a stable
    code, and a message a pack editor understands."""

    location: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class PackInvalid(DomainError):
    """The pack cannot be used; ``problems`` lists every problem found."""

    code = "evidence.pack_invalid"

    def __init__(self, problems: Sequence[PackProblem], source: str = "pack") -> None:
        self.problems = list(problems)
        self.source = source
        count = len(self.problems)
        if count == 1:
            # One problem (a file that is not JSON at all, too deep, too large): one line.
            super().__init__(f"{source}: {self.problems[0]}")
            return
        lines = [f"{source}: {count} problem{'s' if count != 1 else ''}"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class PackImportRefused(DomainError):
    """A valid pack that may not replace the current one (e.g. not newer)."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def format_location(loc: Iterable[int | str]) -> str:
    """Turn a location tuple into text: ``interventions[3].evidence[0].quality``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(pack)"


def problems_from_validation_error(error: ValidationError) -> list[PackProblem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = [part for part in item["loc"] if not _is_tag(part)]
        code = _CODES.get(item["type"], "invalid_value")
        message = item["msg"]
        if code == "unknown_field":
            message = "unknown field"
        elif code == "missing_field":
            message = _missing_message(loc, item.get("input"))
        elif code == "unknown_code":
            message = f"unknown code {item.get('input')!r}: {item['msg']}"
        problems.append(PackProblem(format_location(loc), code, message))
    return problems


#: Why a field is needed, said when a pack leaves it out (fields a pack editor may not know).
_WHY_NEEDED = {
    "plain_title": "the plain-language title the person's copy prints in place of the name",
    "plain_sentence": "one sentence for the person, printed under the plain title",
}


def _missing_message(loc: list[int | str], parent: object) -> str:
    """``field required``, naming the item it is missing from by its id (an intervention's
    position alone does not tell a pack editor which one) and, for a field added to the
    schema later, what it is for."""
    message = "field required"
    item_id = parent.get("id") if isinstance(parent, dict) else None
    if isinstance(item_id, str) and item_id:
        message += f" in {item_id!r}"
    why = _WHY_NEEDED.get(str(loc[-1])) if loc else None
    return f"{message}: {why}" if why else message


def _is_tag(part: int | str) -> bool:
    # Pydantic adds validator names such as "function-after[...]" to some locations.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))
