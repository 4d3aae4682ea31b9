"""The erasure certificate: what was removed about one person, by whom, when and why.

It names the person only by their internal id (the tombstone's), and lists the tables and how
many rows each lost, never a value: the certificate is a record that the data is gone, so it
must not hold it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, Spacer

from resettle.domain.erasure import ErasureRecord
from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.styles import Styles, make_styles
from resettle.reports.tables import Plain, data_table, key_value_table
from resettle.reports.text import para

TITLE = "Erasure certificate"


def _when(record: ErasureRecord) -> str:
    return record.erased_at.strftime("%d %B %Y at %H:%M UTC")


def _summary(record: ErasureRecord, s: Styles, width: float) -> list[Flowable]:
    pairs = [
        ("Certificate (tombstone) number", str(record.tombstone_id)),
        ("Internal person id", str(record.person_id)),
        ("Erased", _when(record)),
        ("Authorised by", f"{record.authorised_by} ({record.authorised_by_username})"),
        ("Reason", record.reason.label),
        ("Rows removed", f"{record.rows_removed:,}"),
    ]
    return [key_value_table(pairs, s, total_width=width, columns=1, label_fraction=0.38)]


def _tables(record: ErasureRecord, s: Styles, width: float) -> list[Flowable]:
    rows = [(table.table, Plain(f"{table.rows:,}")) for table in record.tables]
    return [
        Paragraph("What was removed", s.h1),
        para(
            "Every table that holds a person's data, and how many of this person's rows were "
            "deleted from each (with its indexes). Tables with no rows for the person are "
            "listed too: they were searched.",
            s.body,
        ),
        Spacer(1, s.gap / 2),
        data_table(("Table", "Rows removed"), rows, (0.7, 0.3), s, total_width=width),
    ]


def _storage(record: ErasureRecord, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("The database afterwards", s.h1)]
    story += [para(f"• {step}.", s.body) for step in record.storage_steps]
    story.append(Spacer(1, s.gap / 2))
    story.append(
        para(
            "What stays: this tombstone (the internal id, the date, who authorised the "
            "erasure and the reason code) and the audit trail, whose rows hold codes and ids "
            "only. Backups made from now on do not hold the person's data.",
            s.body,
        )
    )
    if record.earlier_backups:
        story.append(
            para(
                "Backup copies made before the erasure still hold the person's data until "
                "they are destroyed under their own retention: "
                + ", ".join(record.earlier_backups)
                + ".",
                s.body,
            )
        )
    if record.printed_copies:
        story.append(
            para(
                f"The person's plan was printed or saved as a PDF {record.printed_copies:,} "
                "time(s) before the erasure (audited as plan.printed). Resettle keeps no copy "
                "of a printed plan: those files and papers are where the users put them.",
                s.body,
            )
        )
    if record.disclosures or record.subject_access_exports:
        story.append(
            para(
                f"Before the erasure the person's data was disclosed {record.disclosures:,} "
                f"time(s) (person.disclosed) and exported for subject access "
                f"{record.subject_access_exports:,} time(s) (subject_access.exported). The "
                "audit trail names when, by whom and the justification's code: those copies "
                "are outside Resettle and are for the data-protection officer to follow up. "
                "The words typed with each disclosure (its note and recipient) were erased "
                "with the record (disclosure_notes); the audit rows keep only a digest of them.",
                s.body,
            )
        )
    return story


def render_erasure_certificate(record: ErasureRecord) -> bytes:
    styles = make_styles()
    furniture = PageFurniture(
        marking=OFFICIAL_SENSITIVE,
        title=TITLE,
        subject=f"Tombstone {record.tombstone_id}",
        footer_note=f"Erased {_when(record)}",
    )
    width = content_width(furniture)
    story: list[Flowable] = [
        Paragraph(TITLE, styles.title),
        para(
            "A person's record was erased from Resettle. This certificate holds no personal "
            "data: the person is named only by Resettle's internal id.",
            styles.body,
        ),
        Spacer(1, styles.gap),
        *_summary(record, styles, width),
        Spacer(1, styles.gap),
        *_tables(record, styles, width),
        Spacer(1, styles.gap),
        *_storage(record, styles),
    ]
    return build_pdf(story, furniture, title=TITLE)
