"""The person window and the tabs of the person's own record (see ``window.py``).

The base class of every tab, :class:`~resettle.ui.common.person_tab.PersonTab`, and the shared
case-record session live in ``resettle.ui.common``; ``resettle.ui.screens`` adds the plan and
recommendations tabs to the window.
"""

from resettle.ui.person.window import PERSON_TABS, PersonWindow

__all__ = ["PERSON_TABS", "PersonWindow"]
