"""The console script's process keeps start-up objects out of garbage collection; any other
caller of ``main`` (these tests, the GUI) finds the collector as it left it."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import resettle.cli as cli
from resettle.cli import main
from resettle.cli.short_lived import PYDANTIC_PLUGINS, starting_up
from resettle.settings import Settings

OGRS3 = [
    "ogrs3", "--sex", "male", "--dob", "1990-05-17", "--conviction-date", "2024-03-01",
    "--first-sanction-date", "2006-08-01", "--previous-sanctions", "7",
    "--offence-category", "burglary_domestic", "--start-date", "2025-09-01", "--json",
]  # fmt: skip


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the collector is undone (frozen objects back in collections)."""
    enabled = gc.isenabled()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
        else:
            gc.disable()


@pytest.fixture
def collector_during_command(monkeypatch: pytest.MonkeyPatch) -> dict[str, int | bool]:
    """Records whether the collector is on, and how many objects are frozen, while the
    command's handler runs."""
    seen: dict[str, int | bool] = {}
    run_command = cli._run_command

    def spy(args: argparse.Namespace, settings: Settings) -> int:
        seen["enabled"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        return run_command(args, settings)

    monkeypatch.setattr(cli, "_run_command", spy)
    return seen


@pytest.mark.usefixtures("collector_restored")
def test_the_console_script_freezes_what_start_up_built_and_collects_during_the_command(
    tmp_path: Path, collector_during_command: dict[str, int | bool]
) -> None:
    gc.unfreeze()
    assert main(["--data-dir", str(tmp_path), *OGRS3], own_process=True) == 0
    assert collector_during_command["enabled"] is True
    frozen_at_start = collector_during_command["frozen"]
    assert isinstance(frozen_at_start, int) and frozen_at_start > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_at_start  # and everything at exit


@pytest.mark.usefixtures("collector_restored")
def test_other_callers_of_main_keep_the_collector_as_it_was(
    tmp_path: Path, collector_during_command: dict[str, int | bool]
) -> None:
    gc.unfreeze()
    assert main(["--data-dir", str(tmp_path), *OGRS3]) == 0
    assert collector_during_command == {"enabled": True, "frozen": 0}
    assert gc.get_freeze_count() == 0 and gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_starting_up_pauses_collection_and_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    with starting_up():
        assert not gc.isenabled()
    assert not gc.isenabled()
    gc.enable()
    with starting_up():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_restored")
def test_the_collector_is_back_on_when_the_command_line_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    gc.enable()
    with pytest.raises(SystemExit):
        main(["ogrs3", "--no-such-option"], own_process=True)
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err
    assert gc.isenabled()


def test_the_console_script_prints_what_main_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--data-dir", str(tmp_path), *OGRS3]
    assert main(argv) == 0
    in_process = capsys.readouterr().out
    done = subprocess.run(
        [sys.executable, "-m", "resettle", *argv], capture_output=True, text=True, check=True
    )
    assert done.stdout == in_process and '"two_year": 39,' in in_process
    assert done.stderr == ""


@pytest.mark.usefixtures("collector_restored")
def test_start_up_tells_pydantic_not_to_search_for_plugins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PYDANTIC_PLUGINS, "unset below; put back as it was after the test")
    monkeypatch.delenv(PYDANTIC_PLUGINS)
    with starting_up():
        pass
    assert os.environ[PYDANTIC_PLUGINS] == "__all__"


@pytest.mark.usefixtures("collector_restored")
def test_start_up_keeps_a_plugin_setting_the_user_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PYDANTIC_PLUGINS, "logfire")
    with starting_up():
        pass
    assert os.environ[PYDANTIC_PLUGINS] == "logfire"
