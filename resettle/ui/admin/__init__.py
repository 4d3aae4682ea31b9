"""The administration window: accounts, teams and establishments (administrators only).

Nothing here shows case content. The window takes the workspace and runs every read and change
through its ``run``; the services check the permission and audit every change.
"""

from resettle.ui.admin.window import AdministrationWindow

__all__ = ["AdministrationWindow"]
