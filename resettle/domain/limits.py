"""Documented maxima the domain checks, each named in the message that refuses it."""

from __future__ import annotations

#: Largest file a command reads as input (a profile, a people file, a marks file, a
#: programme file, a mapping file): 50 MB.
IMPORT_FILE_MAX_BYTES = 50 * 1024 * 1024

#: Largest evidence pack file: 20 MB (the embedded pack is well under 1 MB).
PACK_FILE_MAX_BYTES = 20 * 1024 * 1024

#: Deepest nesting of lists and objects a JSON input may have. Resettle's own files nest a
#: few levels; the parser's recursion is never reached.
JSON_MAX_DEPTH = 64
