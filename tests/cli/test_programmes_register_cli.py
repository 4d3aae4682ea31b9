"""``resettle programmes register|complete|export|attendance`` against a real data folder:
the programme team records a register from a file (refused naming the row and field), and the
CSV exports escape a cell that a spreadsheet would run as a formula; ``--out`` never replaces
a file without ``--force``."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from resettle.cli import main
from resettle.domain.staff import Actor, Role
from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import refer_to_programme
from resettle.services.registration import register_person
from resettle.storage.tables.audit import AuditEntryRow
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
    assert lines[0] == "BC-MOD G1: Getting started session (2 of 12 places)"
    assert lines[1].startswith(f"B0001CC\t{FORMULA} ") and lines[1].endswith("\tnot marked")
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "prison_number,outcome\nB0001CC,attended_complied\nB0002CC,acceptable_absence\n",
        encoding="utf-8",
    )
    code, _, err = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(broken))
    assert code == 2
    assert (
        "Row 2" in err
        and "Reason: an acceptable absence needs a reason" in err
        and "B0002CC" in err
    )
    bad_value = tmp_path / "bad.csv"
    bad_value.write_text("prison_number,outcome\nB0001CC,here\n", encoding="utf-8")
    code, _, err = run(
        data_dir, capsys, "register", "--session", "1", "--from-file", str(bad_value)
    )
    assert code == 2 and "Marks row 1, outcome" in err
    marks = tmp_path / "marks.csv"
    marks.write_text(
        "prison_number,outcome,absence_reason\n"
        "B0001CC,attended_complied,\nB0002CC,acceptable_absence,regime_or_lockdown\n",
        encoding="utf-8",
    )
    code, out, _ = run(data_dir, capsys, "register", "--session", "1", "--from-file", str(marks))
    assert (code, out) == (0, "Recorded 2 marks: 1 acceptable_absence, 1 attended_complied\n")
    dates = ("--establishment", "MDI", "--from", "2026-11-01", "--to", "2026-12-31", "--csv")
    code, out, _ = run(data_dir, capsys, "attendance", *dates)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["week_starting", "prison_number", "name"]
    assert rows[1][0] == "2026-11-02" and rows[1][1] == "B0001CC"
    assert rows[1][2].startswith("'=HYPERLINK(")  # shown, never run
    assert rows[1][5:] == ["1", "1", "0"] and rows[2][5:] == ["1", "0", "1"]
    code, out, _ = run(data_dir, capsys, "export", *dates)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) == 3 and rows[1][2].startswith("'=HYPERLINK(")
    # Assessed as suitable before the place was given; not on the programme yet.
    assert rows[1][9] == "assessed_suitable" and rows[1][5] and rows[1][6] and rows[1][7] == ""
    target = tmp_path / "weeks.csv"
    assert run(data_dir, capsys, "attendance", *dates, "--out", str(target))[0] == 0
    first = target.read_bytes()
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
