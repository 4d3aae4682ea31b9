"""Programme delivery in the GUI for prison staff: so far the attendance register of a session.

Entry point: :class:`~resettle.ui.programmes.register_view.RegisterView` (a widget the
Programmes view places; it emits ``save_requested`` with the whole register).
"""
