"""``resettle programmes refer|move|correct|place|history|referrals`` as a script uses them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from resettle.cli import main
from resettle.domain import clock
from resettle.domain.staff import Role
from resettle.services.registration import register_person
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_OFFICER, TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace
from tests.factories import person_data


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    """The test officer's person A1234BC held at LEI, a programme team account there, and a
    BC-MOD group of one place."""
    workspace = officer_workspace(officer_data_dir)
    try:
        with workspace.uow() as uow:
            leeds = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="Leeds")).id
            uow.commit()
        register_person(workspace.actor, workspace.uow(), person_data(establishment_id=leeds))
        seed_account(
            workspace.database, "cli.tutor", (Role.PROGRAMME_TEAM,), establishment_id=leeds
        )
        with workspace.uow() as uow:
            programme = uow.programmes.programme_by_code("BC-MOD")
            assert programme is not None
            offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=leeds)
            uow.programmes.add(offering)
            uow.programmes.add(
                ProgrammeGroupRow(
                    offering_id=offering.id,
                    code="LEI-1",
                    capacity=1,
                    starts_on=dt.date(2027, 1, 4),
                    ends_on=dt.date(2027, 3, 29),
                    schedule=[],
                    facilitator_ids=[],
                )
            )
            uow.commit()
    finally:
        workspace.close()
    return officer_data_dir


def run(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "programmes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_officer_refers_and_the_programme_team_moves_the_referral(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """User trial: the commands printed status codes (assessed_suitable) where the screens
    say "Assessed as suitable", and a group was named only by its id. The statuses, reasons
    and moves are printed in the workflow's words and a group is named by its id or code;
    ``--json`` keeps the codes."""
    code, out, _ = run(
        data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD", "--notes", "Keen"
    )
    assert (code, out) == (0, "Referral 1: BC-MOD for A1234BC, Referral submitted\n")
    code, out, err = run(data_dir, capsys, "move", "--referral", "1", "--to", "awaiting_assessment")
    assert code == 2 and out == ""
    assert (
        "A referrer may not move a referral from Referral submitted to Awaiting assessment." in err
    )
    act_as(monkeypatch, "cli.tutor", TEST_PASSWORD)
    code, out, _ = run(data_dir, capsys, "move", "--referral", "1", "--to", "awaiting_assessment")
    assert (code, out) == (
        0,
        "Referral 1: Referral submitted -> Awaiting assessment (revision 2)\n",
    )
    # Not assessed yet: no place; the refusal says which move to make first.
    code, out, err = run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-1")
    assert code == 2 and out == ""
    assert "is Awaiting assessment" in err and "Start the assessment first" in err
    code, out, _ = run(data_dir, capsys, "correct", "--referral", "1", "--notes", "Too soon")
    assert (code, out) == (0, "Referral 1: corrected, back to Referral submitted (revision 3)\n")
    for to in ("awaiting_assessment", "assessment_started"):
        assert run(data_dir, capsys, "move", "--referral", "1", "--to", to)[0] == 0
    # No pathway (no need items): the reasons are listed by their words, with the codes the
    # option takes.
    code, _, err = run(data_dir, capsys, "move", "--referral", "1", "--to", "assessed_suitable")
    assert code == 2 and err.startswith("resettle: --override-reason: the programme is moderate")
    # Second user trial: one ~900-character paragraph listed every reason twice (labels, then
    # codes). Now a short list: the category, then one line per reason, code and words.
    assert err.count("Information missing") == 1 and "Information incomplete:" not in err
    lines = err.splitlines()
    assert lines[0].endswith(
        "choose one of the reasons for a different intensity; give its code:"
    ), lines[0]
    assert len(lines[0]) < 250
    assert "  Information incomplete" in lines
    below = lines[lines.index("  Information incomplete") + 1]
    assert below.split() == ["override_missing_information", "Information", "missing"]
    assert below.startswith("    override_missing_information  ")
    assert len(lines) == 1 + 4 + 9  # the message, 4 categories, 9 reasons
    code, out, _ = run(
        data_dir,
        capsys,
        "move",
        "--referral",
        "1",
        "--to",
        "assessed_suitable",
        "--override-reason",
        "override_missing_information",
    )
    assert (code, out) == (
        0,
        "Referral 1: Assessment started -> Assessed as suitable (revision 6)\n",
    )
    code, _, err = run(data_dir, capsys, "place", "--referral", "1", "--group", "NOPE-9")
    assert code == 2 and "--group: no group 'NOPE-9' that you see" in err
    # By its code, in any case, as 'programmes sessions --group' takes it.
    code, out, _ = run(data_dir, capsys, "place", "--referral", "1", "--group", "lei-1")
    assert (code, out) == (0, "Referral 1: place in group LEI-1 (revision 7)\n")
    code, out, _ = run(data_dir, capsys, "referrals", "--establishment", "LEI", "--json")
    listed = json.loads(out)
    assert listed["counts"] == {"assessed_suitable": 1}
    assert [(r["id"], r["prison_number"]) for r in listed["referrals"]] == [(1, "A1234BC")]
    act_as(monkeypatch, TEST_OFFICER, TEST_PASSWORD)
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC", "--json")
    (referral,) = json.loads(out)
    assert [(h["from_status"], h["to_status"]) for h in referral["history"]] == [
        (None, "draft"),
        ("draft", "submitted"),
        ("submitted", "awaiting_assessment"),
        ("awaiting_assessment", "submitted"),
        ("submitted", "awaiting_assessment"),
        ("awaiting_assessment", "assessment_started"),
        ("assessment_started", "assessed_suitable"),
    ]
    assert referral["history"][3]["corrects_id"] == referral["history"][2]["id"]
    assert referral["history"][-1]["override_reason"] == "override_missing_information"
    assert [m["to_status"] for m in referral["moves_open"]] == ["withdrawn"]
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("Referral 1\tBC-MOD\tAssessed as suitable\t")
    assert "\tAwaiting assessment -> Referral submitted (corrects " in lines[4]
    assert "\tAssessment started -> Assessed as suitable\tInformation missing\t" in lines[7]
    assert "_" not in "".join(line.split("\t")[1] for line in lines[1:-1])  # no codes
    assert lines[-1] == "  moves open to you: Withdrawn"


def test_refusals_name_the_field_and_exit_2(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "NOPE")
    assert code == 2 and "--programme: 'NOPE' is not a programme in the catalogue" in err
    run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD")
    code, _, err = run(data_dir, capsys, "move", "--referral", "1", "--to", "withdrawn")
    assert code == 2 and "--category: choose one of" in err
    code, _, err = run(data_dir, capsys, "move", "--referral", "1", "--to", "nowhere")
    assert code == 2 and "--to: no status 'nowhere'" in err
    code, _, err = run(
        data_dir, capsys, "move", "--referral", "1", "--to", "on_hold_submitted", "--revision", "7"
    )
    assert code == 2 and "Someone else saved" in err
    code, _, err = run(data_dir, capsys, "referrals", "--establishment", "LEI", "--status", "x")
    assert code == 2 and "Status: no status 'x'" in err


def test_the_referrals_list_has_headings_and_names_the_person_and_programme(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """User trial: the rows had no header line and named neither the person nor the
    programme (only its code)."""
    run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD")
    code, out, _ = run(data_dir, capsys, "referrals", "--establishment", "LEI")
    assert code == 0
    counts, heading, row = out.splitlines()
    assert counts == "LEI: Referral submitted 1"
    assert heading.split() == [
        "Referral", "Prison", "number", "Name", "Programme", "Status", "Since", "Days",
        "waiting", "Group",
    ]  # fmt: skip
    assert row.startswith("1 ")
    for shown in (
        "A1234BC",
        "Zoë Ní Bhriain",
        "Building Choices: moderate intensity",
        "Referral submitted",
    ):
        assert shown in row, shown
    assert "BC-MOD" not in row
    # The columns line up under their headings.
    for heading_word, cell in (("Prison number", "A1234BC"), ("Status", "Referral submitted")):
        assert heading.index(heading_word) == row.index(cell)
    code, out, _ = run(data_dir, capsys, "referrals", "--establishment", "LEI", "--status", "draft")
    assert (code, out.splitlines()[1:]) == (0, ["No programme referrals match."])


@pytest.mark.usefixtures("system_day")
def test_referrals_default_to_the_accounts_establishment_and_the_open_referrals(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """User trial: the programme team had to give its only establishment, saw status codes
    counted in alphabetical order, no days waiting, and closed referrals among the open."""
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            found = uow.staff.establishment_by_code("LEI")
            assert found is not None
            leeds = found.id
        register_person(
            workspace.actor,
            workspace.uow(),
            person_data(
                prison_number="B2345CD",
                crn="X654321",
                pnc_number="2005/0054321Y",
                given_name="Amir",
                establishment_id=leeds,
            ),
        )
    finally:
        workspace.close()
    for number in ("A1234BC", "B2345CD"):
        code, _, err = run(data_dir, capsys, "refer", "--person", number, "--programme", "BC-MOD")
        assert code == 0, err
    act_as(monkeypatch, "cli.tutor", TEST_PASSWORD)
    code, _, err = run(data_dir, capsys, "move", "--referral", "2", "--to", "awaiting_assessment")
    assert code == 0, err
    referred_on = clock.today()
    clock.hold_today(referred_on + dt.timedelta(days=5))
    try:
        code, out, err = run(data_dir, capsys, "referrals")
    finally:
        clock.hold_today(referred_on)
    assert code == 0, err
    lines = out.splitlines()
    # The workflow's labels, in its display order (submitted comes before awaiting assessment).
    assert lines[0] == "LEI: Referral submitted 1, Awaiting assessment 1"
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {"1", "2"}
    assert "Awaiting assessment" in rows["2"] and "awaiting_assessment" not in rows["2"]
    assert rows["1"][lines[1].index("Days waiting") :].split()[0] == "5"
    # A referral with a group place waits no more; a closed one is listed only with --status all.
    override = ("--override-reason", "override_missing_information")
    for to, more in (("assessment_started", ()), ("assessed_suitable", override)):
        code, _, err = run(data_dir, capsys, "move", "--referral", "2", "--to", to, *more)
        assert code == 0, err
    code, _, err = run(data_dir, capsys, "place", "--referral", "2", "--group", "1")
    assert code == 0, err
    act_as(monkeypatch, TEST_OFFICER, TEST_PASSWORD)
    withdraw = ("move", "--referral", "1", "--to", "withdrawn", "--category")
    reason = ("withdrawn_personal", "--reason", "withdrawn_personal_reasons")
    code, _, err = run(data_dir, capsys, *withdraw, *reason)
    assert code == 0, err
    code, out, err = run(data_dir, capsys, "referrals", "--establishment", "LEI")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[0] for line in lines[2:]] == ["2"]
    assert lines[2][lines[1].index("Days waiting") :].split()[0] == "-"
    code, out, _ = run(data_dir, capsys, "referrals", "--establishment", "LEI", "--status", "all")
    assert sorted(line.split()[0] for line in out.splitlines()[2:]) == ["1", "2"]
    assert "Withdrawn" in out
    code, out, _ = run(
        data_dir, capsys, "referrals", "--establishment", "LEI", "--status", "all", "--json"
    )
    listed = json.loads(out)
    assert listed["shown"] == "all" and listed["status"] is None
    assert {r["id"]: (r["status_label"], r["days_waiting"]) for r in listed["referrals"]} == {
        1: ("Withdrawn", None),
        2: ("Assessed as suitable", None),
    }


def test_an_account_with_several_establishments_must_choose_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            found = uow.staff.establishment_by_code("LEI")
            assert found is not None
            leeds = found.id
            hull = uow.staff.add_establishment(EstablishmentRow(code="HLI", name="Hull")).id
            uow.commit()
        seed_account(
            workspace.database,
            "cli.boss",
            (Role.MANAGER,),
            managed_establishment_ids=[leeds, hull],
        )
    finally:
        workspace.close()
    act_as(monkeypatch, "cli.boss", TEST_PASSWORD)
    code, out, err = run(data_dir, capsys, "referrals")
    assert (code, out) == (2, "")
    assert "--establishment: this account has several establishments; choose one of" in err
    assert "HLI" in err and "LEI" in err
    code, out, _ = run(data_dir, capsys, "referrals", "--establishment", "HLI")
    assert (code, out) == (0, "HLI: none\nNo programme referrals match.\n")


def test_a_place_in_a_group_that_has_held_sessions_says_catch_ups_are_needed(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second trial: a place given in a group already under way said nothing about the
    sessions held before. ``place`` says how many, of which modules, and that catch-ups are
    needed; ``history`` shows the catch-ups the completion still waits for."""
    from resettle.storage.tables.programmes import ProgrammeSessionRow

    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            first = uow.session.query(ProgrammeGroupRow).filter_by(code="LEI-1").one()
            group = ProgrammeGroupRow(
                offering_id=first.offering_id,
                code="LEI-2",
                capacity=4,
                starts_on=clock.today() - dt.timedelta(days=35),
                ends_on=clock.today() + dt.timedelta(days=60),
                schedule=[],
                facilitator_ids=[],
            )
            uow.programmes.add(group)
            start = dt.datetime.combine(group.starts_on, dt.time(9), tzinfo=dt.UTC)
            for n, (days, module, kind) in enumerate(
                (
                    (0, 1, "one_to_one"),
                    (7, 2, "group"),
                    (14, 2, "group"),
                    (21, 4, "group"),
                    (42, 5, "group"),  # to come: a place is given only with one
                )
            ):
                uow.programmes.add(
                    ProgrammeSessionRow(
                        group_id=group.id,
                        sequence=n + 1,
                        module_number=module,
                        session_number=1 + n,
                        name=f"Session {n + 1}",
                        session_type=kind,
                        starts_at=start + dt.timedelta(days=days),
                        ends_at=start + dt.timedelta(days=days, hours=2),
                    )
                )
            uow.commit()
    finally:
        workspace.close()
    assert run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD")[0] == 0
    act_as(monkeypatch, "cli.tutor", TEST_PASSWORD)
    for to in ("awaiting_assessment", "assessment_started"):
        assert run(data_dir, capsys, "move", "--referral", "1", "--to", to)[0] == 0
    suitable = ("--to", "assessed_suitable", "--override-reason", "override_missing_information")
    assert run(data_dir, capsys, "move", "--referral", "1", *suitable)[0] == 0
    code, out, _ = run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-2")
    assert code == 0
    assert out.splitlines() == [
        "Referral 1: place in group LEI-2 (revision 5)",
        "Late joiner: Group LEI-2 has already held 3 sessions (modules 2 and 4); a place "
        "given now needs catch-ups of them before the programme can be completed.",
    ]
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC")
    assert "  catch-ups needed: 3 (modules 2, 4), for the group sessions held before they " in out


def test_refer_warns_when_release_comes_before_the_programme_can_end(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second trial: refer said nothing when the person would be released long before the
    programme could end. It warns naming both figures (from the offering's group start when
    it starts later) and refers all the same; the audit row records it."""
    # A1234BC is released on 2027-01-15: 60 days after 2026-11-16.
    monkeypatch.setattr(clock, "_day_source", lambda: dt.date(2026, 11, 16))
    code, out, err = run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD")
    assert (code, out) == (0, "Referral 1: BC-MOD for A1234BC, Referral submitted\n")
    assert err == (
        "Warning: Building Choices: moderate intensity needs about 70 days; release is in 60 "
        "days. Referred all the same (for example to continue after release).\n"
    )
    code, out, err = run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-HIGH")
    assert code == 0 and "needs about 119 days; release is in 60 days" in err
    # Only a least time published (Kaizen: at least 6 months): that is what is needed.
    code, _, err = run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "KAIZEN")
    assert code == 0 and "Kaizen needs about 182 days; release is in 60 days" in err
    # A programme with no time to complete in the catalogue: nothing to warn about.
    code, _, err = run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BSR")
    assert code == 0 and err == ""
    # Two months earlier there would be time from today, but the offering's group LEI-1
    # starts on 2027-01-04, 11 days before release: counted from there.
    monkeypatch.setattr(clock, "_day_source", lambda: dt.date(2026, 9, 1))
    act_as(monkeypatch, "cli.tutor", TEST_PASSWORD)
    withdraw = ("--to", "withdrawn", "--category", "withdrawn_administrative")
    code, _, err = run(
        data_dir, capsys, "move", "--referral", "1", *withdraw, "--reason", "withdrawn_duplicate"
    )
    assert code == 0, err
    act_as(monkeypatch, TEST_OFFICER, TEST_PASSWORD)
    code, _, err = run(
        data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD", "--offering", "1"
    )
    assert code == 0 and err == (
        "Warning: Building Choices: moderate intensity needs about 70 days; release is 11 "
        "days after its group starts (2027-01-04). Referred all the same (for example to "
        "continue after release).\n"
    )
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            details = [
                row.details
                for row in reversed(uow.audit.latest(50))
                if row.action == "programme_referral.created"
            ]
    finally:
        workspace.close()
    # BC-MOD, BC-HIGH, KAIZEN short; BSR not; BC-MOD from its group's start short.
    assert [d["short_of_time_to_release"] for d in details] == [True, True, True, False, True]


def _assessed(data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any) -> None:
    """Referral 1 of A1234BC, assessed as suitable by the programme team (signed in after)."""
    assert run(data_dir, capsys, "refer", "--person", "A1234BC", "--programme", "BC-MOD")[0] == 0
    act_as(monkeypatch, "cli.tutor", TEST_PASSWORD)
    for to in ("awaiting_assessment", "assessment_started"):
        assert run(data_dir, capsys, "move", "--referral", "1", "--to", to)[0] == 0
    code, _, err = run(
        data_dir,
        capsys,
        *("move", "--referral", "1", "--to", "assessed_suitable"),
        *("--override-reason", "override_missing_information"),
    )
    assert code == 0, err


def test_the_history_shows_the_place_changes_among_the_moves(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second user trial: the history showed no place given, withdrawn or ended. Each place
    change is a line in its time among the moves, with who made it."""
    _assessed(data_dir, capsys, monkeypatch)
    assert run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-1")[0] == 0
    assert run(data_dir, capsys, "place", "--referral", "1", "--withdraw")[0] == 0
    assert run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-1")[0] == 0
    assert run(data_dir, capsys, "move", "--referral", "1", "--to", "on_programme")[0] == 0
    code, _, err = run(
        data_dir,
        capsys,
        *("move", "--referral", "1", "--to", "suitable_not_ready"),
        *("--category", "deselected_motivation_behaviour", "--reason", "deselected_motivation"),
    )
    assert code == 0, err
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC")
    assert code == 0
    what = [line.split("\t")[1] for line in out.splitlines()[1:-1]]
    assert what[4:] == [
        "Assessment started -> Assessed as suitable",
        "Place given in group LEI-1",
        "Place withdrawn (group LEI-1)",
        "Place given in group LEI-1",
        "Assessed as suitable -> On programme",
        "On programme -> Suitable but not ready",
        "Place ended: deselected (group LEI-1)",
    ]
    ended = out.splitlines()[-2].split("\t")
    assert ended[3] != "-"  # who ended it
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC", "--json")
    (referral,) = json.loads(out)
    assert [e["kind"] for e in referral["place_events"]] == [
        "given",
        "withdrawn",
        "given",
        "ended_deselected",
    ]


def test_a_place_is_refused_in_a_group_with_no_session_to_come(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """User trial: the screen hid a group whose sessions had all been held, but ``place``
    still gave a place in it. Refused, exit 2, naming the group and its last session."""
    from resettle.storage.tables.programmes import ProgrammeSessionRow

    last = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            group = uow.session.scalars(
                select(ProgrammeGroupRow).where(ProgrammeGroupRow.code == "LEI-1")
            ).one()
            uow.session.add(
                ProgrammeSessionRow(
                    group_id=group.id,
                    sequence=1,
                    module_number=1,
                    session_number=1,
                    name="Session 1",
                    session_type="group",
                    starts_at=last,
                    ends_at=last + dt.timedelta(hours=2),
                )
            )
            uow.commit()
    finally:
        workspace.close()
    _assessed(data_dir, capsys, monkeypatch)
    code, out, err = run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-1")
    assert code == 2 and out == ""
    assert (
        f"--group: LEI-1 has no session to come (its last session was on "
        f"{last.date().isoformat()})" in err
    )


def test_a_deselection_ends_the_place_and_a_correction_gives_it_back_in_the_history(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Third user trial: after a deselection keeping the referral open, withdrawing the place
    was refused as if the referral were on the programme, and the history showed neither the
    end of the place nor the correction giving it back."""
    _assessed(data_dir, capsys, monkeypatch)
    assert run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-1")[0] == 0
    assert run(data_dir, capsys, "move", "--referral", "1", "--to", "on_programme")[0] == 0
    code, _, err = run(
        data_dir,
        capsys,
        *("move", "--referral", "1", "--to", "assessed_suitable"),
        *("--category", "deselected_motivation_behaviour", "--reason", "deselected_motivation"),
    )
    assert code == 0, err
    code, out, err = run(data_dir, capsys, "place", "--referral", "1", "--withdraw")
    assert (code, out) == (2, "")
    assert "the referral has no place" in err
    assert "Deselect" not in err
    code, _, err = run(data_dir, capsys, "correct", "--referral", "1", "--notes", "wrong person")
    assert code == 0, err
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC")
    assert code == 0
    what = [line.split("\t")[1] for line in out.splitlines()[1:-1]]
    assert what[4:] == [
        "Assessment started -> Assessed as suitable",
        "Place given in group LEI-1",
        "Assessed as suitable -> On programme",
        "On programme -> Assessed as suitable",
        "Place ended: deselected (group LEI-1)",
        "Assessed as suitable -> On programme (corrects 7)",
        "Place held again: move corrected (group LEI-1)",
    ]
    code, out, _ = run(data_dir, capsys, "history", "--person", "A1234BC", "--json")
    (referral,) = json.loads(out)
    assert [e["kind"] for e in referral["place_events"]] == [
        "given",
        "ended_deselected",
        "held_again",
    ]


def test_place_warns_when_the_release_comes_before_the_groups_last_session(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Third user trial: a person released on 25/12 was given a place in a group ending in
    April and only the late-joiner line was printed. ``place`` prints a Release line naming
    both dates; the place is given all the same."""
    from resettle.storage.tables.programmes import ProgrammeSessionRow

    workspace = officer_workspace(data_dir)
    try:
        with workspace.uow() as uow:
            group = uow.session.query(ProgrammeGroupRow).filter_by(code="LEI-1").one()
            for n, day in enumerate((dt.date(2027, 1, 6), dt.date(2027, 3, 24))):
                starts = dt.datetime.combine(day, dt.time(9, 30), tzinfo=dt.UTC)
                uow.programmes.add(
                    ProgrammeSessionRow(
                        group_id=group.id,
                        sequence=n + 1,
                        module_number=2,
                        session_number=n + 1,
                        name=f"Session {n + 1}",
                        session_type="group",
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(hours=2),
                    )
                )
            uow.commit()
    finally:
        workspace.close()
    _assessed(data_dir, capsys, monkeypatch)
    code, out, err = run(data_dir, capsys, "place", "--referral", "1", "--group", "LEI-1")
    assert code == 0, err
    # A1234BC is released on 2027-01-15.
    assert out.splitlines() == [
        "Referral 1: place in group LEI-1 (revision 5)",
        "Release: Released on 15/01/2027, before the group's last session on 24/03/2027: the "
        "programme will not be finished in custody; plan follow-on in the community.",
    ]
