"""A regular install (`pip install .`, not editable) carries the assets and prints a plan.

The project's files are copied to a temporary folder (so no earlier build output can stand in
for a missing file), installed with pip into a fresh virtual environment, and a plan is printed
from there. The new environment borrows the test environment's site-packages for Resettle's
dependencies and for setuptools, so nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.pdf_resources import embedded_fonts, images_per_page

REPO = Path(__file__).resolve().parents[2]
#: What a source distribution of Resettle consists of.
PROJECT_FILES = ("pyproject.toml", "setup.py", "README.md", "LICENSE", "resettle", "assets")
INSTALL_TIMEOUT_S = 180

PRINT_A_PLAN = """
import json, sys
import resettle
from resettle.asset_paths import assets_dir
from resettle.domain.common_passwords import common_passwords
from resettle.domain.programmes.catalogue_file import shipped_catalogue
from resettle.reports import render_officer_plan
from resettle.reports.samples import sample_plan_document

with open(sys.argv[1], "wb") as handle:
    handle.write(render_officer_plan(sample_plan_document()))
print(json.dumps({
    "package": resettle.__file__,
    "assets": str(assets_dir()),
    "common_passwords": len(common_passwords()),
    "programmes": len(shipped_catalogue().programmes),
}))
"""


def _copy_project(target: Path) -> None:
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


def _fresh_environment(where: Path) -> Path:
    """A new virtual environment that sees this one's packages; returns its python."""
    venv.create(where, with_pip=False, symlinks=os.name != "nt")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Plain paths, appended after the new environment's own site-packages; .pth files in them
    # (this environment's editable install of Resettle) are not run.
    borrowed = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    Path(site, "borrowed-from-tests.pth").write_text("\n".join(borrowed) + "\n")
    return python


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_"))}
    env["PIP_CONFIG_FILE"] = os.devnull  # no index or constraints from the machine's pip.conf
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S
    )


def test_a_regular_install_prints_a_plan_with_the_shipped_font_and_logo(tmp_path: Path) -> None:
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not installed in the test environment")
    project, environment = tmp_path / "project", tmp_path / "venv"
    _copy_project(project)
    try:
        python = _fresh_environment(environment)
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"cannot create a virtual environment here: {error}")

    install = _run(
        [
            str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
            "--no-index", "--no-deps", "--no-build-isolation", "--check-build-dependencies",
            "--ignore-installed", "--no-cache-dir", "--no-compile", "--no-warn-conflicts",
            str(project),
        ],
        cwd=tmp_path,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr

    pdf = tmp_path / "plan.pdf"
    # -I: neither the current folder nor PYTHONPATH can put the source tree on the path.
    printed = _run([str(python), "-I", "-c", PRINT_A_PLAN, str(pdf)], cwd=tmp_path)
    assert printed.returncode == 0, printed.stderr
    where = json.loads(printed.stdout)
    installed = environment.resolve()
    assert Path(where["package"]).resolve().is_relative_to(installed)
    assert Path(where["assets"]).resolve().is_relative_to(installed)
    assert where["common_passwords"] > 19_000  # the password policy's list is shipped too
    assert where["programmes"] == 8  # the programme catalogue file is shipped too

    data = pdf.read_bytes()
    assert embedded_fonts(data) == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(len(images) == 1 for images in images_per_page(data))  # the logo
