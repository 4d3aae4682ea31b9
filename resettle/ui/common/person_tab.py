"""What every tab of the person window is: a widget that shows a case record and may edit it.

To add a tab, subclass :class:`PersonTab`, build widgets in ``__init__`` (call
``super().__init__(session, parent)`` first), set :attr:`TITLE`, implement :meth:`load`, and, if
the tab holds edits that wait for Save, :attr:`dirty`, :attr:`valid` and :meth:`writes` (call
:meth:`notify` after every edit). Then list the class in ``PERSON_TABS`` in
``ui/person/window.py`` if it belongs to the person's own record, or in ``PERSON_WINDOW_TABS``
in ``ui/screens.py`` if it comes from another screen package (or pass ``tabs=[...]`` to
:class:`~resettle.ui.person.window.PersonWindow`). A tab whose edits save at
once (through dialogs) keeps the defaults: never dirty, nothing to save.

The window builds a tab when it is first shown and then calls ``set_read_only`` and
``load(record)``; once built, ``refresh`` after every save, ``load`` again after a reload, and
``writes`` for Save: the window runs every dirty tab's writes in order, off the UI thread, and
stops at the first refusal. A tab not built yet has no edits and reads the latest record
when it is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QWidget

from resettle.domain.case_record import CaseRecord
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.record_writes import Write
from resettle.ui.common.tab_access import TabAccess


def caption(factory: object) -> str:
    """The translated caption of a tab class (its ``TITLE``), without building the tab."""
    name = getattr(factory, "__name__", "PersonTab")
    return QCoreApplication.translate(name, getattr(factory, "TITLE", ""))


class PersonTab(QWidget):
    #: The parts of the record this tab's unsaved edits change (``RecordPart`` values, or
    #: ``changes.PLAN``): while it is dirty, a change made elsewhere to them is a conflict.
    edits_parts: tuple[str, ...] = ()
    #: Emitted when ``dirty`` flips.
    dirty_changed = Signal(bool)
    #: Emitted after any edit (dirty or validity may have changed).
    state_changed = Signal()
    #: Asks the window to show an item of another part of the record (part, key), e.g.
    #: (``RecordPart.ESSENTIALS``, ``EssentialKind.GP_REGISTRATION``): the tab that holds it
    #: (:meth:`show_item`) is shown with the item.
    go_to = Signal(str, object)
    #: Says this tab changed an item of another part (part, key), e.g. (``changes.PLAN``, the
    #: source of the plan action Add to plan added): the tab that holds it selects it
    #: (:meth:`show_item`) for when the officer turns to it, without being shown now.
    changed_item = Signal(str, object)

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._was_dirty = False

    # --- to implement --------------------------------------------------------------------
    #: The tab's caption before translation; also listed in Help > Keyboard shortcuts.
    TITLE: ClassVar[str] = ""
    #: Which permission shows the tab and which makes it editable (``tab_access.py``).
    ACCESS: ClassVar[TabAccess] = TabAccess()

    def title(self) -> str:
        """The tab's caption, translated."""
        return caption(type(self))

    def load(self, record: CaseRecord) -> None:
        """Show ``record``, dropping any unsaved edits."""
        raise NotImplementedError

    @property
    def dirty(self) -> bool:
        """True while the tab holds edits that Save would write."""
        return False

    @property
    def valid(self) -> bool:
        """False while the edits could not be saved (problems are shown by the fields)."""
        return True

    def confirm_save(self) -> bool:
        """Asked before Save writes this tab's edits: False when the user, warned of what
        the edits will change elsewhere, keeps editing instead. Nothing to warn of: True."""
        return True

    def writes(self) -> list[Write]:
        """What Save runs for this tab's edits, in order: usually
        ``self.session.part_write(self, action, form.show_problems, part=..., saved=...)``,
        whose ``saved`` marks the edits saved. After them the window reads the record again and
        calls :meth:`refresh`; a refusal leaves the edits on screen with the problems shown."""
        return []

    def reveal_problems(self, focus: bool = True) -> list[str]:
        """Save was pressed while the tab is not :attr:`valid`: show every problem at once, by
        its field and listed at the top (``Form.reveal``), with the keyboard on the first
        when ``focus``; return the messages, each naming its field."""
        return []

    def show_item(self, part: str, key: object) -> bool:
        """Show the item ``key`` of ``part`` if this tab holds it (see :attr:`go_to`);
        False if it does not."""
        return False

    def set_read_only(self, read_only: bool) -> None:
        """Called after building, and again when the case is closed or reopened: editing
        off for roles that cannot edit and while the case is closed."""

    # --- provided ------------------------------------------------------------------------
    def refresh(self, record: CaseRecord) -> None:
        """The record changed after a save. Tabs without edits show it; a tab with edits keeps
        them (override to update its read-only parts too)."""
        if not self.dirty:
            self.load(record)

    def discard(self) -> None:
        """Drop unsaved edits: show the record as last read."""
        self.load(self.session.record)
        self.notify()

    def notify(self) -> None:
        """Call after every edit: tells the window to update Save and the tab's caption."""
        dirty = self.dirty
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirty_changed.emit(dirty)
        self.state_changed.emit()


#: What a window's tab list holds: a PersonTab subclass (or any callable taking the session).
TabFactory = Callable[[CaseRecordSession], PersonTab]
