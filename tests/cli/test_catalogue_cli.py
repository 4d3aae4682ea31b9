"""``resettle catalogue add`` asks for the person's words; ``relabel`` can give them to an entry;
``list`` shows them, or says an entry has none."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli import main
from tests.cli.conftest import act_as_demo, run_cli

WORDS = (
    "--plain-title",
    "Help for veterans to find a home",
    "--plain-sentence",
    "We help you find a home if you served in the armed forces.",
)
ADD = ("catalogue", "add", "--code", "veterans_housing", "--pathway", "accommodation")


def _listed(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run_cli("--data-dir", str(data_dir), "catalogue", "list", capsys=capsys)
    assert code == 0
    return out


def test_add_list_and_relabel_with_the_persons_words(
    migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = str(migrated_data_dir)
    assert main(["--data-dir", folder, "demo", "--size", "3"]) == 0
    capsys.readouterr()
    act_as_demo(monkeypatch, "demo.admin")
    with pytest.raises(SystemExit) as missing:  # argparse: the words are required
        main(["--data-dir", folder, *ADD, "--label", "Veterans' housing"])
    assert missing.value.code == 2 and "--plain-title" in capsys.readouterr().err
    code, _, err = run_cli(
        "--data-dir",
        folder,
        *ADD,
        "--label",
        "Veterans' housing",
        "--plain-title",
        "SSAFA referral",
        "--plain-sentence",
        WORDS[3],
        capsys=capsys,
    )
    assert code != 0 and "acronym 'SSAFA'" in err
    assert "veterans_housing" not in _listed(migrated_data_dir, capsys)
    code, out, _ = run_cli(
        "--data-dir", folder, *ADD, "--label", "Veterans' housing", *WORDS, capsys=capsys
    )
    assert code == 0 and "Added veterans_housing" in out
    listed = _listed(migrated_data_dir, capsys)
    line = next(x for x in listed.splitlines() if x.startswith("veterans_housing"))
    assert line.split("\t")[3] == "Help for veterans to find a home"
    assert "(no words for the person" not in listed  # the defaults have theirs
    code, out, _ = run_cli(
        "--data-dir",
        folder,
        "catalogue",
        "relabel",
        "veterans_housing",
        "Housing for veterans",
        "--plain-title",
        "Help for people who served to find a home",
        "--plain-sentence",
        WORDS[3],
        capsys=capsys,
    )
    assert code == 0
    assert out.strip() == (
        "veterans_housing: Housing for veterans "
        "(for the person: Help for people who served to find a home)"
    )
