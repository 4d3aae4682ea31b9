"""Small view helpers the tabs share: tables over row models, headings, value labels."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from resettle.ui.common.rows_model import SORT_ROLE

CONTENT_SAMPLE_ROWS = 40


def table_view(
    model: QAbstractItemModel,
    accessible_name: str,
    *,
    sortable: bool = False,
    stretch_column: int | None = None,
    parent: QWidget | None = None,
) -> QTableView:
    """A read-only, row-selecting table; sortable ones sit behind a proxy model."""
    view = QTableView(parent)
    if sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.setAccessibleName(accessible_name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Size columns from the first rows only: measuring every row of a long history (200 notes)
    # on each selection costs more than the window itself.
    header.setResizeContentsPrecision(CONTENT_SAMPLE_ROWS)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def keep_columns_whole(view: QTableView) -> None:
    """Make ``view`` at least as wide as its columns' contents and headers, so a splitter or a
    narrow window never elides a short list's names ("Children, families and commu…"); the
    page scrolls instead. Measured again whenever the rows change."""

    def measure() -> None:
        model = view.model()
        header = view.horizontalHeader()
        width = sum(
            max(header.sectionSizeHint(column), view.sizeHintForColumn(column))
            for column in range(model.columnCount())
            if not header.isSectionHidden(column)
        )
        scroll_bar = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(width + 2 * view.frameWidth() + scroll_bar)

    model = view.model()
    for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.dataChanged):
        signal.connect(lambda *_args: measure())
    measure()


def wrap_cells(view: QTableView) -> None:
    """Long cell text (an intervention's name, every reason it was left out) wraps onto more
    lines and each row grows to fit it, so nothing is cut short with "…" and read only by
    hovering. For short tables: every row is measured whenever the columns change width."""
    view.setWordWrap(True)
    rows = view.verticalHeader()
    rows.setMinimumSectionSize(rows.defaultSectionSize())  # one line keeps its usual height
    rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)


def source_row(view: QTableView) -> int | None:
    """The selected row in the view's source model (through a proxy if there is one)."""
    index = view.currentIndex()
    if not index.isValid():
        return None
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
    return index.row()


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def value_label(
    text: str = "", accessible_name: str = "", *, rich: bool = False, wrap: bool = True
) -> QLabel:
    """A read-only value people can select and copy (and screen readers can name).

    Plain text unless ``rich``: what users typed is never read as markup.
    """
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    return label


def note_label(text: str = "") -> QLabel:
    """Secondary text: smaller and muted."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def push_button(text: str) -> QPushButton:
    """A button whose accessible name is its text without the mnemonic marker."""
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setAutoDefault(False)
    return button
