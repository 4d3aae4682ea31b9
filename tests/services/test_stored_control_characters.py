"""Records saved before the control-character check (``domain/text_fields.py``) still open.

Before it, SQLite stored NUL and other control characters silently (and a line break reached
single-line fields through the CLI). Here rows are written straight into the tables, as an old
version left them: the record opens through the services, the plan opens and prints, saving an
unrelated change is refused naming the field, correcting it saves, and ``db check`` counts them.
PostgreSQL cannot store NUL in text, so there the same rows hold U+0001 instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from resettle.domain import clock
from resettle.domain.errors import ValidationFailed
from resettle.domain.needs import Severity
from resettle.domain.plan import ActionStatus
from resettle.domain.record_parts import RecordPart
from resettle.domain.text_fields import (
    CONTROL_CHARACTER_CODE,
    control_character_at,
    normalise_line_ends,
)
from resettle.services.case_record import aftercare, needs, notes
from resettle.services.case_record.read import open_case_record
from resettle.services.people import get_person, register_person, update_person
from resettle.services.plans import edit, prefill, printing, read
from resettle.services.workspace import Workspace, check_database
from resettle.settings import Settings
from tests.disclosures import FOR_THE_PERSON
from tests.factories import person_data

TODAY = clock.today()


@dataclass(frozen=True)
class Stored:
    person_id: int
    provider_id: int
    bad: str  # the control character the rows hold (NUL on SQLite, U+0001 on PostgreSQL)


def _control(workspace: Workspace) -> str:
    return "\x00" if workspace.database.is_sqlite else "\x01"


@pytest.fixture
def stored(workspace: Workspace) -> Stored:
    """A record saved cleanly, then its text changed in the tables as an old version left it."""
    actor, bad = workspace.actor, _control(workspace)
    person_id = register_person(
        actor,
        workspace.uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=30),
            licence_end_date=TODAY + dt.timedelta(days=400),
            aliases=["Zoe Brien"],
        ),
    ).id
    notes.add_case_note(actor, workspace.uow(), person_id, {"text": "Seen at the gate"})
    version = needs.save_pathway_need(
        actor, workspace.uow(), person_id, 0, {"pathway": "health", "notes": "GP needed"}
    )
    needs.add_support_need(
        actor,
        workspace.uow(),
        person_id,
        version,
        {"code": "health_other", "detail": "Dentist"},
    )
    provider = aftercare.add_provider(actor, workspace.uow(), {"name": "Harbour Housing"})
    aftercare.add_referral(
        actor,
        workspace.uow(),
        person_id,
        {
            "provider_id": provider.id,
            "service_type": "housing_support",
            "referral_date": TODAY,
            "appointment_date": TODAY + dt.timedelta(days=5),
            "contact": "Intake",
        },
    )
    edit.save_plan(
        actor,
        workspace.uow(),
        person_id,
        None,
        [
            {"pathway": "accommodation", "what": "Confirm the hostel bed", "owner": "probation"},
            {"pathway": "health", "what": "Register with a GP", "owner": "person"},
        ],
    )
    with workspace.database.engine.begin() as connection:
        for statement, value in (
            ("UPDATE people SET given_name = :v WHERE id = :p", f"Zo{bad}ë"),
            ("UPDATE people SET family_name = :v WHERE id = :p", "Ní\nBhriain"),
            ("UPDATE people SET preferred_language = :v WHERE id = :p", "English\nWelsh"),
            ("UPDATE person_aliases SET name = :v WHERE person_id = :p", "Zoe\x01Brien"),
            ("UPDATE case_notes SET text = :v WHERE person_id = :p", f"Seen{bad} at the gate"),
            ("UPDATE pathway_needs SET notes = :v WHERE person_id = :p", f"GP{bad}needed"),
            ("UPDATE support_needs SET detail = :v WHERE person_id = :p", f"Den{bad}tist"),
            (
                "UPDATE plan_actions SET what = :v WHERE position = 0 AND plan_version_id IN "
                "(SELECT id FROM plan_versions WHERE person_id = :p)",
                f"Confirm{bad} the hostel bed",
            ),
        ):
            connection.execute(text(statement), {"v": value, "p": person_id})
        connection.execute(
            text("UPDATE providers SET name = :v WHERE id = :i"),
            {"v": "Harbour\nHousing", "i": provider.id},
        )
    return Stored(person_id, provider.id, bad)


def test_a_record_holding_control_characters_opens(workspace: Workspace, stored: Stored) -> None:
    detail = get_person(workspace.actor, workspace.uow(), stored.person_id)
    assert detail.profile.given_name == f"Zo{stored.bad}ë"  # as stored: nothing stripped
    # A name's spaces are joined into one by the name rule, a line break too (as when typed).
    assert detail.profile.family_name == "Ní Bhriain"
    assert detail.profile.preferred_language == "English\nWelsh"
    assert detail.profile.aliases == ["Zoe\x01Brien"]
    record = open_case_record(workspace.actor, workspace.uow(), stored.person_id)
    assert [n.text for n in record.notes] == [f"Seen{stored.bad} at the gate"]
    health = next(view for view in record.needs if view.need.pathway.value == "health")
    assert health.need.notes == f"GP{stored.bad}needed"
    assert health.support_needs[0].detail == f"Den{stored.bad}tist"
    assert record.referrals[0].provider_name == "Harbour\nHousing"
    providers = aftercare.list_providers(workspace.actor, workspace.uow())
    assert [p.name for p in providers] == ["Harbour\nHousing"]


def test_the_plan_opens_and_prints(workspace: Workspace, stored: Stored) -> None:
    plan = read.get_plan(workspace.actor, workspace.uow(), stored.person_id)
    assert plan.current is not None
    assert plan.current.actions[0].what == f"Confirm{stored.bad} the hostel bed"
    pdf = printing.plan_pdf(
        workspace.actor, workspace.uow(), stored.person_id, reason=FOR_THE_PERSON
    )
    assert pdf.startswith(b"%PDF")


def test_saving_an_unrelated_change_names_the_field_and_correcting_it_saves(
    workspace: Workspace, stored: Stored
) -> None:
    detail = get_person(workspace.actor, workspace.uow(), stored.person_id)
    changed = detail.profile.model_copy(update={"gender": "woman"})
    with pytest.raises(ValidationFailed) as caught:
        update_person(workspace.actor, workspace.uow(), stored.person_id, detail.version, changed)
    problems = {p.field: p for p in caught.value.problems}
    assert set(problems) == {"given_name", "preferred_language", "aliases"}
    assert all(p.code == CONTROL_CHARACTER_CODE for p in problems.values())
    assert problems["given_name"].message.startswith("Given name: must not contain control")
    assert get_person(workspace.actor, workspace.uow(), stored.person_id).profile.gender != (
        "woman"
    )  # nothing half-saved
    corrected = changed.model_copy(
        update={
            "given_name": "Zoë",
            "preferred_language": "English, Welsh",
            "aliases": ["Zoe Brien"],
        }
    )
    saved = update_person(
        workspace.actor, workspace.uow(), stored.person_id, detail.version, corrected
    )
    assert (saved.profile.given_name, saved.profile.gender) == ("Zoë", "woman")


def test_saving_the_plan_names_the_action_and_correcting_it_saves(
    workspace: Workspace, stored: Stored
) -> None:
    plan = read.get_plan(workspace.actor, workspace.uow(), stored.person_id)
    assert plan.current is not None
    actions = list(plan.current.actions)
    ticked = [actions[0], actions[1].model_copy(update={"status": ActionStatus.DONE})]
    with pytest.raises(ValidationFailed) as caught:
        edit.save_plan(workspace.actor, workspace.uow(), stored.person_id, plan.revision, ticked)
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("actions[0].what", CONTROL_CHARACTER_CODE)
    ]
    assert caught.value.problems[0].message.startswith("Action 1: What")
    ticked[0] = actions[0].model_copy(update={"what": "Confirm the hostel bed"})
    view = edit.save_plan(workspace.actor, workspace.uow(), stored.person_id, plan.revision, ticked)
    assert view.current is not None
    assert view.current.actions[0].what == "Confirm the hostel bed"


def test_saving_a_need_names_its_notes(workspace: Workspace, stored: Stored) -> None:
    record = open_case_record(workspace.actor, workspace.uow(), stored.person_id)
    health = next(view for view in record.needs if view.need.pathway.value == "health")
    changed = health.need.model_copy(update={"severity": Severity.HIGH})
    with pytest.raises(ValidationFailed) as caught:
        needs.save_pathway_need(
            workspace.actor,
            workspace.uow(),
            stored.person_id,
            record.revision(RecordPart.NEEDS),
            changed,
        )
    assert [p.field for p in caught.value.problems] == ["notes"]
    needs.save_pathway_need(
        workspace.actor,
        workspace.uow(),
        stored.person_id,
        record.revision(RecordPart.NEEDS),
        changed.model_copy(update={"notes": "GP needed"}),
    )


def test_db_check_counts_them_as_a_warning(
    workspace: Workspace, settings: Settings, stored: Stored
) -> None:
    health = check_database(settings)
    assert health.healthy, health.problems  # a warning, not a failure
    counts = [line for line in health.warnings if ": " in line and "stored value" in line]
    assert counts == [
        "case_notes.text: 1 stored value holds control characters",
        "pathway_needs.notes: 1 stored value holds control characters",
        "people.family_name: 1 stored value holds control characters",
        "people.given_name: 1 stored value holds control characters",
        "people.preferred_language: 1 stored value holds control characters",
        "person_aliases.name: 1 stored value holds control characters",
        "plan_actions.what: 1 stored value holds control characters",
        "providers.name: 1 stored value holds control characters",
        "support_needs.detail: 1 stored value holds control characters",
    ]
    assert "retype that field" in health.warnings[-1]
    assert not any(stored.bad in line or "Zo" in line for line in health.warnings)


def test_db_check_has_no_warning_for_clean_text(workspace: Workspace, settings: Settings) -> None:
    person_id = register_person(workspace.actor, workspace.uow(), person_data()).id
    notes.add_case_note(  # line breaks and tabs are ordinary text in a note
        workspace.actor, workspace.uow(), person_id, {"text": "Seen\n\tat the gate"}
    )
    assert check_database(settings).warnings == []


def test_the_plan_suggestions_carry_the_stored_text(workspace: Workspace, stored: Stored) -> None:
    from resettle.services.evidence_pack import active_pack

    record = open_case_record(workspace.actor, workspace.uow(), stored.person_id)
    with workspace.uow() as uow:
        pack, _ = active_pack(uow)
    whats = [action.what for action in prefill.suggested_actions(record, [], pack)]
    assert any(f"Den{stored.bad}tist" in what for what in whats)  # from the support need
    assert any("Harbour\nHousing" in what for what in whats)  # from the referral's provider


def test_db_check_counts_what_the_input_check_refuses(
    workspace: Workspace, settings: Settings
) -> None:
    """Each backend's count (a Python function on SQLite, a regular expression on PostgreSQL)
    agrees with ``control_character_at``, in a single-line and a multi-line column."""
    characters = ["\x01", "\x1f", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\n", "\t", "\r"]
    characters += ["é", "\u200d", "\u00a0", " ", "\u2400"]  # ordinary text
    for index in range(len(characters)):
        aftercare.add_provider(workspace.actor, workspace.uow(), {"name": f"Provider {index}"})
    with workspace.database.engine.begin() as connection:
        for index, char in enumerate(characters):
            connection.execute(
                text("UPDATE providers SET name = :n, address = :a WHERE name = :old"),
                {"n": f"P{char}{index}", "a": f"Unit{char}{index}", "old": f"Provider {index}"},
            )
    single = sum(control_character_at(c, multi_line=False) is not None for c in characters)
    multi = sum(
        control_character_at(normalise_line_ends(c), multi_line=True) is not None
        for c in characters
    )
    assert (single, multi) == (10, 7)  # the figures the warnings below must show
    warnings = check_database(settings).warnings
    assert f"providers.name: {single} stored values hold control characters" in warnings
    assert f"providers.address: {multi} stored values hold control characters" in warnings
