"""The erasure certificate: the tombstone, who, when, why and the rows removed per table,
read back from the PDF; no personal data on it."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from pypdf import PdfReader

from resettle.domain.erasure import ErasedTable, ErasureReason, ErasureRecord
from resettle.reports.erasure_certificate import render_erasure_certificate


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


def test_the_certificate_lists_what_was_removed_and_who_authorised_it() -> None:
    pdf = render_erasure_certificate(sample_record())
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = " ".join(text.split())  # lines wrapped anywhere read as one
    for expected in (
        "Erasure certificate",
        "OFFICIAL-SENSITIVE",
        "4711",
        "02 December 2026 at 09:45 UTC",
        "Morgan Reyes (m.reyes)",
        "The person asked for erasure",
        "plan_actions",
        "1,234",
        "1,249",
        "VACUUM",
        "resettle.backup-20261101-120000.sqlite3",
        "printed or saved as a PDF 3 time(s)",
        "disclosed 2 time(s)",
        "exported for subject access 1 time(s)",
        "(its note and recipient) were erased with the record",
        "Page 1 of 1",
    ):
        assert expected in text, expected
