"""The list of common passwords shipped with Resettle, read once per process.

The list is `assets/common-passwords.txt.gz` (Django's list of 20,000 common passwords, see
`assets/common-passwords.NOTICE`): gzip-compressed UTF-8, one lower-cased password a line.
A list that is missing, unreadable or suspiciously short raises
:class:`CommonPasswordsUnavailable` instead of being taken as empty: an empty list would let
every password through the policy without anyone noticing.
"""

from __future__ import annotations

import gzip
import zlib
from functools import cache
from pathlib import Path

from resettle.asset_paths import AssetsMissingError, asset_path

ASSET_NAME = "common-passwords.txt.gz"
#: The shipped list has 20,000 entries; fewer than this means a damaged or wrong file.
MIN_ENTRIES = 10_000


class CommonPasswordsUnavailable(RuntimeError):
    """The shipped list of common passwords cannot be read (a packaging fault, not a user's)."""


def read_common_passwords(path: Path) -> frozenset[str]:
    """Every entry of the gzip-compressed list at *path*, lower-cased."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            entries = frozenset(line.strip().lower() for line in handle)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise CommonPasswordsUnavailable(
            f"Resettle's list of common passwords ({path}) cannot be read: "
            f"{type(error).__name__}. Reinstall Resettle."
        ) from error
    entries -= {""}
    if len(entries) < MIN_ENTRIES:
        raise CommonPasswordsUnavailable(
            f"Resettle's list of common passwords ({path}) has only {len(entries)} entries "
            f"(at least {MIN_ENTRIES} expected). Reinstall Resettle."
        )
    return entries


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, read on first use and kept for the life of the process."""
    try:
        path = asset_path(ASSET_NAME)
    except AssetsMissingError as error:
        raise CommonPasswordsUnavailable(str(error)) from error
    return read_common_passwords(path)
