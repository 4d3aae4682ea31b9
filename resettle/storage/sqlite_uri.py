"""The one place an SQLite ``file:`` URI is built from a path.

A path is quoted (``Path.as_uri``): a folder named ``Team #2 ?%`` would otherwise end the
path at ``#`` or ``?`` (SQLite reads the rest as a fragment or parameters) and open, or
create, a different and empty file.
"""

from __future__ import annotations

from pathlib import Path


def sqlite_file_uri(path: Path | str, *, read_only: bool = False) -> str:
    """The ``file:`` URI of the SQLite file ``path`` (absolute, quoted); read-only if asked."""
    uri = Path(path).absolute().as_uri()
    return f"{uri}?mode=ro" if read_only else uri
