"""The officer's copy's layout: no row is split across pages (every action reads whole on one
page, in a draft with its banner and an agreed plan, of 20 and of 200 actions), and the
signature lines never end the copy alone on its last page."""

from __future__ import annotations

import pytest

from resettle.domain.plan import PlanState
from resettle.reports import render_officer_plan
from resettle.reports.samples import sample_plan_document
from tests.reports.conftest import pdf_pages

DRAFT = {
    "state": PlanState.DRAFT,
    "agreed_by": "",
    "agreed_at": None,
    "agreed_by_person": False,
    "person_agreed_on": None,
    "person_agreed_how": "",
}


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("draft", [True, False], ids=["draft", "agreed"])
@pytest.mark.parametrize("n", [20, 200])
def test_every_action_is_whole_on_one_page(n: int, draft: bool) -> None:
    doc = sample_plan_document(n)
    if draft:
        doc = doc.model_copy(update=DRAFT)
    pages = [_flat(page) for page in pdf_pages(render_officer_plan(doc))]
    # Each action's words, with the number that starts its row: split, neither page has both.
    split = [
        f"{i}. {a.what}"
        for i, a in enumerate(doc.actions, start=1)
        if not any(_flat(a.what) in page for page in pages)
    ]
    assert split == []


@pytest.mark.parametrize(
    ("n", "draft"), [(13, True), (15, False), (16, False), (32, False), (48, True)]
)
def test_the_signatures_never_end_the_copy_alone(n: int, draft: bool) -> None:
    """Plans whose signature lines fell alone on the last page (a trial): the officer's notes
    go with them now."""
    doc = sample_plan_document(n)
    if draft:
        doc = doc.model_copy(update=DRAFT)
    pages = pdf_pages(render_officer_plan(doc))
    assert len(pages) > 1 and "Signatures" in pages[-1]
    assert "Officer-only notes" in pages[-1]
