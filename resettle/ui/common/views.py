"""Small view helpers the tabs share: tables over row models, headings, value labels."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel, Qt, QTimer
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
    wrap: bool = True,
    parent: QWidget | None = None,
) -> QTableView:
    """A read-only, row-selecting table; sortable ones sit behind a proxy model. Long text
    wraps (``wrap_cells``) unless ``wrap`` is False (a long list with a reading pane for the
    whole text, where measuring every row costs too much); the stretching column is never
    squeezed below its header's width (``keep_stretch_floor``): the table scrolls sideways."""
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
    if wrap:
        wrap_cells(view)
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
        keep_stretch_floor(view, stretch_column, header.sectionSizeHint(stretch_column))
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
    # Rows are measured when they change, not when a column narrows (a window or splitter
    # made smaller): measure them again then, once for a burst of column changes.
    again = QTimer(view)
    again.setSingleShot(True)
    again.setInterval(0)
    again.timeout.connect(lambda: rows.resizeSections(QHeaderView.ResizeMode.ResizeToContents))
    view.horizontalHeader().sectionResized.connect(lambda *_: again.start())


def keep_stretch_floor(view: QTableView, column: int, floor: int) -> None:
    """Let ``column`` of ``view`` stretch, never narrower than ``floor`` (set again by a second
    call)."""
    kept = view.findChild(StretchFloor)
    if isinstance(kept, StretchFloor):
        kept.column, kept.floor = column, floor
        kept.apply()
    else:
        StretchFloor(view, column, floor)


class StretchFloor(QObject):
    """Keeps ``column`` stretching over the room the other columns leave, but never narrower
    than ``floor``: below that it holds ``floor`` and the table scrolls sideways. Qt's stretch
    mode alone squeezes the column to a few letters in a narrow window (the evidence browser
    at 125% scaling showed an intervention's name one word a line over seven lines)."""

    def __init__(self, view: QTableView, column: int, floor: int) -> None:
        super().__init__(view)
        self.view, self.column, self.floor = view, column, floor
        view.viewport().installEventFilter(self)
        view.horizontalHeader().sectionResized.connect(self._other_resized)
        self.apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def _other_resized(self, column: int, _old: int, _new: int) -> None:
        if column != self.column:
            self.apply()

    def room(self) -> int:
        """The width the other columns leave in the viewport."""
        header = self.view.horizontalHeader()
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column != self.column and not header.isSectionHidden(column)
        )
        return self.view.viewport().width() - others

    def apply(self) -> None:
        header = self.view.horizontalHeader()
        stretch = self.room() >= self.floor
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        if header.sectionResizeMode(self.column) != mode:
            header.setSectionResizeMode(self.column, mode)
        if not stretch and header.sectionSize(self.column) != self.floor:
            header.resizeSection(self.column, self.floor)


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
