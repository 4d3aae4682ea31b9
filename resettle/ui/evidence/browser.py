"""The evidence browser: every intervention of the pack in use, searchable and filtered, with
an EMMIE-style card for the one selected.

Open it with :func:`open_evidence_browser`; administrators can import a newer pack from it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import DomainError
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import Permission, has_permission
from resettle.evidence import EvidencePack
from resettle.evidence.codes import Setting
from resettle.services.evidence_browse import browse_evidence
from resettle.services.workspace import Workspace
from resettle.ui import saved_state
from resettle.ui.common import messages
from resettle.ui.common.screen_fit import fit_to_screen
from resettle.ui.common.views import table_view
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.evidence.intervention_card import intervention_html
from resettle.ui.evidence.intervention_models import (
    InterventionFilter,
    InterventionRow,
    InterventionsModel,
    intervention_rows,
)
from resettle.ui.evidence.pack_header import PackHeader
from resettle.ui.evidence.tables import fit_columns
from resettle.ui.evidence.words import dots, quality_short, quality_word, strength_text, word

GEOMETRY_KEY = "evidence_browser/geometry"
SPLITTER_KEY = "evidence_browser/splitter"


class EvidenceBrowser(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        intervention_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.pack: EvidencePack | None = None
        self.setWindowTitle(self.tr("Evidence browser — Resettle"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.setSizeGripEnabled(True)
        self._build()
        self.reload()
        if intervention_id is None or not self.select_intervention(intervention_id):
            self.table.selectRow(0)
        self._restore_geometry()

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = PackHeader()
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search by name, description, pathway, author"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName(self.tr("Search interventions"))
        self.pathway_filter = ChoiceCombo()
        self.pathway_filter.set_choices(
            [(p, word(p)) for p in Pathway], none_text=self.tr("All pathways")
        )
        self.pathway_filter.setAccessibleName(self.tr("Pathway"))
        self.setting_filter = ChoiceCombo()
        self.setting_filter.set_choices(
            [(s, word(s)) for s in Setting], none_text=self.tr("All settings")
        )
        self.setting_filter.setAccessibleName(self.tr("Setting"))
        self.quality_filter = ChoiceCombo()
        self.quality_filter.set_choices(
            [(0, self.tr("Any quality"))]
            + [
                (
                    q,
                    self.tr("%1 %2 or better")
                    .replace("%1", dots(q))
                    .replace("%2", quality_word(q)),
                )
                for q in range(1, 5)
            ]
        )
        self.quality_filter.setAccessibleName(self.tr("Minimum quality of evidence"))
        self.count_label = QLabel()

        filters = QHBoxLayout()
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search_box)
        filters.addWidget(search_label)
        filters.addWidget(self.search_box, 2)
        filters.addWidget(self.pathway_filter)
        filters.addWidget(self.setting_filter)
        filters.addWidget(self.quality_filter)
        filters.addWidget(self.count_label)

        self.model = InterventionsModel(self)
        self.table = table_view(self.model, self.tr("Interventions"), stretch_column=0)
        self.proxy = InterventionFilter(self.table)
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        fit_columns(
            self.table,
            {
                0: "Accredited cognitive-behavioural",  # the least the name is given
                1: "Education, skills and work",  # longer lists of pathways wrap
                2: "Through the gate",
                3: "Moderate",
                4: strength_text(0),
                5: quality_short(4),
                6: "3 (1 unverified)",
                7: "⚠ Possible harm",
            },
            stretch=0,
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.card = QTextBrowser()
        self.card.setOpenExternalLinks(True)
        self.card.setAccessibleName(self.tr("Intervention and its evidence"))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.card)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self.import_button = QPushButton(self.tr("&Import newer pack…"))
        self.import_button.setAccessibleName(self.tr("Import a newer evidence pack"))
        self.import_button.setToolTip(self.tr("Administrators: import a newer evidence pack file"))
        self.import_button.clicked.connect(self.import_pack)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        # Shown to administrators only (the service refuses everyone else anyway).
        self.import_button.setVisible(
            has_permission(self.workspace.actor, Permission.MANAGE_EVIDENCE)
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)

        self.search_box.textChanged.connect(self._filter_changed)
        self.pathway_filter.value_changed.connect(self._filter_changed)
        self.setting_filter.value_changed.connect(self._filter_changed)
        self.quality_filter.value_changed.connect(self._filter_changed)

    # --- state ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the pack in use again (after an import)."""
        try:
            catalogue = self.workspace.run(browse_evidence)
        except DomainError as error:
            messages.show_error(self, error, self.tr("Evidence pack"))
            return
        self.pack = catalogue.pack
        self.header.set_status(catalogue.status)
        self.model.set_rows(intervention_rows(catalogue.pack))
        self._filter_changed()

    def _filter_changed(self) -> None:
        chosen = self.selected()
        self.proxy.set_search(self.search_box.text())
        self.proxy.set_pathway(self.pathway_filter.value())
        self.proxy.set_setting(self.setting_filter.value())
        self.proxy.set_min_quality(self.quality_filter.value() or 0)
        self.count_label.setText(
            self.tr("%1 of %2")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(self.model.rowCount()))
        )
        if chosen is None or not self.select_intervention(chosen.intervention.id):
            self.table.selectRow(0)
        self._chosen()

    def selected(self) -> InterventionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.proxy.row_at(index.row())

    def select_intervention(self, intervention_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            found = self.proxy.row_at(row)
            if found is not None and found.intervention.id == intervention_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    def _chosen(self) -> None:
        row = self.selected()
        if row is None or self.pack is None:
            self.card.setHtml(
                f"<p>{self.tr('No intervention matches the search and filters.')}</p>"
                if self.proxy.rowCount() == 0
                else ""
            )
            return
        self.card.setHtml(intervention_html(self.pack, row.intervention))

    # --- actions -------------------------------------------------------------------------
    def import_pack(self) -> None:
        from resettle.ui.evidence.pack_import import import_pack_interactively

        import_pack_interactively(self, self.workspace, on_imported=lambda _meta: self.reload())

    def closeEvent(self, event: QCloseEvent) -> None:
        saved_state.save(
            **{GEOMETRY_KEY: self.saveGeometry(), SPLITTER_KEY: self.splitter.saveState()}
        )
        super().closeEvent(event)

    def _restore_geometry(self) -> None:
        if saved_state.restore(GEOMETRY_KEY, self.restoreGeometry):
            fit_to_screen(self)  # saved on a bigger screen: bring it back inside this one
        else:
            fit_to_screen(self, 1240, 860)
        if not saved_state.restore(SPLITTER_KEY, self.splitter.restoreState):
            self.splitter.setSizes([330, 470])


def open_evidence_browser(
    parent: QWidget | None, workspace: Workspace, intervention_id: str | None = None
) -> None:
    """Show the evidence browser (one per parent window: an open one is brought forward)."""
    if parent is not None:
        for existing in parent.findChildren(EvidenceBrowser):
            if existing.isVisible():
                if intervention_id is not None:
                    existing.select_intervention(intervention_id)
                existing.raise_()
                existing.activateWindow()
                return
    browser = EvidenceBrowser(workspace, parent, intervention_id)
    browser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:
        _unparented.append(browser)
        browser.destroyed.connect(lambda *_: _unparented.remove(browser))
    browser.show()


#: Browsers opened without a parent window, kept alive until they close.
_unparented: list[EvidenceBrowser] = []
