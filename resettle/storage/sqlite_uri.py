"""The one place an SQLite ``file:`` URI is built from a path.

A path is quoted (``Path.as_uri``): a folder named ``Team #2 ?%`` would otherwise end the
path at ``#`` or ``?`` (SQLite reads the rest as a fragment or parameters) and open, or
create, a different and empty file.
"""

from __future__ import annotations

from pathlib import Path


def sqlite_file_uri(path: Path | str, *, read_only: bool = False, immutable: bool = False) -> str:
    """The ``file:`` URI of the SQLite file ``path`` (absolute, quoted); read-only if asked,
    and ``immutable`` (read-only too: SQLite takes no locks and ignores any ``-wal`` file;
    only ``storage/sqlite_read_only.py`` decides when that is safe)."""
    uri = Path(path).absolute().as_uri()
    if immutable:
        return f"{uri}?mode=ro&immutable=1"
    return f"{uri}?mode=ro" if read_only else uri
