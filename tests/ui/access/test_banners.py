from __future__ import annotations

from typing import Any

from resettle.ui.access.banners import DemoBanner, SignedInLabel


def test_the_demo_banner_says_so_to_everyone(qtbot: Any) -> None:
    banner = DemoBanner()
    qtbot.addWidget(banner)
    assert banner.text() == "Demo data: not for real cases, and not encrypted"
    assert banner.accessibleName() == banner.text()
    assert "background" in banner.styleSheet()


def test_the_demo_banner_of_an_encrypted_demo_database(qtbot: Any) -> None:
    banner = DemoBanner(encrypted=True)
    qtbot.addWidget(banner)
    assert banner.text() == "Demo data: not for real cases"


def test_signed_in_label(qtbot: Any) -> None:
    label = SignedInLabel("Ann Smith", ["Officer", "Manager"])
    qtbot.addWidget(label)
    assert label.text() == "Signed in as Ann Smith (Officer, Manager)"
    assert label.accessibleName() == label.text()
    label.set_account("Sam Admin", [])
    assert label.text() == "Signed in as Sam Admin"
    label.set_account("", [])
    assert label.text() == ""
