"""Recommendations: the evidence-rated interventions that fit this person, and every exclusion.

The recommender runs again each time the record is shown or refreshed, so the list follows
the recorded needs, confirmed risk, release-day essentials and flags. It runs when the tab is
on screen (not for every tab of every window opened). "Add to plan" records the officer's
acceptance and, when the person has a plan, adds an action to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import DomainError
from resettle.domain.permissions import Permission
from resettle.domain.plan import PlanState
from resettle.domain.plan_addition import AddedToPlan
from resettle.domain.plan_view import PlanView
from resettle.domain.recorded_risk import is_old_assessment
from resettle.evidence import Exclusion, RecommendationResult, Tier
from resettle.services.case_profile import risk_level_for
from resettle.services.recommendations import accept_recommendation, recommendations_screen
from resettle.ui.common import messages
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.changes import PLAN
from resettle.ui.common.labels import date_text
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.storage_read_only import storage_reason
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, source_row, table_view
from resettle.ui.evidence.added_to_plan import added_to_plan_text
from resettle.ui.evidence.html_parts import WARN_BACKGROUND, WARN_COLOUR
from resettle.ui.evidence.recommendation_card import (
    exclusion_html,
    licence_conditions_html,
    notes_summary,
    recommendation_html,
)
from resettle.ui.evidence.recommendation_models import (
    ExclusionsModel,
    PlanMark,
    RecommendationRow,
    RecommendationsModel,
    exclusion_rows,
    plan_marks,
    recommendation_rows,
)
from resettle.ui.evidence.tables import fit_columns
from resettle.ui.evidence.words import readable, tr, word


def _card() -> QTextBrowser:
    browser = QTextBrowser()
    browser.setOpenExternalLinks(True)
    browser.setMinimumWidth(320)
    return browser


class RecommendationsTab(PersonTab):
    """ "Add to plan" is a save of the plan part: the change notice it makes shows the new plan
    on the Plan tab (``session.changed_here``) and in the person's other windows."""

    ACCESS = TabAccess(edit=Permission.EDIT_PLAN)

    TITLE = "Recommendations"

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.result: RecommendationResult | None = None
        self.plan: PlanView | None = None
        self._marks: dict[str, PlanMark] = {}
        self._stale = True
        self._read_only = False
        self._build()
        self.load(session.record)

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.context_label = QLabel()
        self.context_label.setWordWrap(True)
        self.context_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.risk_label = QLabel()
        self.risk_label.setWordWrap(True)
        self.risk_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.browse_button = QPushButton(self.tr("&Browse evidence…"))
        self.browse_button.setAccessibleName(self.tr("Browse the evidence pack"))
        self.browse_button.setToolTip(self.tr("Every intervention in the evidence pack"))
        self.browse_button.clicked.connect(self.browse_evidence)
        top = QHBoxLayout()
        facts = QVBoxLayout()
        facts.setSpacing(2)
        facts.addWidget(self.context_label)
        facts.addWidget(self.risk_label)
        top.addLayout(facts, 1)
        top.addWidget(self.browse_button, 0, Qt.AlignmentFlag.AlignTop)

        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notes_label.setStyleSheet(
            f"background: {WARN_BACKGROUND}; color: {WARN_COLOUR}; padding: 5px;"
            " border-radius: 3px;"
        )
        self.problem_label = note_label()
        self.problem_label.hide()

        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(self._build_recommended(), self.tr("Recommended"))
        self.sections.addTab(self._build_excluded(), self.tr("Not recommended"))
        self.licence_conditions = _card()
        self.licence_conditions.setAccessibleName(
            self.tr("Licence conditions: controls, not recommendations")
        )
        self.sections.addTab(self.licence_conditions, self.tr("Licence conditions"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.sections, 1)

    def _build_recommended(self) -> QWidget:
        self.recommendations = RecommendationsModel(self)
        self.table = table_view(
            self.recommendations, self.tr("Recommended interventions"), sortable=True
        )
        fit_columns(
            self.table,
            {
                # Short columns fit their usual words; longer cells (a long pathway, "None on
                # reoffending or deaths") wrap onto a second line, so the intervention's name
                # keeps room at 1366x768 and nothing is cut short.
                0: "88",
                1: "Family and intimate relationship",  # the least it is given
                2: "Finance and ID ..",
                3: "Through the gate",
                4: "Moderate",
                5: "●●○○  3 of 4",
                6: "Release-day essential",
                7: "In plan",
            },
            stretch=1,
        )
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.empty = note_label()
        self.empty.hide()
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)

        self.plan_state = QLabel()
        self.plan_state.setWordWrap(True)
        self.add_button = QPushButton(self.tr("&Add to plan"))
        self.add_button.setAccessibleName(self.tr("Add the selected recommendation to the plan"))
        self.add_button.setToolTip(
            self.tr("Record that you accept this recommendation and add it to the plan")
        )
        self.add_button.clicked.connect(self.add_to_plan)
        actions = QHBoxLayout()
        actions.addWidget(self.plan_state, 1)
        actions.addWidget(self.add_button)
        self.detail = _card()
        self.detail.setAccessibleName(self.tr("Why this is recommended"))
        bottom = QWidget()
        side = QVBoxLayout(bottom)
        side.setContentsMargins(0, 0, 0, 0)
        side.addLayout(actions)
        side.addWidget(self.detail, 1)
        return self._split(top, bottom)

    def _build_excluded(self) -> QWidget:
        self.exclusions = ExclusionsModel(self)
        self.exclusion_table = table_view(self.exclusions, self.tr("Interventions not recommended"))
        fit_columns(
            self.exclusion_table,
            {
                0: "Accredited cognitive-behavioural programme (commu",
                1: "Children, families and communities",
                2: "Not eligible: custody only, already",  # the least it is given
            },
            stretch=2,
        )
        self.exclusion_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._exclusion_chosen()
        )
        self.exclusion_detail = _card()
        self.exclusion_detail.setAccessibleName(self.tr("Why this is not recommended"))
        return self._split(self.exclusion_table, self.exclusion_detail)

    @staticmethod
    def _split(top: QWidget, bottom: QWidget) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        return splitter

    # --- state ---------------------------------------------------------------------------
    def selected(self) -> RecommendationRow | None:
        row = source_row(self.table)
        return self.recommendations.row_at(row) if row is not None else None

    def selected_exclusion(self) -> Exclusion | None:
        row = source_row(self.exclusion_table)
        return self.exclusions.row_at(row) if row is not None else None

    def select_intervention(self, intervention_id: str) -> bool:
        """Select a recommendation by intervention id; False when it is not recommended."""
        source = self.recommendations.row_of(intervention_id)
        proxy = self.table.model()
        if source is None or not isinstance(proxy, QSortFilterProxyModel):
            return False
        index = proxy.mapFromSource(self.recommendations.index(source, 0))
        self.table.selectRow(index.row())
        return True

    def recompute(self) -> None:
        """Run the recommender on the record as saved now, keeping the selection."""
        self._stale = False
        chosen = self.selected()
        chosen_exclusion = self.selected_exclusion()
        session = self.session
        try:
            screen = session.workspace.run(recommendations_screen, session.person_id)
        except DomainError as error:
            self.result = None
            self.problem_label.setText(str(error))
            self.problem_label.show()
            self.recommendations.set_rows([])
            self.exclusions.set_rows([])
            self.licence_conditions.setHtml("")
            self._chosen()
            return
        self.problem_label.setText(
            self.tr(
                "Warning: the newest evidence pack could not be used; showing pack %1."
            ).replace("%1", screen.pack.metadata.pack_version)
            if screen.pack.fell_back
            else ""
        )
        self.problem_label.setVisible(screen.pack.fell_back)
        self.result, self.plan = screen.result, screen.plan
        self._marks = plan_marks(self.plan)
        self._show(self.result)
        kept = chosen is not None and self.select_intervention(chosen.item.intervention_id)
        if not kept and self.recommendations.rowCount():
            self.table.selectRow(0)
        self._reselect_exclusion(chosen_exclusion)
        self._chosen()
        self._exclusion_chosen()

    def _reselect_exclusion(self, chosen: Exclusion | None) -> None:
        rows = self.exclusions.rows()
        ids = [e.intervention_id for e in rows]
        if chosen is not None and chosen.intervention_id in ids:
            self.exclusion_table.selectRow(ids.index(chosen.intervention_id))
        elif rows:
            self.exclusion_table.selectRow(0)

    def _show(self, result: RecommendationResult) -> None:
        held_back = result.held_back_count
        endorsed = len(result.recommendations) - held_back
        self.context_label.setText(
            self.tr("Evidence pack %1  ·  rules %2  ·  %3 recommended, %4 not recommended")
            .replace("%1", result.pack_version)
            .replace("%2", result.rule_version)
            .replace("%3", str(endorsed))
            .replace("%4", str(len(result.exclusions)))
        )
        self.recommendations.set_rows(recommendation_rows(result, self._marks))
        self.exclusions.set_rows(exclusion_rows(result))
        self.notes_label.setText(notes_summary(result.notes))
        self.notes_label.setToolTip(
            "\n\n".join(f"{word(n.pathway)}: {readable(n.statement)}" for n in result.notes)
        )
        self.notes_label.setVisible(bool(result.notes))
        recommended = self.tr("Recommended (%1)").replace("%1", str(endorsed))
        if held_back:
            # Held-back items are listed last and are not endorsed: the count says so.
            recommended = (
                self.tr("%1 + %2 held back")
                .replace("%1", recommended)
                .replace("%2", str(held_back))
            )
        self.sections.setTabText(0, recommended)
        self.sections.setTabText(
            1, self.tr("Not recommended (%1)").replace("%1", str(len(result.exclusions)))
        )
        self.sections.setTabText(
            2,
            self.tr("Licence conditions (%1)").replace("%1", str(len(result.licence_conditions))),
        )
        self.licence_conditions.setHtml(licence_conditions_html(result.licence_conditions))
        self.empty.setText(
            self.tr(
                "Nothing to recommend yet: no recorded need matches an intervention in the pack. "
                "Record needs on the Needs tab; “Not recommended” says why each one was left out."
            )
        )
        self.empty.setVisible(not result.recommendations)
        self.table.setVisible(bool(result.recommendations))

    def _show_risk(self, record: CaseRecord) -> None:
        level, confirmed = risk_level_for(record)
        stale = False
        if confirmed and record.risk.confirmed is not None:
            confirmed_on = clock.day_of(record.risk.confirmed.confirmed_at)
            how = (
                self.tr("confirmed by %1 on %2")
                .replace("%1", record.risk.confirmed.confirmed_by)
                .replace("%2", date_text(confirmed_on))
            )
            # An old confirmation still drives the list: say so (officers' trial).
            stale = is_old_assessment(confirmed_on, clock.today())
            if stale:
                how += self.tr(", over a year ago: check it is still current")
        elif record.risk.in_use.band is not None:
            how = self.tr("from the score in use; not yet confirmed by an officer")
        else:
            how = self.tr(
                "assumed: there is no score and no confirmed level yet (confirm one on the Risk "
                "tab)"
            )
        self.risk_label.setText(
            self.tr("Risk level used: %1 (%2)").replace("%1", word(level)).replace("%2", how)
        )
        self.risk_label.setStyleSheet("" if confirmed and not stale else "color: #8a5a00;")

    def _mark_text(self, mark: PlanMark) -> str:
        if mark is PlanMark.IN_PLAN:
            return self.tr("In plan: an action in the current plan comes from this.")
        if mark is PlanMark.ACCEPTED:
            return self.tr("Accepted. There is no plan yet: it is suggested when one is drafted.")
        return ""

    def set_read_only(self, read_only: bool) -> None:
        """A closed case (or a role that cannot edit): nothing is added to the plan."""
        self._read_only = read_only
        self._chosen()

    def _chosen(self) -> None:
        row = self.selected()
        may_edit = self.session.may(Permission.EDIT_PLAN) and not self._read_only
        if row is None:
            self.detail.setHtml("")
            self.plan_state.setText("")
            self.add_button.setEnabled(False)
            return
        mark = self._marks.get(row.item.intervention_id, PlanMark.NONE)
        notes = self.result.notes if self.result is not None else ()
        self.detail.setHtml(recommendation_html(row.item, notes))
        self.plan_state.setText(
            self._mark_text(mark) or ("" if may_edit else self._why_not_editable())
        )
        self.add_button.setText(mark.text() or self.tr("&Add to plan"))
        self.add_button.setEnabled(may_edit and mark is PlanMark.NONE)

    def _why_not_editable(self) -> str:
        because = self.session.read_only_because
        if because is not None:
            return storage_reason(because) + self.tr(", so nothing can be added to the plan.")
        if not self.session.may(Permission.EDIT_PLAN):
            return self.tr("Only officers who edit plans can add to a plan.")
        return self.tr(
            "Read only: nothing can be added to the plan (a closed case is reopened first)."
        )

    def _exclusion_chosen(self) -> None:
        item = self.selected_exclusion()
        self.exclusion_detail.setHtml(exclusion_html(item) if item is not None else "")

    # --- actions -------------------------------------------------------------------------
    def add_to_plan(self) -> bool:
        """Accept the selected recommendation into the plan, off the UI thread; False when
        nothing was started (nothing selected, no permission, or a save still running)."""
        row = self.selected()
        if row is None or self._read_only or not self.session.may(Permission.EDIT_PLAN):
            return False
        session = self.session
        person_id, intervention = session.person_id, row.item.intervention_id
        if row.item.tier is Tier.HELD_BACK and not messages.ask_ok_cancel(
            self,
            QMessageBox.Icon.Warning,
            self.tr("Add a held-back item to the plan"),
            self.tr("%1 is held back, not recommended yet.").replace("%1", row.item.name),
            held_back_reason(row.item.reasons),
            self.tr("Add &anyway"),
        ):
            return False
        warning = plan_change_warning(self.plan)
        if warning is not None and not messages.ask_ok_cancel(
            self,
            QMessageBox.Icon.Question,
            self.tr("Add to plan"),
            warning,
            self.tr("The person's copy and the issued plan do not change until you agree it."),
            self.tr("&Add to a new draft"),
        ):
            return False

        def added(result: AddedToPlan) -> None:
            session.say_saved(added_to_plan_text(result))
            self.recompute()
            if result.action is not None:  # the Plan tab selects it, for when it is shown
                self.changed_item.emit(PLAN, result.action.source)

        def refused(error: DomainError) -> None:
            messages.show_error(self, error, self.tr("Not added to the plan"))
            self.recompute()

        accept = Write(
            lambda: session.workspace.run(accept_recommendation, person_id, intervention),
            added,
            refused,
            part=PLAN,
        )
        return session.save(self, [accept], reread=False)

    def browse_evidence(self) -> None:
        from resettle.ui.evidence.browser import open_evidence_browser

        current = self.selected()
        open_evidence_browser(
            self, self.session.workspace, current.item.intervention_id if current else None
        )

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self._show_risk(record)
        self._stale = True
        if self.isVisible():
            self.recompute()
        self.notify()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.recompute()


def held_back_reason(reasons: Sequence[str]) -> str:
    """Why an item is held back (the victim's consent, a declined pathway, child contact to
    confirm): the engine gives that reason first."""
    return reasons[0] if reasons else ""


def plan_change_warning(plan: PlanView | None) -> str | None:
    """What adding an action does to an agreed or issued plan, for the officer to confirm
    (officers' trial: one click turned an issued plan into a draft, with only "Saved."); None
    for a draft or no plan."""
    current = plan.current if plan is not None else None
    if current is None or current.state is PlanState.DRAFT:
        return None
    if current.state is PlanState.ISSUED:
        return (
            tr(
                "The plan is issued (version %1). Adding this starts version %2 as a draft; the "
                "issued version stays in force until the new one is agreed and issued."
            )
            .replace("%1", str(current.version))
            .replace("%2", str(current.version + 1))
        )
    return tr(
        "The plan is agreed. Adding this makes it a draft again, to be agreed with the person "
        "again."
    )
