"""The pure part of importing a newer pack: validate, then refuse anything not newer.

Storing the accepted bytes (``LoadedPack.raw``) and writing the audit row belong to the
services layer, which re-loads stored bytes with ``load_pack_with_fallback``.
"""

from __future__ import annotations

from resettle.evidence.loader import LoadedPack, parse_pack_bytes
from resettle.evidence.problems import PackImportRefused
from resettle.evidence.semver import parse_version


def check_import(
    current: LoadedPack, candidate_bytes: bytes, source: str = "<import>"
) -> LoadedPack:
    """Return the candidate as a ``LoadedPack`` if it is valid and newer than ``current``.

    Raises ``PackInvalid`` (every problem listed) for a bad file and
    ``PackImportRefused`` (code ``not_newer``) for an older or equal version.
    """
    candidate = parse_pack_bytes(candidate_bytes, source=source)
    if parse_version(candidate.version) <= parse_version(current.version):
        relation = "the same as" if candidate.version == current.version else "older than"
        raise PackImportRefused(
            "not_newer",
            f"Pack version {candidate.version} is {relation} the pack in use "
            f"({current.version}); only a newer pack can be imported.",
        )
    return candidate
