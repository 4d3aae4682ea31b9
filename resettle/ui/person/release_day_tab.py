"""Release day: the ten essentials for the day the person walks out, and release readiness.

Edits to any essential wait for Save (each kind keeps its own); Save writes every changed one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QVBoxLayout, QWidget

from resettle.domain.case_record import CaseRecord
from resettle.domain.essentials import EssentialKind, open_counts
from resettle.domain.permissions import Permission
from resettle.domain.readiness import ReadinessLevel
from resettle.domain.record_parts import RecordPart
from resettle.services.case_record.essentials import save_essential
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.labels import date_text, label
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import (
    keep_columns_whole,
    note_label,
    source_row,
    table_view,
    value_label,
)
from resettle.ui.person.essential_form import EssentialPage
from resettle.ui.person.release_day_models import EssentialsModel, essential_rows

KINDS = list(EssentialKind)
_LEVEL_COLOURS = {
    ReadinessLevel.READY: "#107c10",
    ReadinessLevel.ON_TRACK: "#107c10",
    ReadinessLevel.AT_RISK: "#8a5300",
    ReadinessLevel.URGENT: "#a4262c",
    ReadinessLevel.OVERDUE: "#a4262c",
    ReadinessLevel.RELEASED_NO_PLAN: "#a4262c",
    ReadinessLevel.NO_RELEASE_DATE: "#8a5300",
    ReadinessLevel.PLAN_NOT_AGREED: "#8a5300",
}


class ReleaseDayTab(PersonTab):
    ACCESS = TabAccess(edit=Permission.EDIT_ESSENTIALS)
    TITLE = "Release day"
    edits_parts = (RecordPart.ESSENTIALS.value,)

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        #: Built when first shown (ten forms cost time at opening); only shown pages can be
        #: edited, so the others are never dirty.
        self.pages: dict[EssentialKind, EssentialPage] = {}
        self._read_only = False
        self._build()

    def _build(self) -> None:
        self.readiness = value_label(accessible_name=self.tr("Release readiness"), rich=True)
        self.readiness_detail = note_label()
        self.essentials = EssentialsModel(self)
        self.table = table_view(
            self.essentials, self.tr("Release-day essentials"), stretch_column=0
        )
        keep_columns_whole(self.table)  # long pathway and essential names stay whole
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: (
                self.show_kind(KINDS[current.row()]) if current.isValid() else None
            )
        )
        self.stack = QStackedWidget()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 6, 0)
        column.addWidget(self.readiness)
        column.addWidget(self.readiness_detail)
        column.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([540, 520])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def page(self, kind: EssentialKind) -> EssentialPage:
        """The form of ``kind``, built and filled from the record on first use."""
        page = self.pages.get(kind)
        if page is None:
            page = EssentialPage(kind)
            self.pages[kind] = page
            self.stack.addWidget(page)
            page.form.set_read_only(self._read_only)
            page.form.load(self._saved(kind))
            page.form.changed.connect(self._edited)
        return page

    def _saved(self, kind: EssentialKind) -> dict[str, Any]:
        essential = next(e for e in self.session.record.essentials if e.kind is kind)
        return essential.model_dump()

    def show_kind(self, kind: EssentialKind) -> EssentialPage:
        page = self.page(kind)
        self.stack.setCurrentWidget(page)
        row = KINDS.index(kind)
        if self.table.currentIndex().row() != row:
            self.table.selectRow(row)
        return page

    def _edited(self) -> None:
        self._show_table(self.session.record)
        self.notify()

    def _show_table(self, record: CaseRecord) -> None:
        current = source_row(self.table)
        edited = {kind: page.form.values() for kind, page in self.pages.items() if page.form.dirty}
        self.essentials.set_rows(essential_rows(record.essentials, edited))
        self.table.selectionModel().blockSignals(True)
        self.table.selectRow(current if current is not None else 0)
        self.table.selectionModel().blockSignals(False)

    def _show_readiness(self, record: CaseRecord) -> None:
        result = record.readiness
        colour = _LEVEL_COLOURS[result.level]
        shown = f"<b style='color:{colour}'>{label(result.level)}</b>"
        self.readiness.setText(
            self.tr("Readiness: %1").replace("%1", shown)
            if not result.shows_score
            else self.tr("Readiness: %1 (%2 of 100)")
            .replace("%1", shown)
            .replace("%2", str(result.score))
        )
        critical, other = open_counts(record.essentials)
        detail = (
            self.tr("%1 critical and %2 other essentials still open.")
            .replace("%1", str(critical))
            .replace("%2", str(other))
        )
        release = record.person.profile.release_date
        detail += " " + (
            self.tr("Release date %1.").replace("%1", date_text(release))
            if release
            else self.tr("No release date recorded.")
        )
        self.readiness_detail.setText(detail)

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        for essential in record.essentials:
            if essential.kind in self.pages:
                self.pages[essential.kind].form.load(essential.model_dump())
        self._show_readiness(record)
        self._show_table(record)
        self.show_kind(KINDS[source_row(self.table) or 0])
        self.notify()

    def refresh(self, record: CaseRecord) -> None:
        """Keep unsaved essentials; show the rest (and readiness) as saved."""
        for essential in record.essentials:
            page = self.pages.get(essential.kind)
            if page is not None and not page.form.dirty:
                page.form.load(essential.model_dump())
        self._show_readiness(record)
        self._show_table(record)
        self.notify()

    def show_item(self, part: str, key: object) -> bool:
        if part != RecordPart.ESSENTIALS.value or not isinstance(key, EssentialKind):
            return False
        page = self.show_kind(key)
        first = next(iter(page.form.fields.values()))
        first.widget.setFocus()
        return True

    def edited_kinds(self) -> list[EssentialKind]:
        return [kind for kind in KINDS if kind in self.pages and self.pages[kind].form.dirty]

    @property
    def dirty(self) -> bool:
        return bool(self.edited_kinds())

    @property
    def valid(self) -> bool:
        return all(self.pages[kind].form.valid for kind in self.edited_kinds())

    def reveal_problems(self, focus: bool = True) -> list[str]:
        """Every edited essential's problems, each with the essential's name; the first such
        essential is shown with its problems by the fields."""
        failing = [kind for kind in self.edited_kinds() if not self.pages[kind].form.valid]
        if failing:
            self.show_kind(failing[0])
        messages = []
        for index, kind in enumerate(failing):
            found = self.pages[kind].form.reveal(focus and index == 0)
            messages += [f"{label(kind)}: {problem.message}" for problem in found]
        return messages

    def writes(self) -> list[Write]:
        person_id = self.session.person_id
        writes = []
        for kind in self.edited_kinds():
            form = self.pages[kind].form
            data = form.values()

            def write(actor: Any, uow: Any, version: int, data: dict[str, Any] = data) -> int:
                return save_essential(actor, uow, person_id, version, data)

            step = self.session.part_write(
                self,
                write,
                form.show_problems,
                part=RecordPart.ESSENTIALS,
                saved=form.accept_current,
            )
            writes.append(step.shown_by(lambda kind=kind: self.show_kind(kind)))
        return writes

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for page in self.pages.values():
            page.form.set_read_only(read_only)
