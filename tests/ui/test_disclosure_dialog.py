"""The justification dialog's short text fields: never cut, counted against their limit."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication

from resettle.domain.disclosure import TEXT_MAX, Justification
from resettle.ui.common.disclosure_dialog import DisclosureDialog


def _dialog(qtbot: Any) -> DisclosureDialog:
    dialog = DisclosureDialog("Print the plan", "&Print", default=Justification.OTHER)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_details_say_how_much_of_the_limit_is_used(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    counter = dialog.counters["justification_text"]
    assert counter.text() == f"0 of {TEXT_MAX}"
    dialog.details.setText("x" * 120)
    assert counter.text() == f"120 of {TEXT_MAX}"


def test_a_long_paste_is_kept_whole_and_refused_until_shortened(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    chosen: list[object] = []
    dialog.chosen.connect(chosen.append)
    note = "word " * 50  # 250 characters, the limit falls mid-word
    QGuiApplication.clipboard().setText(note)
    dialog.details.setFocus()
    dialog.details.paste()
    assert dialog.details.text() == note  # nothing cut silently
    counter = dialog.counters["justification_text"]
    assert counter.text() == f"250 of {TEXT_MAX}: too long by 50"
    dialog.submit()
    assert chosen == [] and dialog.problems["justification_text"].text()
    dialog.details.setText(note[:TEXT_MAX].strip())
    dialog.submit()
    assert len(chosen) == 1
