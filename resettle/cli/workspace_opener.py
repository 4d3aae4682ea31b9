"""Opens the workspace once, on first use by a command, and closes it at exit.

The database machinery is imported on first use, so commands that never open the
workspace do not load SQLAlchemy or the migrations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from resettle.settings import Settings

if TYPE_CHECKING:
    from resettle.services.workspace import Workspace


class WorkspaceOpener:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._workspace: Workspace | None = None

    def open(self) -> Workspace:
        if self._workspace is None:
            from resettle.services.workspace import open_workspace

            self._workspace = open_workspace(self.settings)
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
