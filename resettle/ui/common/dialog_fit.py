"""Growing a dialog to the height its wrapped texts need (a refusal, a long description)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def grow_to_fit(dialog: QWidget) -> None:
    """Grow ``dialog`` to the height its layout needs at the present width, so no wrapped
    text is clipped or drawn over the fields; never shrinks it."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = (
        layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
    )
    needed = max(needed, layout.minimumSize().height())
    if dialog.height() < needed:
        dialog.resize(width, needed)
