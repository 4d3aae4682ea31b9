"""Commands that need no database load no database, Qt or PDF machinery, and the lazy parser
reads the same as the full one.

Start-up time itself is measured in benchmarks/ (bench_cli_startup.py), not here: what these
tests pin is the cause of a slow start, the modules a command imports.
"""

from __future__ import annotations
import __future__

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from resettle.cli import build_parser
from resettle.cli.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "docs" / "examples" / "profile.json"
PACK = ROOT / "resettle" / "evidence" / "data" / "pack.json"
PNI_INPUT = ROOT / "docs" / "examples" / "pni.json"
OGRS3 = [
    "ogrs3", "--sex", "male", "--dob", "1990-05-17", "--conviction-date", "2024-03-01",
    "--first-sanction-date", "2006-08-01", "--previous-sanctions", "7",
    "--offence-category", "burglary_domestic", "--start-date", "2025-09-01", "--json",
]  # fmt: skip
HEAVY = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "PySide6",
    "reportlab",
    "resettle.services",
    "resettle.storage",
    "resettle.ui",
    "resettle.reports",
)

#: Runs ``main(argv)`` in a fresh interpreter, its output thrown away, then prints the exit
#: code and the heavy packages that were imported, as JSON.
PROBE = """
import contextlib, io, json, sys
from resettle.cli import main
argv, heavy = json.loads(sys.argv[1]), json.loads(sys.argv[2])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
loaded = sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + ".")})
print(json.dumps({"code": code, "loaded": loaded}))
"""


def imported_by(argv: list[str], watched: tuple[str, ...] = HEAVY) -> tuple[int, list[str]]:
    """The exit code of ``argv`` and which of the ``watched`` packages it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(argv), json.dumps(watched)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    report = json.loads(done.stdout)
    return report["code"], report["loaded"]


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        OGRS3,
        ["recommend", "--profile", str(PROFILE)],
        ["evidence", "validate", str(PACK)],
        ["pni", "--input", str(PNI_INPUT), "--json"],
    ],
    ids=["version", "ogrs3", "recommend", "evidence-validate", "pni"],
)
def test_database_free_commands_import_no_database_qt_or_pdf_code(argv: list[str]) -> None:
    code, loaded = imported_by(argv)
    assert code == 0
    assert loaded == []


def test_the_probe_sees_a_command_that_opens_the_database(tmp_path: Path) -> None:
    _, loaded = imported_by(["--data-dir", str(tmp_path), "db", "check"])
    assert "sqlalchemy" in loaded and "resettle.services" in loaded


def test_each_module_registers_the_commands_the_table_gives_it() -> None:
    for module in {command.module for command in COMMANDS.values()}:
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"resettle.cli.{module}").register(subparsers)
        expected = [name for name, command in COMMANDS.items() if command.module == module]
        assert list(subparsers.choices) == expected, module


def test_top_level_help_is_the_same_without_loading_the_commands() -> None:
    assert build_parser([]).format_help() == build_parser().format_help()
    assert "recommend" in build_parser([]).format_help()


def test_ogrs3_does_not_build_the_person_models() -> None:
    code, loaded = imported_by(OGRS3, ("resettle.domain.ogrs3", "resettle.domain.person"))
    assert code == 0
    assert loaded == ["resettle.domain.ogrs3"]


def test_evidence_validate_does_not_build_the_recommender_models() -> None:
    watched = ("resettle.evidence.loader", "resettle.evidence.profile", "resettle.evidence.results")
    code, loaded = imported_by(["evidence", "validate", str(PACK)], watched)
    assert code == 0
    assert loaded == ["resettle.evidence.loader"]


#: Prints the names of the ``resettle`` modules ``main(argv)`` imported, as JSON.
MODULES_PROBE = """
import contextlib, io, json, sys
from resettle.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(json.loads(sys.argv[1]))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("resettle"))))
"""


@pytest.mark.parametrize(
    "argv",
    [OGRS3, ["recommend", "--profile", str(PROFILE)], ["evidence", "validate", str(PACK)]],
    ids=["ogrs3", "recommend", "evidence-validate"],
)
def test_models_these_commands_build_have_their_annotations_evaluated_as_they_load(
    argv: list[str],
) -> None:
    """Pydantic compiles each annotation string of a model while it builds the class, so a
    module with ``from __future__ import annotations`` makes every start-up pay for it."""
    done = subprocess.run(
        [sys.executable, "-c", MODULES_PROBE, json.dumps(argv)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    modules = [importlib.import_module(name) for name in json.loads(done.stdout)]
    with_models = [m for m in modules if _defines_a_model(m)]
    assert with_models, "the probe saw no module that defines a Pydantic model"
    postponed = [m.__name__ for m in with_models if _postpones_annotations(m)]
    assert postponed == []


def _defines_a_model(module: object) -> bool:
    from pydantic import BaseModel

    return any(
        isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.__module__ == getattr(module, "__name__", None)
        for value in vars(module).values()
    )


def _postpones_annotations(module: object) -> bool:
    return getattr(module, "annotations", None) is __future__.annotations
