"""ReportLab documents (plans, caseload reports) and the person's copy as HTML, as bytes. No Qt,
no storage.

The renderers are loaded on first use: importing a light module of this package (``csv_cells``,
which the caseload's export uses) must not load ReportLab or the HTML copy, which start-up does
not need.
"""

from typing import TYPE_CHECKING, Any

from resettle.domain.plan_document import is_empty_plan

if TYPE_CHECKING:
    from resettle.reports.officer_plan import render_officer_plan
    from resettle.reports.person_plan import render_person_plan
    from resettle.reports.person_plan_html import render_person_plan_html

__all__ = [
    "is_empty_plan",
    "render_officer_plan",
    "render_person_plan",
    "render_person_plan_html",
]

_RENDERERS = {
    "render_officer_plan": "resettle.reports.officer_plan",
    "render_person_plan": "resettle.reports.person_plan",
    "render_person_plan_html": "resettle.reports.person_plan_html",
}


def __getattr__(name: str) -> Any:
    if name not in _RENDERERS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_RENDERERS[name]), name)
