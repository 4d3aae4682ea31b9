"""Writing the erasure certificate (PDF) to a folder: beside the SQLite database unless the
user names another, and in the data folder for a database on a server.

The file is the user's own record of the erasure; its name carries the tombstone's number,
never the person's.
"""

from __future__ import annotations

from pathlib import Path

from resettle.domain.erasure import ErasureRecord
from resettle.private_files import write_file_safely
from resettle.reports.erasure_certificate import render_erasure_certificate
from resettle.services.workspace import Workspace
from resettle.storage.scrub import database_file


def certificate_folder(workspace: Workspace, data_dir: Path) -> Path:
    """Where a certificate goes when the user names no folder."""
    path = database_file(workspace.database.engine)
    return path.parent if path is not None else data_dir


def certificate_name(record: ErasureRecord) -> str:
    return f"erasure-certificate-{record.tombstone_id}-{record.erased_at:%Y%m%d}.pdf"


def write_certificate(record: ErasureRecord, folder: Path) -> Path:
    """Write the certificate into ``folder`` (made when missing); returns its path. Written
    to a temporary name first, so a failure leaves no half-written certificate; never over a
    file of that name (``FileExistsError``)."""
    target = folder / certificate_name(record)
    return write_file_safely(target, render_erasure_certificate(record), replace=False)
