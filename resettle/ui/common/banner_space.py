"""Banners that come and go without moving what is under them (user trial: the controls under
a read-only or notice banner jumped each time it appeared).

A banner keeps its room while hidden (``keep_room``): the controls under it stay where they
are, whether it shows or not. Use it where a banner comes and goes while the user works (a
message line after each action, a caption that depends on the tab on show); a banner that only
ever appears before the window is shown needs nothing."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def keep_room(widget: QWidget, keep: bool = True) -> None:
    """``widget`` keeps its room in the layout while hidden (``keep`` False: gives it up)."""
    policy = widget.sizePolicy()
    if policy.retainSizeWhenHidden() is not keep:
        policy.setRetainSizeWhenHidden(keep)
        widget.setSizePolicy(policy)


def keep_one_line(label: QLabel) -> None:
    """A banner label keeps the room of one line of its text (padding included) while it is
    hidden or empty, so a one-line message appears and goes without moving anything."""
    shown = label.text()
    label.setText("X")
    label.setMinimumHeight(label.sizeHint().height())
    label.setText(shown)
    keep_room(label)
