"""One function finds the assets: inside the installed package first, else the source tree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from resettle import asset_paths
from resettle.asset_paths import ICON_SIZES, AssetsMissingError, asset_path, icon_files

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    asset_paths.assets_dir.cache_clear()
    yield
    monkeypatch.undo()
    asset_paths.assets_dir.cache_clear()


def _assets(root: Path) -> Path:
    (root / "fonts").mkdir(parents=True)
    (root / "fonts" / "DejaVuSans.ttf").write_bytes(b"font")
    return root


def test_the_source_tree_serves_its_top_level_assets_folder() -> None:
    assert asset_paths.assets_dir() == REPO / "assets"
    assert asset_path("fonts", "DejaVuSans.ttf").is_file()


@pytest.mark.usefixtures("fresh_lookup")
def test_the_package_copy_comes_before_the_source_tree(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed, source = _assets(tmp_path / "installed"), _assets(tmp_path / "source")
    monkeypatch.setattr(asset_paths, "CANDIDATES", (installed, source))
    assert asset_path("fonts", "DejaVuSans.ttf") == installed / "fonts" / "DejaVuSans.ttf"


@pytest.mark.usefixtures("fresh_lookup")
def test_the_source_tree_is_used_when_the_package_has_no_copy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = _assets(tmp_path / "source")
    monkeypatch.setattr(asset_paths, "CANDIDATES", (tmp_path / "installed", source))
    assert asset_paths.assets_dir() == source


@pytest.mark.usefixtures("fresh_lookup")
def test_missing_assets_say_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(asset_paths, "CANDIDATES", (tmp_path / "a", tmp_path / "b"))
    with pytest.raises(AssetsMissingError, match="assets folder is missing"):
        asset_paths.assets_dir()


def test_a_missing_file_is_named() -> None:
    with pytest.raises(AssetsMissingError, match=re.escape("fonts/Missing.ttf")):
        asset_path("fonts", "Missing.ttf")


def test_the_fonts_licence_icon_and_logo_are_all_there() -> None:
    assert asset_path("fonts", "LICENSE-DejaVu.txt").is_file()
    assert asset_path("icon", "resettle.svg").is_file()
    assert asset_path("logo", "resettle-logo.svg").is_file()
    assert asset_path("logo", "resettle-logo.png").is_file()
    assert sorted(icon_files()) == sorted(ICON_SIZES)
