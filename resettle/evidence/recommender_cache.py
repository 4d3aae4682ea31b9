"""A prepared recommender kept on disk between runs of a short-lived command.

``resettle recommend`` starts, recommends for one profile and exits. Without this, every run
validates the whole pack, checks its integrity and prepares the recommender, and building
the pack's validators alone is a good part of a start-up that must stay under 0.4 s
(docs/performance.md). So the prepared ``Recommender`` is pickled into a folder the caller
owns (the CLI uses ``<data dir>/cache``), under a name made from everything that decides it:
the pack's bytes, this format's number, the Python, Pydantic and Resettle versions, and the
size and modification time of every evidence and domain module. A changed pack or changed
code never reads an old entry.

A missing, unreadable, truncated or otherwise unusable entry is rebuilt from the pack; a
folder that cannot be written is simply not used. Only the newest entry is kept.

Pickle runs code named in the file it reads, so the folder must be one only the user can
write, like the rest of their data folder.
"""

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

import pydantic

from resettle import __version__
from resettle.evidence.loader import parse_pack_bytes
from resettle.evidence.recommender import Recommender
from resettle.private_files import make_private_folder

log = logging.getLogger(__name__)

#: Raise when what is pickled changes shape in a way file times would not show.
CACHE_FORMAT = 1
PREFIX = "recommender-"
SUFFIX = ".pickle"
_PACKAGE = Path(__file__).resolve().parents[1]
#: The code a prepared recommender is made of: its entry is stale when any of it changes.
_CODE_FOLDERS = (_PACKAGE / "evidence", _PACKAGE / "domain")


def cached_recommender(pack_bytes: bytes, source: str, folder: Path | None) -> Recommender:
    """The recommender for these pack bytes, from ``folder`` when an entry fits, else built
    (``PackInvalid`` as ``parse_pack_bytes`` raises it) and stored there for the next run.
    Without a folder it is simply built."""
    if folder is None:
        return Recommender(parse_pack_bytes(pack_bytes, source=source).pack)
    entry = folder / f"{PREFIX}{entry_key(pack_bytes)}{SUFFIX}"
    found = _read(entry)
    if found is not None:
        return found
    recommender = Recommender(parse_pack_bytes(pack_bytes, source=source).pack)
    _write(entry, recommender)
    return recommender


def entry_key(pack_bytes: bytes) -> str:
    """A digest of the pack and of everything in this process that shapes its recommender."""
    digest = hashlib.sha256(pack_bytes)
    versions = f"{CACHE_FORMAT}|{sys.version}|{pydantic.VERSION}|{__version__}"
    digest.update(versions.encode())
    for folder in _CODE_FOLDERS:
        for module in sorted(folder.glob("*.py")):
            stat = module.stat()
            digest.update(f"|{module.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def _read(entry: Path) -> Recommender | None:
    try:
        with entry.open("rb") as handle:
            found = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged entry of any kind is rebuilt, never fatal
        log.warning("Recommender cache entry unusable (%s); rebuilding it", type(error).__name__)
        return None
    if not isinstance(found, Recommender):
        log.warning("Recommender cache entry holds %s; rebuilding it", type(found).__name__)
        return None
    return found


def _write(entry: Path, recommender: Recommender) -> None:
    """Store ``recommender`` whole or not at all (a temporary file renamed into place), and
    remove older entries; a folder that cannot be written leaves the command uncached."""
    try:
        make_private_folder(entry.parent)  # in the data folder: 0700 like it
        descriptor, temporary = tempfile.mkstemp(prefix=".writing-", dir=entry.parent)
    except OSError as error:
        log.info("Recommender cache not written (%s)", type(error).__name__)
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            pickle.dump(recommender, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
    except (OSError, pickle.PicklingError) as error:
        log.warning("Recommender cache not written (%s)", type(error).__name__)
        _remove(Path(temporary))
        return
    for older in entry.parent.glob(f"{PREFIX}*{SUFFIX}"):
        if older != entry:
            _remove(older)


def _remove(file: Path) -> None:
    # A leftover file is harmless: entries are found by their exact name.
    with contextlib.suppress(OSError):
        file.unlink(missing_ok=True)
