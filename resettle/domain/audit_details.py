"""What an audit row's details may hold: codes, never words.

Audit rows are never erased, so anything put in their details outlives every erasure of the
person. Details are a JSON object whose values are, at any depth, null, true or false,
integers, short code-like strings (``CODE_PATTERN``: letters, digits and ``_ . : + -``, which
covers codes, ids, ISO dates and times and hex digests, and no spaces, so no typed sentence
fits), lists of those, or objects with code keys holding those; the whole, in canonical form
(``audit_chain.canonical_details``), at most ``MAX_CANONICAL_CHARACTERS``. No floats: nothing
Resettle records needs one, and their text form differs between Python and PostgreSQL. Keys
that rows before migration 0018 used for a disclosure's typed words, and the marker of a
changed note, are never written now (``RETIRED_KEYS``): a row holding them would be shown as
a disclosure's words.

The Python path checks this before every append (``services/audit.py``), and on PostgreSQL
the logins' append function applies the same rule in SQL (``storage/postgres_audit.py``, which
reads the constants here).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_chain import canonical_details
from resettle.domain.disclosure_notes import NOTE_CHANGED_KEY, TYPED_KEYS

#: A value or key string: what a code, id, ISO date or time, or hex digest is written with.
CODE_PATTERN = r"^[A-Za-z0-9_.:+-]{1,100}$"
#: The details' canonical JSON, at most (characters; every allowed character is one byte).
MAX_CANONICAL_CHARACTERS = 4096
#: Integers beyond these do not round-trip through every JSON reader (PostgreSQL's numeric
#: does; JavaScript's doubles do not): more than any id or count Resettle records.
MAX_INTEGER = 2**53 - 1

#: Keys no new row may hold, at any depth.
RETIRED_KEYS = (*TYPED_KEYS, NOTE_CHANGED_KEY)

_CODE = re.compile(CODE_PATTERN)


class AuditDetailsRefused(ValueError):
    """A programming error: a caller passed details the audit trail may not hold. The
    message names the key, never the value (which may be personal data)."""


def _check_value(value: Any, where: str) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_INTEGER:
            raise AuditDetailsRefused(f"audit details {where}: integer out of range")
        return
    if isinstance(value, str):
        if not _CODE.fullmatch(value):
            raise AuditDetailsRefused(f"audit details {where}: not a code")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_value(item, f"{where}[{index}]")
        return
    if isinstance(value, Mapping):
        _check_object(value, where)
        return
    raise AuditDetailsRefused(f"audit details {where}: a {type(value).__name__} is not allowed")


def _check_object(details: Mapping[Any, Any], where: str) -> None:
    for key, value in details.items():
        if not isinstance(key, str) or not _CODE.fullmatch(key):
            raise AuditDetailsRefused(f"audit details {where or 'object'}: a key is not a code")
        if key in RETIRED_KEYS:
            raise AuditDetailsRefused(f"audit details: {key} is not written any more")
        _check_value(value, f"{where}.{key}" if where else key)


def check_audit_details(details: Mapping[str, Any]) -> None:
    """Raise ``AuditDetailsRefused`` unless ``details`` keep the rule above."""
    if not isinstance(details, Mapping):
        raise AuditDetailsRefused("audit details must be an object")
    _check_object(details, "")
    if len(canonical_details(details)) > MAX_CANONICAL_CHARACTERS:
        raise AuditDetailsRefused(
            f"audit details longer than {MAX_CANONICAL_CHARACTERS} characters"
        )
