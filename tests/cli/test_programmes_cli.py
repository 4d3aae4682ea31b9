"""``resettle programmes statuses``: the workflow as the database holds it, as JSON, as a
Graphviz diagram (the one docs/ shows) and as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.programme_referral_workflow import STANDARD_WORKFLOW
from resettle.services.workspace import open_settings_database
from resettle.settings import resolve_settings
from resettle.storage.tables.programme_workflow import ProgrammeReferralMoveRoleRow

DOCS_DOT = Path(__file__).parents[2] / "docs" / "images" / "programme-referral-workflow.dot"


def _run(data_dir: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "programmes", "statuses", *args])
    out, _err = capsys.readouterr()
    return code, out


def test_json_lists_every_status_every_move_and_the_roles_of_each_group(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(officer_data_dir, "--json", capsys=capsys)
    assert code == 0
    listed = json.loads(out)
    assert set(listed) == {"statuses", "moves", "roles"}
    assert [s["code"] for s in listed["statuses"]] == [
        "draft",
        "submitted",
        "awaiting_assessment",
        "assessment_started",
        "assessed_suitable",
        "on_programme",
        "suitable_not_ready",
        "on_hold_submitted",
        "on_hold_awaiting_assessment",
        "on_hold_assessment_started",
        "programme_complete",
        "not_eligible",
        "not_suitable",
        "deselected",
        "withdrawn",
    ]
    draft = listed["statuses"][0]
    assert (draft["draft"], draft["open"], draft["closed"]) == (True, False, False)
    assert listed["roles"] == {
        "programme_team": ["programme_team"],
        "referrer": ["officer", "prison_staff"],
    }
    assert all(set(move) == {"from", "to", "roles"} for move in listed["moves"])
    assert len(listed["moves"]) == 28
    assert {"from": "draft", "to": "submitted", "roles": ["programme_team", "referrer"]} in (
        listed["moves"]
    )
    assert {"from": "on_programme", "to": "deselected", "roles": ["programme_team"]} in (
        listed["moves"]
    )
    assert not [
        m for m in listed["moves"] if m["from"] == "on_programme" and "referrer" in m["roles"]
    ]


def test_the_listing_follows_the_table_not_the_codes_copy(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_settings_database(resolve_settings(officer_data_dir))
    try:
        with database.uow() as uow:
            row = uow.session.get(
                ProgrammeReferralMoveRoleRow, ("submitted", "withdrawn", "referrer")
            )
            assert row is not None
            uow.session.delete(row)
            uow.commit()
    finally:
        database.close()
    _code, out = _run(officer_data_dir, "--json", capsys=capsys)
    moves = json.loads(out)["moves"]
    assert {"from": "submitted", "to": "withdrawn", "roles": ["programme_team"]} in moves
    _code, dot = _run(officer_data_dir, "--dot", capsys=capsys)
    assert 'submitted -> withdrawn [label="programme_team",' in dot


def test_dot_draws_statuses_as_nodes_and_moves_as_labelled_edges(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(officer_data_dir, "--dot", capsys=capsys)
    assert code == 0
    assert out.startswith("digraph programme_referral_workflow {") and out.endswith("}\n")
    nodes = [line for line in out.splitlines() if "[label=" in line and "->" not in line]
    edges = [line for line in out.splitlines() if "->" in line]
    assert len(nodes) == len(STANDARD_WORKFLOW.statuses) and len(edges) == 28
    assert '  on_programme [label="On programme",' in out
    assert '  draft -> submitted [label="programme_team + referrer",' in out
    assert (
        '  on_programme -> assessed_suitable [label="programme_team (deselect, stays open)",' in out
    )


def test_the_picture_in_the_docs_is_drawn_from_todays_workflow(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/images/programme-referral-workflow.dot is the command's output (the .png and .svg
    beside it are drawn from it: docs/programme-referrals.md says how)."""
    _code, out = _run(officer_data_dir, "--dot", capsys=capsys)
    assert DOCS_DOT.read_text(encoding="utf-8") == out, (
        "Regenerate: resettle programmes statuses --dot > docs/images/"
        "programme-referral-workflow.dot, then draw the .png and .svg with dot"
    )


def test_text_lists_each_status_and_its_moves(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _run(officer_data_dir, capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    at = lines.index("on_programme\tOn programme\t(open)")
    assert [line.split("\t")[:2] for line in lines[at + 1 : at + 6]] == [
        ["  -> assessed_suitable", "programme_team"],
        ["  -> suitable_not_ready", "programme_team"],
        ["  -> programme_complete", "programme_team"],
        ["  -> deselected", "programme_team"],
        ["suitable_not_ready", "Suitable but not ready"],
    ]
    assert lines[at + 1].endswith("Deselect, keep the referral open (ready to restart)")
    assert "withdrawn\tWithdrawn\t(closed)" in lines


def test_json_and_dot_cannot_be_asked_for_together(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", str(officer_data_dir), "programmes", "statuses", "--json", "--dot"])
    assert exit_.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
