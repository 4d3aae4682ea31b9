"""The evidence browser's list: every intervention of the pack, searchable and filtered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QColor

from resettle.domain.pathways import Pathway
from resettle.domain.search import fold, search_terms
from resettle.evidence import EvidencePack, Intervention
from resettle.evidence.codes import EffectDirection, Setting
from resettle.evidence.scoring import record_strength
from resettle.ui.common.rows_model import ROW_ROLE, SORT_ROLE, Column, RowsTableModel
from resettle.ui.evidence.html_parts import HARM_COLOUR
from resettle.ui.evidence.words import (
    pathways_text,
    quality_short,
    quality_text,
    strength_text,
    tr,
    word,
)


@dataclass(frozen=True)
class InterventionRow:
    intervention: Intervention
    #: The highest normalised quality (0-4) among its records.
    best_quality: int
    #: The best record's quality x effect weight (what the recommender scores).
    strength: float
    harmful: bool
    #: Folded text the search box matches: name, description, pathways, setting, citations.
    search_text: str

    @property
    def unverified_count(self) -> int:
        return sum(1 for r in self.intervention.evidence if r.verification.status == "unverified")


def intervention_rows(pack: EvidencePack) -> list[InterventionRow]:
    rows = []
    for item in pack.interventions:
        citations = []
        for record in item.evidence:
            try:
                citations.append(pack.citation(record.citation_id).authors)
            except KeyError:
                continue
        harmful = item.harm.flagged or any(
            r.effect.direction is EffectDirection.HARMFUL for r in item.evidence
        )
        rows.append(
            InterventionRow(
                intervention=item,
                best_quality=max(r.quality for r in item.evidence),
                strength=max(record_strength(r) for r in item.evidence),
                harmful=harmful,
                search_text=fold(
                    " ".join(
                        [
                            item.name,
                            item.description,
                            pathways_text(item.pathways),
                            word(item.setting),
                            *citations,
                        ]
                    )
                ),
            )
        )
    return sorted(rows, key=lambda r: r.intervention.name.casefold())


class InterventionsModel(RowsTableModel[InterventionRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("Intervention"),
                    lambda r: r.intervention.name,
                    tooltip=lambda r: r.intervention.description,
                    sort_key=lambda r: r.intervention.name.casefold(),
                ),
                Column(
                    self.tr("Pathways"),
                    lambda r: pathways_text(r.intervention.pathways),
                    tooltip=lambda r: pathways_text(r.intervention.pathways),
                ),
                Column(self.tr("Setting"), lambda r: word(r.intervention.setting)),
                Column(
                    self.tr("Intensity"),
                    lambda r: word(r.intervention.intensity),
                    sort_key=lambda r: r.intervention.intensity.rank,
                ),
                Column(
                    self.tr("Strength"),
                    lambda r: strength_text(r.strength),
                    sort_key=lambda r: r.strength,
                    tooltip=lambda r: tr(
                        "Best record's quality x effect weight (what recommendations score)."
                    ),
                ),
                Column(
                    self.tr("Best quality"),
                    lambda r: quality_short(r.best_quality),
                    tooltip=lambda r: quality_text(r.best_quality),
                    sort_key=lambda r: r.best_quality,
                ),
                Column(
                    self.tr("Records"),
                    lambda r: _records_text(r),
                    sort_key=lambda r: len(r.intervention.evidence),
                    align_right=True,
                ),
                Column(
                    self.tr("Harm"),
                    lambda r: tr("⚠ Possible harm") if r.harmful else "",
                    tooltip=lambda r: r.intervention.harm.reason if r.harmful else None,
                    colour=lambda r: QColor(HARM_COLOUR) if r.harmful else None,
                    sort_key=lambda r: (not r.harmful, r.intervention.name.casefold()),
                ),
            ],
            parent,
        )


def _records_text(row: InterventionRow) -> str:
    total = len(row.intervention.evidence)
    unverified = row.unverified_count
    if unverified:
        return tr("%1 (%2 unverified)").replace("%1", str(total)).replace("%2", str(unverified))
    return str(total)


class InterventionFilter(QSortFilterProxyModel):
    """Search words (all must match), pathway, setting and minimum best quality."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._terms: list[str] = []
        self._pathway: Pathway | None = None
        self._setting: Setting | None = None
        self._min_quality = 0

    def _refilter(self, apply: Callable[[], None]) -> None:
        """Change the filter (Qt 6.9+ wants the change announced; older Qt invalidates)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            apply()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt before 6.9
            apply()
            self.invalidateFilter()

    def set_search(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_terms", search_terms(text)))

    def set_pathway(self, pathway: Pathway | None) -> None:
        self._refilter(lambda: setattr(self, "_pathway", pathway))

    def set_setting(self, setting: Setting | None) -> None:
        self._refilter(lambda: setattr(self, "_setting", setting))

    def set_min_quality(self, quality: int) -> None:
        self._refilter(lambda: setattr(self, "_min_quality", quality))

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        row: InterventionRow | None = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        if row is None:
            return False
        item = row.intervention
        return (
            all(term in row.search_text for term in self._terms)
            and (self._pathway is None or self._pathway in item.pathways)
            and (self._setting is None or item.setting is self._setting)
            and row.best_quality >= self._min_quality
        )

    def row_at(self, proxy_row: int) -> InterventionRow | None:
        value = self.index(proxy_row, 0).data(ROW_ROLE)
        return value if isinstance(value, InterventionRow) else None

    def visible_names(self) -> list[str]:
        """The names shown, in order (for tests)."""
        names = []
        for row in range(self.rowCount()):
            found = self.row_at(row)
            if found is not None:
                names.append(found.intervention.name)
        return names
