"""The suggestions checklist model without widgets: its cells and its tick boxes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from resettle.domain.plan import DueDate, PlanAction
from resettle.ui.plan.labels import due_text
from resettle.ui.plan.suggestions_dialog import SuggestionsModel

RELEASE = dt.date(2027, 1, 15)


def _suggestion(what: str, source: dict[str, object]) -> PlanAction:
    return PlanAction.model_validate(
        {
            "pathway": "finance_id",
            "what": what,
            "owner": "probation",
            "due": DueDate.relative(-7),
            "source": source,
        }
    )


def _model() -> SuggestionsModel:
    return SuggestionsModel(
        [
            _suggestion("Open a bank account", {"essential_kind": "bank_account"}),
            _suggestion("Apply for ID", {"support_need_id": 4}),
        ],
        RELEASE,
    )


def test_cells_say_what_where_who_when_and_from_what(qapp) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    rows = model.display_rows()
    assert [row[0] for row in rows] == ["Open a bank account", "Apply for ID"]
    assert rows[0][3] == due_text(DueDate.relative(-7), RELEASE)
    assert [row[4] for row in rows] == ["Release-day essential", "Support need"]
    assert model.headerData(4, Qt.Orientation.Horizontal) == "From"
    assert isinstance(model.data(model.index(0, 1), Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "Open a bank account"


def test_every_suggestion_starts_ticked_and_unticking_leaves_it_out(qapp) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    check = Qt.ItemDataRole.CheckStateRole
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(model.index(1, 0), check) == Qt.CheckState.Checked
    assert model.data(model.index(1, 1), check) is None
    assert model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, check)
    assert [a.what for a in model.chosen()] == ["Apply for ID"]
    model.tick_all(False)
    assert model.chosen() == []
    model.tick_all(True)
    assert len(model.chosen()) == 2
