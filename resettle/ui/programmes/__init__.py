"""Programme delivery in the GUI for prison staff, the programme team and managers.

Entry points: :class:`~resettle.ui.programmes.delivery_window.ProgrammesWindow` (the
Programmes view: offerings, groups and sessions, today's sessions), opened from the main
window's Programmes menu for the roles of :data:`PROGRAMME_VIEW_ROLES`; and
:class:`~resettle.ui.programmes.register_view.RegisterView` (the attendance register of a
session, a widget the Programmes view will place; it emits ``save_requested`` with the whole
register).
"""

from __future__ import annotations

from resettle.domain.staff import Actor, Role

#: Roles the Programmes view is for: they work in or manage establishments.
PROGRAMME_VIEW_ROLES = frozenset({Role.PRISON_STAFF, Role.PROGRAMME_TEAM, Role.MANAGER})


def may_open_programmes(actor: Actor) -> bool:
    """Whether the main window offers the Programmes view (the services decide what the
    account may do in it)."""
    return bool(actor.roles & PROGRAMME_VIEW_ROLES)
