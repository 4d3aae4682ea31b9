"""The name "Export list" suggests: the caseload's, or the figure's and part's."""

from __future__ import annotations

from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.caseload_figure import CaseloadFigure
from resettle.domain.measure_figures import MeasureFilters, Part
from resettle.ui.caseload_export import suggested_name


def test_a_figures_file_is_named_by_its_figure_and_part() -> None:
    day = clock.today().isoformat()
    assert suggested_name(CaseloadQuery()) == f"caseload-{day}.csv"
    filters = MeasureFilters.for_period(clock.today())
    figure = CaseloadFigure(key="readiness:urgent", part=Part.NUMERATOR, filters=filters)
    assert suggested_name(CaseloadQuery(figure=figure)) == f"readiness-urgent-numerator-{day}.csv"
    excluded = CaseloadFigure(key="MI014", part=Part.EXCLUDED, filters=filters)
    assert suggested_name(CaseloadQuery(figure=excluded)) == f"MI014-excluded-{day}.csv"
