"""The erasure certificate: the tombstone, who, when, why and the rows removed per table,
read back from the PDF; no personal data on it."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from resettle.domain.erasure import ErasedTable, ErasureReason, ErasureRecord
from resettle.reports.erasure_certificate import TABLE_LABELS, render_erasure_certificate

DATA_PROTECTION = Path(__file__).parents[1] / "data_protection"


def sample_record() -> ErasureRecord:
    return ErasureRecord(
        tombstone_id=12,
        person_id=4711,
        erased_at=dt.datetime(2026, 12, 2, 9, 45, tzinfo=dt.UTC),
        authorised_by="Morgan Reyes",
        authorised_by_username="m.reyes",
        reason=ErasureReason.SUBJECT_REQUEST,
        tables=(
            ErasedTable(table="case_notes", rows=14),
            ErasedTable(table="people", rows=1),
            ErasedTable(table="plan_actions", rows=1234),
            ErasedTable(table="referral_history", rows=0),
        ),
        storage_steps=("Database file rebuilt (VACUUM): no page keeps bytes of the deleted rows",),
        earlier_backups=("resettle.backup-20261101-120000.sqlite3",),
        printed_copies=3,
        disclosures=2,
        subject_access_exports=1,
    )


def _text(record: ErasureRecord) -> str:
    pdf = render_erasure_certificate(record)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return " ".join(text.split())  # lines wrapped anywhere read as one


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's local time is the UK's."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("london")
def test_the_certificate_lists_what_was_removed_and_who_authorised_it() -> None:
    summer = sample_record().model_copy(
        update={"erased_at": dt.datetime(2026, 7, 2, 9, 45, tzinfo=dt.UTC)}
    )
    text = _text(summer)
    for expected in (
        "Erasure certificate",
        "OFFICIAL-SENSITIVE",
        "4711",
        "Erased 2 Jul 2026 10:45",  # UK local time (BST), as the subject access copy
        "Dates and times are UK local time",
        "Morgan Reyes (m.reyes)",
        "The person asked for erasure",
        "Plans: their actions plan_actions 1,234",  # words, the table's name in small print
        "Case notes (corrections included) case_notes 14",
        "1,249",
        "VACUUM",
        "resettle.backup-20261101-120000.sqlite3",
        "Plans printed or saved as PDF files 3 times",
        "Disclosures recorded 2 times",
        "Subject access exports 1 time",
        "(its note and recipient) were erased with the record",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    for code in ("plan.printed", "person.disclosed", "subject_access.exported", "time(s)", "UTC"):
        assert code not in text, code


def test_nothing_copied_reads_as_none_and_a_server_as_not_checked() -> None:
    quiet = sample_record().model_copy(
        update={
            "printed_copies": 0,
            "disclosures": 0,
            "subject_access_exports": 0,
            "earlier_backups": (),
        }
    )
    text = _text(quiet)
    for expected in (
        "Plans printed or saved as PDF files None",
        "Disclosures recorded None",
        "Subject access exports None",
        "Backup copies made before the erasure None found",
    ):
        assert expected in text, expected
    on_a_server = _text(quiet.model_copy(update={"earlier_backups": None}))
    assert "Backup copies made before the erasure Not checked: the database is on a server" in (
        on_a_server
    )


def test_every_table_holding_person_data_has_words() -> None:
    schema = json.loads((DATA_PROTECTION / "person_data_schema.json").read_text())
    assert set(schema) == set(TABLE_LABELS)
    assert len(set(TABLE_LABELS.values())) == len(TABLE_LABELS)
