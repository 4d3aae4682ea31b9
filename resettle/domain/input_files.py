"""One safe reader for every file a command reads: size limit, strict UTF-8, no NUL, JSON
with a nesting limit.

Each refusal is an :class:`InputRefused` with a one-line message naming the file (or the
option that gave it) and where in it the problem is. JSON nesting is checked *before* the
recursive parser runs, by a scan of the brackets outside strings, so a file nested 200,000
deep is refused instead of exhausting the stack.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from resettle.domain.errors import DomainError
from resettle.domain.limits import IMPORT_FILE_MAX_BYTES, JSON_MAX_DEPTH

#: One token of the nesting scan: a bracket, or a JSON string, escapes included, up to its
#: closing quote, or, unterminated, up to the end of its line or of the text. The loop is
#: possessive (``*+``, never given back) and its two branches never match the same
#: character, so a string is matched once, from its opening quote, and never tried again
#: from a later quote inside it: each character is visited once (an earlier pattern that
#: required the closing quote was retried at every quote of an unterminated string: time
#: quadratic in the file, and a 200 KB file of escaped quotes hung any command reading it).
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*+"?|[\[\]{}]')


class InputRefused(DomainError):
    """A file (or piece of text) that cannot be used as input; nothing was read from it.

    ``kind`` is stable (``too_large``, ``unreadable``, ``not_utf8``, ``nul``, ``not_json``,
    ``too_deep``); ``where`` says where in the file (``line 3 column 5``, ``byte 12``) when
    known; ``reason`` is the problem in words, without the file's name.
    """

    code = "input.refused"

    def __init__(
        self, kind: str, label: str, reason: str, where: str | None = None, *, said: str = ""
    ) -> None:
        self.code = f"input.{kind}"
        self.kind = kind
        self.label = label
        self.reason = reason
        self.where = where
        at = f" ({where})" if where else ""
        super().__init__(said or f"{label} {reason}{at}")


def _named(path: Path, option: str | None) -> str:
    return f"{option}: {path}" if option else str(path)


def size_text(limit: int) -> str:
    """``50 MB``, ``512 KB``, ``100 bytes``."""
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    if limit >= 1024 and limit % 1024 == 0:
        return f"{limit // 1024} KB"
    return f"{limit} bytes"


def read_input_bytes(
    path: Path,
    *,
    label: str | None = None,
    option: str | None = None,
    max_bytes: int = IMPORT_FILE_MAX_BYTES,
) -> bytes:
    """The file's bytes; refused when it cannot be read or holds more than ``max_bytes``.
    Messages name the file as ``label`` (default: ``option`` and the path)."""
    named = label or _named(path, option)
    before = f"{option}: " if option else ""
    try:
        with Path(path).open("rb") as file:
            data = file.read(max_bytes + 1)
    except OSError as error:
        why = error.strerror or type(error).__name__
        raise InputRefused(
            "unreadable",
            named,
            f"cannot be read ({why})",
            said=f"{before}cannot read {path} ({why})",
        ) from None
    except ValueError:  # e.g. a path with a NUL in it
        raise InputRefused(
            "unreadable", named, "cannot be read", said=f"{before}cannot read that file name"
        ) from None
    check_size(data, label=named, max_bytes=max_bytes)
    return data


def check_size(data: bytes | str, *, label: str, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise InputRefused("too_large", label, f"is larger than {size_text(max_bytes)}")


def decode_text(data: bytes, *, label: str) -> str:
    """Strict UTF-8 (a byte-order mark is dropped); refused naming the byte and line of the
    first bad byte, or of the first NUL character."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputRefused(
            "not_utf8", label, "is not UTF-8 text", f"byte {error.start + 1}, line {line}"
        ) from None
    check_no_nul(text, label=label)
    return text


def check_no_nul(text: str, *, label: str) -> None:
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise InputRefused("nul", label, "holds a NUL character", f"line {line}")


def too_deep_at(text: str, max_depth: int = JSON_MAX_DEPTH) -> int | None:
    """The offset of the first bracket that opens a level deeper than ``max_depth``, counting
    only brackets outside JSON strings; None when the nesting is within the limit.

    One pass, linear in the text and not recursive (see ``_TOKEN``). A string that is not
    closed on its line ends there for this count; JSON refuses such a string anyway, before
    any bracket after it is read, so what the parser would nest is never under-counted.
    """
    depth = 0
    for token in _TOKEN.finditer(text):
        kind = token.group()[0]
        if kind == '"':
            continue
        if kind in "[{":
            depth += 1
            if depth > max_depth:
                return token.start()
        else:
            depth -= 1
    return None


def parse_json(text: str, *, label: str, max_depth: int = JSON_MAX_DEPTH) -> Any:
    """``json.loads`` with the nesting checked first; refused with the line and column of
    the problem."""
    deep = too_deep_at(text, max_depth)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        column = deep - (text.rfind("\n", 0, deep) + 1) + 1
        raise InputRefused(
            "too_deep",
            label,
            f"is nested more than {max_depth} levels deep",
            f"line {line} column {column}",
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise InputRefused(
            "not_json",
            label,
            f"is not valid JSON: {error.msg}",
            where,
            said=f"{label} is not valid JSON ({where}: {error.msg})",
        ) from None
    except (ValueError, RecursionError) as error:
        # e.g. a number of more than 4,300 digits.
        raise InputRefused(
            "not_json", label, f"is not valid JSON ({type(error).__name__})"
        ) from None


def read_text_file(
    path: Path,
    *,
    label: str | None = None,
    option: str | None = None,
    max_bytes: int = IMPORT_FILE_MAX_BYTES,
) -> str:
    """The file as text: size limit, strict UTF-8, no NUL."""
    named = label or _named(path, option)
    data = read_input_bytes(path, label=named, option=option, max_bytes=max_bytes)
    return decode_text(data, label=named)


def read_json_file(
    path: Path,
    *,
    label: str | None = None,
    option: str | None = None,
    max_bytes: int = IMPORT_FILE_MAX_BYTES,
) -> Any:
    """The file's JSON value: size limit, strict UTF-8, no NUL, nesting limit."""
    named = label or _named(path, option)
    text = read_text_file(path, label=named, option=option, max_bytes=max_bytes)
    return parse_json(text, label=named)
