"""Packaging detail pyproject.toml cannot say: the top-level assets/ ship as resettle/assets/.

Everything else about the build is in pyproject.toml. `[tool.setuptools.packages.find]` cannot
add a package whose folder lies outside `resettle/`, so the package list is made here: every
package under `resettle/`, plus `resettle.assets` mapped to the repository's `assets/` folder.
(Its subfolders are listed too, as data-only packages, so setuptools ships them without
warnings.) A regular install gets the files inside the package; an editable install reads them
from the source tree (resettle/asset_paths.py looks in both places).
"""

from setuptools import find_namespace_packages, setup

ASSET_PACKAGES = [
    "resettle.assets",
    *(f"resettle.assets.{name}" for name in find_namespace_packages(where="assets")),
]

setup(
    packages=[*find_namespace_packages(include=["resettle", "resettle.*"]), *ASSET_PACKAGES],
    package_dir={"resettle.assets": "assets"},
)
