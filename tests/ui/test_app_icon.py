"""The application icon: every shipped PNG size, each the size its name says."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from resettle.asset_paths import ICON_SIZES, icon_files
from resettle.ui.app_icon import application_icon


def test_each_icon_png_is_the_size_its_name_says(qapp: QApplication) -> None:
    for size, path in icon_files().items():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path.name


def test_the_application_icon_offers_every_size(qapp: QApplication) -> None:
    icon = application_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    assert not icon.pixmap(16, 16).isNull()
