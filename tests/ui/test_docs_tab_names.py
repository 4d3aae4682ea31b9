"""The guides call each tab by the label the screen shows (user trial: the docs sent people to
a "Programmes" tab of the person window, whose tab is labelled "Programme history")."""

from __future__ import annotations

import re
from pathlib import Path

from resettle.ui.screens import PERSON_WINDOW_TABS

ROOT = Path(__file__).parents[2]
#: A tab's label in the code: ``TITLE = "Plan"`` or ``addTab(widget, self.tr("&Today"))``.
_LABEL_IN_CODE = re.compile(r'TITLE = "([^"]+)"|addTab\([^,]+,\s*(?:self\.tr\()?"([^"]+)"')
#: A tab named in a guide: ``**Programme history** tab``.
_TAB_IN_DOCS = re.compile(r"\*\*([^*]+)\*\* tab\b")


def _labels_in_code() -> set[str]:
    labels = set()
    for path in (ROOT / "resettle" / "ui").rglob("*.py"):
        for match in _LABEL_IN_CODE.finditer(path.read_text(encoding="utf-8")):
            labels.add((match[1] or match[2]).replace("&", ""))
    return labels


def test_the_person_windows_programme_tabs_are_found_in_the_code() -> None:
    titles = {getattr(tab, "TITLE", "") for tab in PERSON_WINDOW_TABS}
    assert {"Programme referrals", "Programme history"} <= titles
    assert titles <= _labels_in_code()


def test_every_tab_the_guides_name_in_bold_is_a_tab_of_the_app() -> None:
    labels = _labels_in_code()
    named = {
        (path.name, match[1])
        for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
        for match in _TAB_IN_DOCS.finditer(path.read_text(encoding="utf-8"))
    }
    assert named  # the guides do name tabs so
    assert sorted((name, tab) for name, tab in named if tab not in labels) == []


def test_no_guide_sends_people_to_a_programmes_tab_of_the_person_window() -> None:
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "**Programmes** tab" not in text, path.name
        assert "Programmes tab" not in text, path.name
