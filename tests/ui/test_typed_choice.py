"""The typed choice (``ui/common/typed_choice.py``): any part of a name, any case, picks it;
text that names nothing is a problem naming the field, never a silent pick."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from resettle.ui.common.typed_choice import TypedChoiceCombo

PRISONS = [(1, "HMP Bristol"), (2, "HMP Pentonville"), (3, "HMP Leeds"), (4, "HMP Liverpool")]


def _combo(qtbot: Any) -> TypedChoiceCombo:
    combo = TypedChoiceCombo("establishment", "establishments")
    combo.setAccessibleName("Establishment")
    combo.set_choices(PRISONS, "Not recorded")
    qtbot.addWidget(combo)
    combo.show()
    qtbot.waitExposed(combo)
    combo.setFocus()
    return combo


def _type(qtbot: Any, combo: TypedChoiceCombo, text: str) -> None:
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), text)


def test_typing_part_of_a_name_in_any_case_and_enter_picks_it(qtbot: Any) -> None:
    combo = _combo(qtbot)
    assert combo.value() is None  # "Not recorded"
    _type(qtbot, combo, "pent")
    assert combo.pending
    assert combo.completer().popup().isVisible()
    assert combo.completer().completionCount() == 1
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert combo.value() == 2
    assert combo.currentText() == "HMP Pentonville"
    assert not combo.pending and combo.problem() == ""


def test_the_popup_lists_every_name_holding_the_text(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "L")
    completer = combo.completer()
    found = []
    for row in range(completer.completionCount()):
        completer.setCurrentRow(row)
        found.append(completer.currentCompletion())
    assert found == ["HMP Bristol", "HMP Pentonville", "HMP Leeds", "HMP Liverpool"]
    _type(qtbot, combo, "li")
    assert combo.completer().completionCount() == 1  # Liverpool, not "Bristol" ("l" + "i")


def test_text_matching_nothing_is_a_problem_naming_the_field(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "xyz")
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)
    assert combo.value() is None
    assert combo.currentText() == "xyz"  # kept, for the officer to correct
    assert combo.problem() == "Establishment: no establishment matches 'xyz'"


def test_text_matching_several_names_is_not_a_silent_pick(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "hmp")
    combo.take_typed()  # as on leaving the field
    assert combo.value() is None
    assert combo.problem() == (
        "Establishment: 'hmp' matches 4 establishments; choose one from the list"
    )


def test_the_whole_name_any_case_is_taken_and_empty_is_not_recorded(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "hmp leeds")
    assert combo.value() == 3 and combo.problem() == ""
    combo.lineEdit().clear()
    assert combo.value() is None and combo.problem() == ""
    combo.set_value(4)
    assert combo.currentText() == "HMP Liverpool" and combo.value() == 4
    combo.set_value(None)
    assert combo.currentText() == "Not recorded" and combo.value() is None


def test_leaving_the_field_takes_the_one_name_matched(qtbot: Any) -> None:
    combo = _combo(qtbot)
    _type(qtbot, combo, "BRIST")
    combo.completer().popup().hide()
    combo.lineEdit().editingFinished.emit()  # what Tab or a click elsewhere does
    assert combo.value() == 1 and combo.currentText() == "HMP Bristol"
