"""The log holds codes and ids only: after the demo and a day's actions, including failures,
no demo person's name or identifier, no staff name and no note text appears in it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import text

from resettle.domain.caseload import CaseloadColumn, CaseloadQuery
from resettle.domain.duplicates import PossibleDuplicates, RowRefused
from resettle.domain.errors import DomainError
from resettle.logging_setup import configure_logging
from resettle.services.case_record.notes import add_case_note
from resettle.services.caseload import list_caseload
from resettle.services.people import get_person, update_person
from resettle.services.plans.printing import plan_pdf
from resettle.services.registration import register_people
from resettle.services.storage_errors import translate_storage_errors
from resettle.services.workspace import Workspace
from resettle.settings import Settings
from tests.accounts import load_demo_for, signed_in_test_officer
from tests.disclosures import FOR_THE_PERSON
from tests.factories import TODAY, another_person
from tests.storage_faults import SHORT_BUSY_TIMEOUT_MS, database_locked

NOTE = "Talked with Marguerite Okonkwo-Fitzgerald about her son's school"


def _act(action: str, call: Callable[[], Any]) -> Any:
    """Run one service call the way the UI does: storage errors translated, refusals shown."""
    try:
        with translate_storage_errors(action):
            return call()
    except DomainError as error:
        return error


def _personal_data(workspace: Workspace) -> list[str]:
    queries = [
        "SELECT given_name FROM people",
        "SELECT family_name FROM people",
        "SELECT name FROM person_aliases",
        "SELECT prison_number FROM people",
        "SELECT crn FROM people",
        "SELECT pnc_number FROM people",
        "SELECT text FROM case_notes",
        "SELECT display_name FROM staff",
    ]
    with workspace.database.engine.connect() as connection:
        found = [v for q in queries for v in connection.execute(text(q)).scalars() if v]
    return sorted(set(found))


def _found_in(log: str, values: Iterable[str]) -> list[str]:
    return [v for v in values if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", log)]


def test_search_finds_a_name_when_one_is_there() -> None:
    assert _found_in("opened the record of Zoë Ní Bhriain", ["Zoë", "Ní Bhriain", "Li"]) == [
        "Zoë",
        "Ní Bhriain",
    ]


def test_the_log_holds_no_names_or_notes(  # type: ignore[no-untyped-def]
    settings: Settings, database_url: str, tmp_path: Path
) -> None:
    log_path = tmp_path / "logs" / "resettle.log"
    configure_logging(log_path, level="DEBUG")
    quick = replace(settings, busy_timeout_ms=SHORT_BUSY_TIMEOUT_MS)
    workspace = signed_in_test_officer(quick)
    try:
        load_demo_for(workspace, 12, seed=4, today=TODAY)
        actor, uow = workspace.actor, workspace.uow
        by_release = CaseloadQuery(sort=CaseloadColumn.RELEASE_DATE, limit=12)
        rows = list_caseload(actor, uow(), by_release).rows
        first, second = rows[0].id, rows[1].id
        person = get_person(actor, uow(), first)
        renamed = person.profile.model_copy(update={"family_name": "Okonkwo-Fitzgerald"})
        _act("profile save", lambda: update_person(actor, uow(), first, person.version, renamed))
        _act("note add", lambda: add_case_note(actor, uow(), first, {"text": NOTE}))
        pdf = _act(
            "plan print",
            lambda: plan_pdf(actor, uow(), first, allow_empty=True, reason=FOR_THE_PERSON),
        )
        assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
        # Failing actions: a stale save, a duplicate prison number, a locked database.
        stale = _act("profile save", lambda: update_person(actor, uow(), first, 1, renamed))
        other = get_person(actor, uow(), second)
        taken = other.profile.model_copy(update={"prison_number": renamed.prison_number})
        duplicate = _act(
            "profile save", lambda: update_person(actor, uow(), second, other.version, taken)
        )
        look_alike = person.profile.model_copy(
            update={"prison_number": "B9999ZZ", "crn": "Y999999", "family_name": "Okonkwo"}
        )
        possible = _act(
            "register", lambda: register_people(actor, uow(), [another_person(1), look_alike])
        )
        assert isinstance(possible, RowRefused)
        assert isinstance(possible.error, PossibleDuplicates)
        assert person.profile.prison_number in str(possible)  # told the officer, not the log
        with database_locked(database_url):
            busy = _act("note add", lambda: add_case_note(actor, uow(), second, {"text": NOTE}))
        assert [type(e).__name__ for e in (stale, duplicate, busy)] == [
            "ConcurrentEdit",
            "DuplicateRecord",
            "DatabaseBusy",
        ]
        personal = _personal_data(workspace)
    finally:
        workspace.close()
    log = log_path.read_text(encoding="utf-8")
    for event in (
        "Database opened",
        "profile save refused: record.changed_elsewhere",
        "profile save refused: record.duplicate",
        "note add failed: storage.busy",
        "register refused: person.rows_refused",
    ):
        assert event in log
    assert NOTE in personal and "Okonkwo-Fitzgerald" in personal and len(personal) > 24
    assert _found_in(log, personal) == []
