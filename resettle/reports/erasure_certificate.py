"""The erasure certificate: what was removed about one person, by whom, when and why.

It names the person only by their internal id (the tombstone's), and lists the tables and how
many rows each lost, never a value: the certificate is a record that the data is gone, so it
must not hold it.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from resettle.domain.erasure import ErasureRecord
from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.styles import Styles, make_styles
from resettle.reports.subject_access import SECTION_TITLES
from resettle.reports.tables import Cell, Plain, data_table, key_value_table
from resettle.reports.text import date_time, para

TITLE = "Erasure certificate"
SUBJECT = "A record that a person's data was erased from Resettle"
NONE = "None"

#: Each table holding a person's data in words: the subject access copy's section title where
#: the table fills one (a new table without words here is listed by its name).
TABLE_LABELS: dict[str, str] = {
    "people": "Profile",
    "person_aliases": "Profile: other names used",
    "pathway_needs": SECTION_TITLES["pathway_needs"],
    "support_needs": "Support needs",
    "support_need_history": "Support needs: history of each status change",
    "essentials": SECTION_TITLES["essentials"],
    "referrals": SECTION_TITLES["referrals"],
    "referral_history": "Referrals: history of each status change",
    "case_notes": SECTION_TITLES["notes"],
    "risk_profiles": SECTION_TITLES["risk_profile"],
    "recorded_scores": SECTION_TITLES["recorded_scores"],
    "rosh_assessments": SECTION_TITLES["rosh_assessments"],
    "programme_need_items": SECTION_TITLES["programme_need_items"],
    "person_flags": SECTION_TITLES["risk_flags"],
    "plan_versions": SECTION_TITLES["plans"],
    "plan_actions": "Plans: their actions",
    "accepted_recommendations": SECTION_TITLES["recommendations_accepted"],
    "programme_history": "Programme history (corrections included)",
    "programme_attendance": "Programme session attendance (corrections included)",
    "programme_one_to_one_sessions": "One-to-one programme sessions",
    "allocations": SECTION_TITLES["allocations"],
    "case_closures": SECTION_TITLES["case_closures"],
    "person_access": SECTION_TITLES["access_list"],
    "retention_reviews": SECTION_TITLES["retention_reviews"],
    "record_part_revisions": "Counters used to save changes safely",
    "disclosure_notes": "Words typed with disclosures (note and recipient)",
    "programme_referrals": "Programme referrals",
    "programme_referral_history": "Programme referrals: history of each move, with its notes",
    "programme_group_members": "Programme referrals: places in programme groups",
    "outcome_checks": "Outcome checks after release (corrections included)",
    "import_ledger": SECTION_TITLES["imports"],
}


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def _when(record: ErasureRecord) -> str:
    """UK local time, as the app and the subject access copy print it ("2 Dec 2026 13:35")."""
    return date_time(record.erased_at.astimezone())


def _times(count: int) -> str:
    return NONE if count == 0 else f"{count:,} time" + ("" if count == 1 else "s")


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
    ordered = sorted(record.tables, key=lambda table: table_label(table.table).lower())
    rows: list[tuple[Cell, Cell, Cell]] = [
        (table_label(table.table), para(table.table, s.muted), Plain(f"{table.rows:,}"))
        for table in ordered
    ]
    return [
        Paragraph("What was removed", s.h1),
        para(
            "Every part of the record that holds a person's data, and how many of this "
            "person's rows were deleted from each (with its indexes); the database table is "
            "named in small print. Parts with no rows for the person are listed too: they "
            "were searched.",
            s.body,
        ),
        Spacer(1, s.gap / 2),
        data_table(
            ("Part of the record", "Table", "Rows removed"),
            rows,
            (0.52, 0.3, 0.18),
            s,
            total_width=width,
        ),
    ]


def _backups(record: ErasureRecord) -> str:
    if record.earlier_backups is None:
        return (
            "Not checked: the database is on a server, whose backups Resettle does not see. "
            "Ask its administrator."
        )
    return ", ".join(record.earlier_backups) if record.earlier_backups else f"{NONE} found"


def _copies(record: ErasureRecord, s: Styles, width: float) -> list[Flowable]:
    """What left Resettle before the erasure, each line said even when nothing did."""
    pairs: list[tuple[str, Cell]] = [
        ("Plans printed or saved as PDF files", _times(record.printed_copies)),
        ("Disclosures recorded", _times(record.disclosures)),
        ("Subject access exports", _times(record.subject_access_exports)),
        ("Backup copies made before the erasure", _backups(record)),
    ]
    kept_together: list[Flowable] = [
        Paragraph("Copies made before the erasure", s.h1),
        para(
            "Copies of the person's data made before the erasure, counted from the audit "
            "trail. Resettle keeps none of them.",
            s.body,
        ),
        Spacer(1, s.gap / 2),
        key_value_table(pairs, s, total_width=width, columns=1, label_fraction=0.38),
    ]
    story: list[Flowable] = [KeepTogether(kept_together), Spacer(1, s.gap / 2)]
    if record.printed_copies:
        story.append(
            para(
                "Printed plans and saved PDF files are where the users put them: Resettle "
                "keeps no copy.",
                s.body,
            )
        )
    if record.disclosures or record.subject_access_exports:
        story.append(
            para(
                "The audit trail says when each disclosure and export was made, by whom and "
                "with which justification: those copies are outside Resettle and are for the "
                "data-protection officer to follow up. The words typed with each disclosure "
                "(its note and recipient) were erased with the record; the audit keeps only a "
                "digest of them.",
                s.body,
            )
        )
    if record.earlier_backups:
        story.append(
            para(
                "The backup copies still hold the person's data until they are destroyed "
                "under their own retention.",
                s.body,
            )
        )
    return story


def _storage(record: ErasureRecord, s: Styles) -> list[Flowable]:
    story: list[Flowable] = [Paragraph("The database afterwards", s.h1)]
    story += [para(f"• {step}.", s.body) for step in record.storage_steps]
    story.append(Spacer(1, s.gap / 2))
    story.append(
        para(
            "What stays: this tombstone (the internal id, the date, who authorised the "
            "erasure and the reason) and the audit trail, whose rows hold codes and ids "
            "only. Backups made from now on do not hold the person's data.",
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
            "data: the person is named only by Resettle's internal id. Dates and times are "
            "UK local time.",
            styles.body,
        ),
        Spacer(1, styles.gap),
        *_summary(record, styles, width),
        Spacer(1, styles.gap),
        *_tables(record, styles, width),
        Spacer(1, styles.gap),
        *_copies(record, styles, width),
        *_storage(record, styles),
    ]
    return build_pdf(story, furniture, title=TITLE, subject=SUBJECT)
