"""``resettle programmes register|complete|export|attendance`` against a real data folder:
the programme team records a register from a file (refused naming the row and field), and the
CSV exports escape a cell that a spreadsheet would run as a formula; ``--out`` never replaces
a file without ``--force``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from resettle.cli import main
from resettle.domain.staff import Actor, Role
from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import refer_to_programme
from resettle.services.registration import register_person
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeSessionRow,
)
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_OFFICER, TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace
from tests.factories import another_person
from tests.programme_steps import acting, assess_as_suitable

FORMULA = '=HYPERLINK("http://example.invalid","Click")'


@pytest.fixture
def data_dir(officer_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = officer_workspace(officer_data_dir)
    officer = workspace.actor
    with workspace.uow() as uow:
        moorland = uow.staff.add_establishment(EstablishmentRow(code="MDI", name="Moorland")).id
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=moorland)
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="G1",
            capacity=12,
            starts_on=dt.date(2026, 11, 2),
            ends_on=dt.date(2027, 1, 29),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        # Planned ahead while the places are given (a place is given only in a group with a
        # session to come), then moved to its past date below.
        starts = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
        session = ProgrammeSessionRow(
            group_id=group.id,
            sequence=1,
            module_number=2,
            session_number=1,
            name="Getting started session",
            session_type="group",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            is_catch_up=False,
        )
        uow.programmes.add(session)
        uow.commit()
        group_id, session_id = group.id, session.id
    team_id = seed_account(
        workspace.database, "cli.team", (Role.PROGRAMME_TEAM,), establishment_id=moorland
    )
    team = Actor(
        id=team_id, username="cli.team", display_name="T", roles=frozenset({Role.PROGRAMME_TEAM})
    )
    named: dict[int, dict[str, str]] = {1: {"given_name": FORMULA}, 2: {}}
    people = [
        register_person(
            officer,
            workspace.uow(),
            another_person(n, establishment_id=moorland, **named[n]),
        ).id
        for n in (1, 2)
    ]
    for person in people:
        referral = refer_to_programme(
            officer, workspace.uow(), person, {"programme_code": "BC-MOD"}
        )
        revision = assess_as_suitable(acting(team, workspace.uow), referral, 1)
        give_group_place(team, workspace.uow(), referral, revision, group_id)
    with workspace.uow() as uow:
        for place in uow.session.scalars(select(ProgrammeGroupMemberRow)):
            place.joined_at = dt.datetime(2026, 10, 30, tzinfo=dt.UTC)
        planned = uow.session.get(ProgrammeSessionRow, session_id)
        assert planned is not None
        planned.starts_at = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)
        planned.ends_at = planned.starts_at + dt.timedelta(hours=2)
        uow.commit()
    workspace.close()
    act_as(monkeypatch, "cli.team", TEST_PASSWORD)
    return officer_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "programmes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_register_is_recorded_from_a_file_and_exported_as_safe_csv(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(data_dir, capsys, "register", "--session", "1")
    assert code == 0
    lines = out.splitlines()
    # When the session runs (UK time) and its place in the programme (user trial).
    assert lines[0] == (
        "BC-MOD G1: Getting started session, Mon 02/11/2026 09:00-11:00, module 2 session 1 "
        "(2 of 12 places)"
    )
    assert lines[1] == "prison_number\tname\tmark\treason\tnote"
    assert lines[2].startswith(f"B0001CC\t{FORMULA} ") and lines[2].endswith("\tnot marked\t-\t-")
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "prison_number,outcome\nB0001CC,attended_complied\nB0002CC,acceptable_absence\n",
        encoding="utf-8",
    )
    code, _, err = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(broken))
    assert code == 2
    # The service's refusal told by the file's row (the header is row 1) and column.
    assert "resettle: Marks file row 3, absence_reason (" in err
    assert "(B0002CC)): an acceptable absence needs a reason" in err
    bad_value = tmp_path / "bad.csv"
    bad_value.write_text("prison_number,outcome\nB0001CC,here\n", encoding="utf-8")
    code, _, err = run(
        data_dir, capsys, "register", "--session", "1", "--from-file", str(bad_value)
    )
    assert code == 2 and "Marks file row 2, outcome: 'here' is not one of" in err
    marks = tmp_path / "marks.csv"
    marks.write_text(
        "prison_number,outcome,absence_reason\n"
        "B0001CC,attended_complied,\nB0002CC,acceptable_absence,regime_or_lockdown\n",
        encoding="utf-8",
    )
    code, out, _ = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(marks))
    # In words, as the register shows them (user trial: codes were printed).
    assert (code, out) == (0, "Recorded 2 marks: 1 acceptable absence, 1 attended and complied\n")
    dates = ("--establishment", "MDI", "--from", "2026-11-01", "--to", "2026-12-31", "--csv")
    code, out, _ = run(data_dir, capsys, "attendance", *dates)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["week_starting", "prison_number", "name"]
    assert rows[1][0] == "2026-11-02" and rows[1][1] == "B0001CC"
    assert rows[1][2].startswith("'=HYPERLINK(")  # shown, never run
    assert rows[0][5:] == [
        "scheduled",
        "attended",
        "acceptable_absence",
        "unacceptable_absence",
        "not_yet_marked",
    ]
    # An acceptable absence is its own column, not a missed session.
    assert rows[1][5:] == ["1", "1", "0", "0", "0"] and rows[2][5:] == ["1", "0", "1", "0", "0"]
    code, out, _ = run(data_dir, capsys, "export", *dates)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 3 and rows[1][2].startswith("'=HYPERLINK(")
    milestones = dict(zip(rows[0], rows[1], strict=True))
    # Assessed as suitable before the place was given; not on the programme yet.
    assert (milestones["status_now"], milestones["status_code"]) == (
        "Assessed as suitable",
        "assessed_suitable",
    )
    assert milestones["submitted"] and milestones["assessed"]
    assert milestones["on_programme"] == milestones["deselected"] == ""
    assert milestones["completed_or_closed"] == ""
    target = tmp_path / "weeks.csv"
    assert run(data_dir, capsys, "attendance", *dates, "--out", str(target))[0] == 0
    first = target.read_bytes()
    # A byte-order mark for Excel in the file (standard output has none, for pipes).
    assert first.startswith(b"\xef\xbb\xbfweek_starting,")
    target.write_bytes(b"keep me")
    code, _, err = run(data_dir, capsys, "attendance", *dates, "--out", str(target))
    assert code == 2 and "--force" in err and target.read_bytes() == b"keep me"
    assert run(data_dir, capsys, "attendance", *dates, "--out", str(target), "--force")[0] == 0
    assert target.read_bytes() == first
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            actions = [
                row.action
                for row in uow.session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.seq))
            ]
    finally:
        workspace.close()
    # One row per person marked; per export one row of totals and one per person in it.
    assert actions.count("programme_attendance.recorded") == 2
    assert actions.count("programme_attendance.exported") == 3 * (1 + 2)
    assert actions.count("programme_referrals.exported") == 1 + 2


def test_the_exports_are_the_programme_teams_and_managers_only(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An officer reaches the people but may not take the files of names (review finding 7):
    refused naming the permission, nothing written, nothing audited."""
    act_as(monkeypatch, TEST_OFFICER, TEST_PASSWORD)
    dates = ("--establishment", "MDI", "--from", "2026-11-01", "--to", "2026-12-31", "--csv")
    for command in ("export", "attendance"):
        code, out, err = run(data_dir, capsys, command, *dates)
        assert code == 2 and out == ""
        assert "may not export programme referrals or attendance to a file" in err
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            exported = uow.session.scalars(
                select(AuditEntryRow).where(AuditEntryRow.action.like("%.exported"))
            ).all()
    finally:
        workspace.close()
    assert exported == []


def test_an_export_names_the_establishment_in_any_case_and_refuses_one_out_of_reach(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            uow.staff.add_establishment(EstablishmentRow(code="LEI", name="Leeds"))
            uow.commit()
    finally:
        workspace.close()
    dates = ("--from", "2026-11-01", "--to", "2026-12-31", "--csv")
    code, out, _ = run(data_dir, capsys, "export", "--establishment", "mdi", *dates)
    assert code == 0 and len(list(csv.reader(io.StringIO(out)))) == 3
    for name in ("export", "attendance"):
        code, out, err = run(data_dir, capsys, name, "--establishment", "lei", *dates)
        assert (code, out) == (2, "")
        assert (
            err
            == "resettle: --establishment: you do not work in or manage LEI; choose one you do\n"
        )
    code, _, err = run(data_dir, capsys, "export", "--establishment", "XYZ", *dates)
    assert code == 2 and err.startswith("resettle: --establishment: there is no establishment")


def test_a_refusal_names_its_field_once(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(data_dir, capsys, "correct", "--referral", "1", "--notes", " ")
    assert code == 2
    assert err.startswith("resettle: --notes: ") and "Notes:" not in err


def _marks(data_dir: Path) -> list[tuple[str, int, str, str | None]]:
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            return [
                (r.outcome, r.mark_number, r.note, r.correction_reason)
                for r in uow.session.scalars(
                    select(ProgrammeAttendanceRow).order_by(ProgrammeAttendanceRow.id)
                )
            ]
    finally:
        workspace.close()


def test_a_file_with_any_bad_row_saves_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A duplicate row, an unknown prison number and a broken row each name their row; the
    good rows are not saved either."""
    path = tmp_path / "marks.csv"
    path.write_text(
        "prison_number,outcome,absence_reason,note\n"
        "B0001CC,attended_complied,,\n"
        "B0002CC,attended_complied,,\n"
        "B0001CC,unacceptable_absence,,\n"
        "C9999ZZ,attended_complied,,\n",
        encoding="utf-8",
    )
    code, out, err = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(path))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "resettle: Marks file row 4, prison_number: B0001CC is marked already in row 2; give "
        "each person one row",
        "resettle: Marks file row 5, prison_number: 'C9999ZZ' is not in this session's "
        "register: nobody with that prison number held a place in group G1 when it started",
    ]
    path.write_text(
        "prison_number,outcome\nB0001CC,attended_complied\nB0002CC,attended_complied,x\n",
        encoding="utf-8",
    )
    code, _, err = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(path))
    assert code == 2
    assert "Marks file row 3: 3 cells, but the header has 2 columns" in err
    # A person of the register the file leaves out: named, nothing saved.
    path.write_text("prison_number,outcome\nB0001CC,attended_complied\n", encoding="utf-8")
    code, _, err = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(path))
    assert code == 2 and "(B0002CC) is in the register but not in the file" in err
    assert _marks(data_dir) == []


def test_the_register_shows_reasons_and_notes_and_a_mark_is_corrected_saying_why(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    long_note = "Left at the break to see healthcare, came back for the last exercise."
    path = tmp_path / "marks.json"
    path.write_text(
        json.dumps(
            [
                {"prison_number": "B0001CC", "outcome": "attended_complied", "note": long_note},
                {
                    "prison_number": "B0002CC",
                    "outcome": "acceptable_absence",
                    "absence_reason": "legal_visit_or_court",
                    "note": "Court",
                },
            ]
        ),
        encoding="utf-8",
    )
    assert run(data_dir, capsys, "register", "--session", "1", "--from-file", str(path))[0] == 0
    code, out, _ = run(data_dir, capsys, "register", "--session", "1")
    lines = out.splitlines()
    assert code == 0
    assert lines[2].endswith("\tAttended and complied\t-\t" + long_note[:39].rstrip() + "…")
    assert lines[3].endswith("\tAcceptable absence\tLegal visit or court\tCourt")
    assert lines[4] == (
        "Notes longer than 40 characters are cut (…): add --details to see them in full."
    )
    # --why is required, and an empty one is refused naming it; nothing saved.
    correct = ("correct-mark", "--session", "1", "--person", "B0001CC")
    with pytest.raises(SystemExit):
        run(data_dir, capsys, *correct, "--outcome", "unacceptable_absence")
    assert "the following arguments are required: --why" in capsys.readouterr().err
    code, _, err = run(
        data_dir, capsys, *correct, "--outcome", "unacceptable_absence", "--why", "  "
    )
    assert (code, err) == (2, "resettle: --why: is required\n")
    assert len(_marks(data_dir)) == 2
    code, out, _ = run(
        data_dir,
        capsys,
        *correct,
        "--outcome",
        "unacceptable_absence",
        "--why",
        "Marked present by mistake",
    )
    assert (code, out) == (0, "B0001CC: mark 2 recorded (Unacceptable absence)\n")
    assert _marks(data_dir)[-1] == ("unacceptable_absence", 2, "", "Marked present by mistake")
    code, out, _ = run(data_dir, capsys, "register", "--session", "1", "--details")
    assert code == 0
    assert f"  note: {long_note}" not in out  # the correction's own note is empty
    block = out.split("B0001CC\t", 1)[1].split("B0002CC", 1)[0].splitlines()
    assert block[0].endswith("\tUnacceptable absence (corrected)")
    assert block[1:3] == ["  reason: -", "  note: -"]
    # Each mark of the history shows its own note (user trial: the first mark's was dropped).
    assert block[3].startswith("  mark 1, ") and block[3].endswith(
        f": Attended and complied; note: {long_note}"
    )
    assert block[4].startswith("  mark 2, ") and block[4].endswith(
        ": Unacceptable absence; note: -; why corrected: Marked present by mistake"
    )
    assert "  note: Court" in out
    assert "  reason: Legal visit or court" in out
    code, out, _ = run(data_dir, capsys, "register", "--session", "1", "--json")
    read = json.loads(out)
    assert (read["starts_at"], read["ends_at"]) == (
        "2026-11-02T09:00:00+00:00",
        "2026-11-02T11:00:00+00:00",
    )
    assert (read["module_number"], read["session_number"]) == (2, 1)
    shown = read["rows"][0]
    assert shown["outcome"] == "unacceptable_absence"  # the code kept in JSON
    assert shown["mark"]["correction_reason"] == "Marked present by mistake"
    assert [h["note"] for h in shown["history"]] == [long_note, ""]


def test_the_register_shows_control_characters_in_notes_as_marks_not_escapes(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Security review: a note's terminal escape sequence recoloured the terminal."""
    path = tmp_path / "marks.json"
    marks = [
        {"prison_number": "B0001CC", "outcome": "attended_complied", "note": "\x1b[31mred"},
        {"prison_number": "B0002CC", "outcome": "attended_complied", "note": "one\ntwo"},
    ]
    path.write_text(json.dumps(marks), encoding="utf-8")
    assert run(data_dir, capsys, "register", "--session", "1", "--from-file", str(path))[0] == 0
    for shown in ((), ("--details",)):
        code, out, _ = run(data_dir, capsys, "register", "--session", "1", *shown)
        assert code == 0 and "\x1b" not in out and "\ufffd[31mred" in out
    assert "  note: one\n        two\n" in out
