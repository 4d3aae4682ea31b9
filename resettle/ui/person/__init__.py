"""The person window: one person's case record in tabs (see ``window.py`` and ``tab.py``)."""

from resettle.ui.person.tab import PersonTab
from resettle.ui.person.window import DEFAULT_TABS, PersonWindow

__all__ = ["DEFAULT_TABS", "PersonTab", "PersonWindow"]
