"""ReportLab documents (plans, caseload reports) and the person's copy as HTML, as bytes. No Qt,
no storage."""

from resettle.domain.plan_document import is_empty_plan
from resettle.reports.officer_plan import render_officer_plan
from resettle.reports.person_plan import render_person_plan
from resettle.reports.person_plan_html import render_person_plan_html

__all__ = [
    "is_empty_plan",
    "render_officer_plan",
    "render_person_plan",
    "render_person_plan_html",
]
