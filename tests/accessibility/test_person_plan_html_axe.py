"""The person's copy as HTML, opened in headless Chromium and checked by axe-core (WCAG 2.1
A and AA): no violations, at a phone's width (375 px) and a desktop's, and nothing wider than
a phone's screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from resettle.domain.plan_document import PlanDocument
from resettle.reports import render_person_plan_html
from tests.accessibility.browser import run_axe
from tests.accessibility.documents import DOCUMENTS

PHONE = 375
DESKTOP = 1280


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("which", sorted(DOCUMENTS))
def test_the_html_copy_has_no_wcag_21_aa_violations(which: str, width: int) -> None:
    make: Callable[[], PlanDocument] = DOCUMENTS[which]
    result = run_axe(render_person_plan_html(make()), width)
    assert result.inner_width == width
    assert not result.violations, f"axe {result.version}:\n{result.describe()}"
    # Reflow (WCAG 1.4.10): nothing scrolls sideways on a phone.
    assert result.scroll_width <= width


def test_the_check_finds_what_is_wrong() -> None:
    """The same check on a page with known faults reports them: it can fail."""
    bad = (
        b"<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        b'<img src="x.png"><p style="color:#bbb;background:#fff">faint</p>'
        b'<div style="width:600px">wide</div></main></body></html>'
    )
    result = run_axe(bad, PHONE)
    found = {v["id"] for v in result.violations}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found, result.describe()
    assert result.scroll_width > PHONE
