"""Opens the workspace once, on first use by a command, and closes it at exit."""

from __future__ import annotations

from resettle.services.workspace import Workspace, open_workspace
from resettle.settings import Settings


class WorkspaceOpener:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._workspace: Workspace | None = None

    def open(self) -> Workspace:
        if self._workspace is None:
            self._workspace = open_workspace(self.settings)
        return self._workspace

    def close(self) -> None:
        if self._workspace is not None:
            self._workspace.close()
            self._workspace = None
