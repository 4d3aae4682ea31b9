"""Where the application's assets (fonts, icon, logo) are: the one place that knows.

The files live in the repository's top-level `assets/` folder. A wheel carries them inside the
package as `resettle/assets/` (setup.py maps the package `resettle.assets` to that folder), so an
installed Resettle finds them next to its code. An editable install or a plain checkout has no
`resettle/assets/`; there the source tree's `assets/` beside the package is used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: The application icon is drawn in icon/resettle.svg and rendered to PNG at these sizes
#: (scripts/render_assets.py).
ICON_SIZES = (16, 32, 48, 64, 128, 256)

_PACKAGE_DIR = Path(__file__).resolve().parent
#: Installed (wheel) location first, then the source tree's top level.
CANDIDATES = (_PACKAGE_DIR / "assets", _PACKAGE_DIR.parent / "assets")


class AssetsMissingError(RuntimeError):
    """Resettle was installed without its assets (a packaging fault, not a user's)."""


@cache
def assets_dir() -> Path:
    for candidate in CANDIDATES:
        if (candidate / "fonts").is_dir():
            return candidate
    looked = ", ".join(str(c) for c in CANDIDATES)
    raise AssetsMissingError(f"Resettle's assets folder is missing (looked in {looked})")


def asset_path(*parts: str) -> Path:
    """The path of one asset, e.g. `asset_path("fonts", "DejaVuSans.ttf")`."""
    path = assets_dir().joinpath(*parts)
    if not path.exists():
        name = "/".join(parts)
        raise AssetsMissingError(f"Resettle's asset {name} is missing from {path.parent}")
    return path


def icon_files() -> dict[int, Path]:
    """The application icon's PNG file for each size in ICON_SIZES."""
    return {size: asset_path("icon", f"resettle-{size}.png") for size in ICON_SIZES}
