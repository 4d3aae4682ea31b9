"""Limits on what Resettle accepts, named in the messages that refuse more."""

from __future__ import annotations

#: The largest caseload import file (``resettle import people``, the Import dialog).
IMPORT_FILE_MAX_BYTES = 64 * 1024 * 1024
#: The most rows one caseload import reads.
IMPORT_ROWS_MAX = 200_000
#: The longest cell of an import file (characters).
IMPORT_CELL_MAX_CHARS = 2_000
