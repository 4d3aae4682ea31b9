"""The dashboard: the measures a manager opens on Monday morning, each figure drillable to
the people behind it.

Top: the period and the filters (region, team, establishment, officer, pathway), and which
period the figures shown are of. Left: every figure as "n of d (x%), k excluded (u unknown, m not
recorded)" beside the latest national figure, and under it the chosen figure's definition,
its trend over 12 months and buttons for each set of people behind it. Right: the charts
(outcomes by category, readiness by band, releases by week), each with "Show as table" and
its bars opening their people, and the caseload per officer as a list. Escape closes it.

Every figure, part, bar, table cell and officer opens exactly the people it counts in the
main window's caseload (``figure_requested``; ``MainWindow.show_figure``), which reads them
with the select the figure was counted with; this window stays open beside it. What is read
comes off the UI thread (``BusyIndicator``); a read that arrives after a newer one was asked
for is dropped.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.charts import BarChartData, TrendData
from resettle.domain.errors import ValidationFailed
from resettle.domain.measure_charts import (
    ANSWER_CHARTS,
    PER_OFFICER,
    READINESS,
    RELEASES_BY_WEEK,
    FigureRow,
    answer_charts,
    figure_rows,
    grouped_chart,
    outcomes_chart,
    read_drill_key,
)
from resettle.domain.measure_figures import Figure, MeasureFilters, Part, TrendPoint
from resettle.domain.measure_words import PART_LABELS
from resettle.domain.measures import measure
from resettle.domain.pathways import Pathway
from resettle.services.measures import (
    DashboardChoices,
    dashboard_choices,
    measure_dashboard,
)
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from resettle.ui.common.bar_chart import BarChartView, TrendLineView
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.date_field import DateField
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.rows_model import Column, RowsTableModel
from resettle.ui.common.views import push_button, source_row, table_view
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.dashboard.report_dialog import ReportDialog
from resettle.ui.failures import failure_text

FIGURE_COLUMNS: tuple[Column[FigureRow], ...] = (
    Column("Measure", lambda row: row.name),
    Column("This caseload", lambda row: row.words),
    Column("England and Wales", lambda row: row.national),
)


OFFICER_COLUMNS: tuple[Column[Figure], ...] = (
    Column("Officer", lambda figure: figure.group_label),
    Column(
        "People",
        lambda figure: f"{figure.numerator:,}",
        sort_key=lambda figure: figure.numerator,
        align_right=True,
    ),
)


def _empty_chart(title: str) -> BarChartData:
    return BarChartData(title, (), ())


class DashboardWindow(QWidget):
    """The manager's dashboard (a window of its own, opened from the Reports menu)."""

    #: A figure's people were asked for (a figure, a part button, a bar, a table cell or an
    #: officer): the figure and part under the figures' filters, and the words naming them
    #: (figure, part, period, filters) for the caseload's banner.
    figure_requested = Signal(CaseloadFigure, str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Dashboard - Resettle"))
        self.workspace = workspace
        self.figures: tuple[Figure, ...] = ()
        self.trends: dict[str, tuple[TrendPoint, ...]] = {}
        #: Each outcome measure's figure split by answer (its stacked bars by category).
        self.answers: dict[str, tuple[Figure, ...]] = {}
        self.filters: MeasureFilters | None = None
        self.busy = BusyIndicator(self)
        self._reading = 0
        #: Reports > Caseload report asked for the report before the figures were read.
        self._print_after_read = False

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Message"))
        style_banner(self.message, Tone.NOTICE)
        self.message.hide()

        self.period_from = DateField()
        self.period_from.set_accessible_name(self.tr("Period from"))
        self.period_to = DateField()
        self.period_to.set_accessible_name(self.tr("Period to"))
        today = clock.today()
        self.period_to.set_value(today)
        self.period_from.set_value(MeasureFilters.for_period(today).period_from)
        # Five lists share the row at 1366 px: each as wide as the row allows ("All
        # establishments" whole), its list opening as wide as its longest name.
        self.region, self.team, self.establishment, self.officer, self.pathway = (
            ChoiceCombo(long_items=True) for _ in range(5)
        )
        for combo in (self.region, self.team, self.establishment, self.officer, self.pathway):
            combo.setMinimumContentsLength(8)
        self.region.setToolTip(
            self.tr(
                "The regions of the teams and prisons of the people you reach. A region you do "
                "not manage narrows to your people placed in its teams or prisons (for example "
                "another region's team's people held in your prisons)."
            )
        )
        self.team.value_changed.connect(self._offer_team_officers)
        self._officers: tuple[tuple[int, str], ...] = ()
        self._officer_teams: dict[int, frozenset[int]] = {}
        self.pathway.set_choices(((p, p.label) for p in Pathway), self.tr("All pathways"))
        self.apply_button = push_button(self.tr("&Show figures"))
        self.apply_button.clicked.connect(self.reload)
        self.apply_button.setDefault(True)
        filters = QGridLayout()
        fields = (
            (self.tr("&From:"), self.period_from),
            (self.tr("&To:"), self.period_to),
            (self.tr("Re&gion:"), self.region),
            (self.tr("T&eam:"), self.team),
            (self.tr("E&stablishment:"), self.establishment),
            (self.tr("O&fficer:"), self.officer),
            (self.tr("&Pathway:"), self.pathway),
        )
        for column, (text, field) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(field)
            filters.addWidget(label, 0, column)
            filters.addWidget(field, 1, column)
            filters.setColumnStretch(column, 0 if isinstance(field, DateField) else 1)
        buttons = len(fields)
        filters.addWidget(self.apply_button, 1, buttons)
        self.print_button = push_button(self.tr("&Print report…"))
        self.print_button.clicked.connect(self.print_report)
        filters.addWidget(self.print_button, 1, buttons + 1)
        self.close_button = push_button(self.tr("Close"))
        self.close_button.clicked.connect(self.close)
        filters.addWidget(self.close_button, 1, buttons + 2)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)

        self.shown = QLabel()
        self.shown.setWordWrap(True)
        self.shown.setAccessibleName(self.tr("Figures shown"))
        self.model: RowsTableModel[FigureRow] = RowsTableModel(FIGURE_COLUMNS, self)
        self.table = table_view(self.model, self.tr("Figures"), stretch_column=0)
        self.table.activated.connect(lambda _index: self.drill_chosen(Part.NUMERATOR))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_chosen())
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.PlainText)
        self.definition.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trend = TrendLineView(TrendData("", (), ()))
        self.trend_caption = QLabel()
        self.trend_caption.setWordWrap(True)
        self.part_buttons: dict[Part, Any] = {}
        parts_row = QHBoxLayout()
        for part in (Part.NUMERATOR, Part.DENOMINATOR, Part.EXCLUDED, Part.NOT_RECORDED):
            button = push_button(PART_LABELS[part])
            button.clicked.connect(lambda _checked=False, p=part: self.drill_chosen(p))
            parts_row.addWidget(button)
            self.part_buttons[part] = button
        parts_row.addStretch(1)
        detail = QGroupBox(self.tr("The chosen figure"))
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.definition)
        detail_layout.addWidget(self.trend_caption)
        detail_layout.addWidget(self.trend)
        detail_layout.addLayout(parts_row)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.shown)
        left_layout.addWidget(self.table, 3)
        left_layout.addWidget(detail, 2)

        self.charts = {
            "outcomes": BarChartView(_empty_chart(self.tr("Outcomes after release"))),
            # Beside who is counted: the outcomes stacked by their categories (MI014's
            # accommodation, employment status, treatment started in time or not).
            **{
                f"answers:{title}": BarChartView(_empty_chart(title))
                for title, _codes in ANSWER_CHARTS
            },
            READINESS: BarChartView(_empty_chart(self.tr("Readiness"))),
            RELEASES_BY_WEEK: BarChartView(_empty_chart(self.tr("Releases by week"))),
        }
        # Caseload per officer is a list, not a chart: a team has dozens of officers.
        self.officers_model: RowsTableModel[Figure] = RowsTableModel(OFFICER_COLUMNS, self)
        self.officers = table_view(
            self.officers_model, self.tr("Caseload per officer"), sortable=True, stretch_column=0
        )
        self.officers.setMinimumHeight(220)
        self.officers.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.officers.activated.connect(lambda _index: self._drill_officer())
        charts = QWidget()
        charts_layout = QVBoxLayout(charts)
        for chart in self.charts.values():
            chart.setMinimumHeight(260)
            chart.drill.connect(self.drill_key)
            charts_layout.addWidget(chart)
        officers_label = QLabel(self.tr("Caseload per officer (Enter: the officer's people)"))
        officers_label.setBuddy(self.officers)
        charts_layout.addWidget(officers_label)
        charts_layout.addWidget(self.officers)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(screen_fit.scrolling(charts))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.busy.label)
        screen_fit.fit_to_screen(self, 1300, 740)
        self._read_choices()

    # --- reading ------------------------------------------------------------------------

    def _read_choices(self) -> None:
        runner = self.workspace
        self.busy.run(
            lambda _job: runner.run(dashboard_choices),
            self._choices_arrived,
            on_failure=self._failed,
        )

    def _choices_arrived(self, choices: DashboardChoices) -> None:
        self.region.set_choices(choices.regions, self.tr("All regions"))
        self.team.set_choices(choices.teams, self.tr("All teams"))
        self.establishment.set_choices(choices.establishments, self.tr("All establishments"))
        self._officers = choices.officers
        self._officer_teams = {
            officer: frozenset(team for who, team in choices.officer_teams if who == officer)
            for officer, _name in choices.officers
        }
        self._offer_team_officers()
        self.reload()

    def _offer_team_officers(self) -> None:
        """The officers of the team chosen (all officers for all teams): a trial chose a
        team and then an officer of another team, and got no one."""
        team = self.team.value()
        offered = [
            (officer, name)
            for officer, name in self._officers
            if team is None or team in self._officer_teams.get(officer, frozenset())
        ]
        self.officer.set_choices(offered, self.tr("All officers"))

    def chosen_filters(self) -> MeasureFilters | None:
        """The filters as typed, or None with the problem shown (naming the field)."""
        problems = [p for p in (self.period_from.problem(), self.period_to.problem()) if p]
        if problems:
            self._say(" ".join(problems))
            return None
        try:
            return MeasureFilters.for_period(
                clock.today(),
                self.period_from.value(),
                self.period_to.value(),
                region_id=self.region.value(),
                team_id=self.team.value(),
                establishment_id=self.establishment.value(),
                officer_id=self.officer.value(),
                pathway=self.pathway.value(),
            )
        except ValidationFailed as error:
            # The period's words without the field's code name ("period_from: ...").
            self._say(" ".join(problem.message for problem in error.problems))
            return None

    def reload(self) -> None:
        filters = self.chosen_filters()
        if filters is None:
            return
        self.message.hide()
        self._reading += 1
        reading = self._reading
        runner = self.workspace

        def read(
            _job: object,
        ) -> tuple[
            tuple[Figure, ...],
            dict[str, tuple[TrendPoint, ...]],
            dict[str, tuple[Figure, ...]],
        ]:
            return runner.run(measure_dashboard, filters)

        self.busy.run(
            read,
            lambda result: self._arrived(reading, filters, *result),
            on_failure=self._failed,
        )

    def _arrived(
        self,
        reading: int,
        filters: MeasureFilters,
        figures: tuple[Figure, ...],
        trends: dict[str, tuple[TrendPoint, ...]],
        answers: dict[str, tuple[Figure, ...]],
    ) -> None:
        if reading != self._reading:
            return
        self.filters, self.figures, self.trends = filters, figures, trends
        self.answers = answers
        self.message.hide()
        narrowed = self._narrowing_words(filters)  # a trial: the heading named no filter
        self.shown.setText(
            self.tr(
                "Figures for releases from %1 to %2 (outcome measures, plans in time, "
                "aftercare and programme moves); the other figures are today's work.%3"
            )
            .replace("%1", f"{filters.period_from:%d %b %Y}")
            .replace("%2", f"{filters.period_to:%d %b %Y}")
            .replace(
                "%3",
                (" " + self.tr("Only %1.").replace("%1", "; ".join(narrowed))) if narrowed else "",
            )
        )
        chosen = source_row(self.table)
        self.model.set_rows(figure_rows(figures, trends))
        if self.model.rowCount():
            self.table.selectRow(chosen if chosen is not None else 0)
        self.charts["outcomes"].show_data(outcomes_chart(figures))
        for chart in answer_charts(answers):
            self.charts[f"answers:{chart.title}"].show_data(chart)
        self.charts[READINESS].show_data(
            grouped_chart(
                figures,
                READINESS,
                self.tr("Readiness of people due for release today or in the next 12 weeks"),
                self.tr("Readiness"),
            )
        )
        self.charts[RELEASES_BY_WEEK].show_data(
            grouped_chart(figures, RELEASES_BY_WEEK, self.tr("Releases by week"), self.tr("Week"))
        )
        self.officers_model.set_rows([f for f in figures if f.code == PER_OFFICER and f.group])
        self._show_chosen()
        if self._print_after_read:
            self._print_after_read = False
            self.print_report()

    def print_when_shown(self) -> None:
        """The report dialog now, or once the figures it covers have been read."""
        if self.filters is None:
            self._print_after_read = True
        else:
            self.print_report()

    def _failed(self, error: Exception) -> None:
        self._say(failure_text(error))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    # --- the chosen figure and its people -------------------------------------------------

    def chosen_row(self) -> FigureRow | None:
        row = source_row(self.table)
        return None if row is None else self.model.row_at(row)

    def _show_chosen(self) -> None:
        row = self.chosen_row()
        if row is None:
            self.definition.clear()
            return
        definition = measure(row.figure.code)
        lines = [
            f"{row.name}: {row.words}",
            f"{self.tr('Looks at')}: {definition.cohort_words}",
        ]
        if definition.point_words:
            lines.append(f"{self.tr('Measured')}: {definition.point_words}")
        lines.append(f"{self.tr('Counted')}: {definition.numerator_words}")
        if definition.exclusions_words:
            lines.append(f"{self.tr('Excluded')}: {definition.exclusions_words}")
        source = definition.source + (
            f" ({definition.source_code})" if definition.source_code else ""
        )
        lines.append(f"{self.tr('Source')}: {source}")
        self.definition.setText("\n".join(lines))
        self.trend.setVisible(row.trend is not None)
        if row.trend is not None:
            self.trend.show_data(row.trend)
            self.trend_caption.setText(row.trend.describe())
        else:
            self.trend_caption.setText(self.tr("No trend: this figure is a count of today's work."))
        for part, button in self.part_buttons.items():
            has = part in row.figure.parts()
            button.setVisible(has)
            if has:
                button.setText(f"{PART_LABELS[part]} ({row.figure.count(part):,})")

    def drill_chosen(self, part: Part) -> None:
        row = self.chosen_row()
        if row is not None and part in row.figure.parts():
            self._open_drill(row.figure.key, part, f"{row.name}: {PART_LABELS[part].lower()}")

    def drill_key(self, key: str) -> None:
        figure_key, part = read_drill_key(key)
        shown = (*self.figures, *(f for split in self.answers.values() for f in split))
        figure = next((f for f in shown if f.key == figure_key), None)
        if figure is not None:
            label = f"{figure.name}" + (f": {figure.group_label}" if figure.group_label else "")
            self._open_drill(figure_key, part, f"{label}: {PART_LABELS[part].lower()}")

    def _drill_officer(self) -> None:
        row = source_row(self.officers)
        if row is not None:
            figure = self.officers_model.row_at(row)
            self.drill_key(f"{figure.key}|{Part.NUMERATOR.value}")

    def _open_drill(self, key: str, part: Part, title: str) -> None:
        """The people of ``key``'s ``part`` under the figures' filters, in the caseload."""
        if self.filters is None:
            return
        figure = CaseloadFigure(key=key, part=part, filters=self.filters)
        self.figure_requested.emit(figure, f"{title} · {self._filter_words(figure)}")

    def _filter_words(self, figure: CaseloadFigure) -> str:
        """The period (or "today's work" for a figure the period does not narrow) and the
        narrowing of the figures shown, named as the filters name them ("period 15 Jan 2026
        to 14 Jan 2027 · team: North")."""
        filters = figure.filters
        if figure.uses_period:
            period = (
                self.tr("period %1 to %2")
                .replace("%1", f"{filters.period_from:%d %b %Y}")
                .replace("%2", f"{filters.period_to:%d %b %Y}")
            )
        else:
            period = self.tr("today's work")
        return " · ".join([period, *self._narrowing_words(filters)])

    def _narrowing_words(self, filters: MeasureFilters) -> list[str]:
        """The region, team, establishment, officer and pathway chosen ("team: North")."""
        words = []
        for label, combo, value in (
            (self.tr("region"), self.region, filters.region_id),
            (self.tr("team"), self.team, filters.team_id),
            (self.tr("establishment"), self.establishment, filters.establishment_id),
            (self.tr("officer"), self.officer, filters.officer_id),
            (self.tr("pathway"), self.pathway, filters.pathway),
        ):
            if value is not None and value in combo.values():
                words.append(f"{label}: {combo.itemText(list(combo.values()).index(value))}")
        return words

    def print_report(self) -> ReportDialog | None:
        """The caseload report of the figures shown (their period and filters)."""
        if self.filters is None:
            self._say(self.tr("Show the figures first: the report covers what they cover."))
            return None
        chosen = self.chosen_filters()  # a period typed wrong says so itself
        if chosen is None:
            return None
        if chosen != self.filters:  # a trial printed a team chosen but not yet shown
            self._say(
                self.tr(
                    "The filters have changed since the figures were shown: press Show "
                    "figures first. The report covers the figures on the screen."
                )
            )
            return None
        dialog = ReportDialog(self.workspace, self.filters, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


__all__ = ["DashboardWindow"]
