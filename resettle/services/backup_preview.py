"""What a restore would do, found out before anyone is asked to confirm it.

``preview_restore`` makes the same checks a restore makes first (administrator, the file given,
its manifest, the backend and the checksum) without changing anything, and says when the
backup was made and which schema it holds, so the CLI and the administration window confirm a
restore with the backup's date in front of the person. A refusal here is the refusal the
restore itself would give.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from resettle.services.backup import may_restore
from resettle.services.workspace import Workspace
from resettle.storage import backup_files, backups
from resettle.storage.backups import BackupProblem


@dataclass(frozen=True)
class RestorePreview:
    backup: Path
    #: When the backup was made, in the computer's local time.
    made_at: dt.datetime
    schema_revision: str | None
    resettle_version: str


def preview_restore(workspace: Workspace, backup: Path) -> RestorePreview:
    """The backup ``backup`` checked (nothing changed); refused as ``restore`` would be."""
    workspace.run(may_restore)
    manifest = backup_files.checked_backup(backup)
    backend = "sqlite" if workspace.database.is_sqlite else "postgresql"
    if manifest.backend != backend:
        raise BackupProblem(
            f"The backup {backup} is of a {manifest.backend} database; this one is {backend}. "
            "Nothing was restored."
        )
    backups.verify_checksum(backup, manifest)
    try:
        made = manifest.created.astimezone()
    except (TypeError, ValueError):
        raise BackupProblem(
            f"The manifest {backups.manifest_path(backup)} has no valid time of making "
            "(created_at). Nothing was restored."
        ) from None
    return RestorePreview(backup, made, manifest.schema_revision, manifest.resettle_version)
