"""Subject access: everything held about one person, as JSON and a readable PDF.

For managers (``EXPORT_SUBJECT_ACCESS``) of the person's teams or establishments; an
administrator administers but never sees case content, so cannot export it either. The read,
the rendering and the ``subject_access.exported`` audit row are one transaction. The files
are returned, not kept: the caller writes them to the folder the user chose
(``write_export``), and the app keeps no copy.
"""

from __future__ import annotations

import json
from pathlib import Path

from resettle.domain.access import OutOfScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.identifiers import checked_prison_number
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.subject_access import Period, SubjectAccessExport
from resettle.private_files import make_private_folder, write_file_safely
from resettle.reports.subject_access import render_subject_access
from resettle.reports.subject_access_fields import Lookups
from resettle.services import audit
from resettle.services.case_record.needs import catalogue_of
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import reachable_person
from resettle.services.subject_access.content import build_content, staff_label
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now


def export_subject_access(
    actor: Actor, uow: UnitOfWork, prison_number: str, period: Period
) -> SubjectAccessExport:
    """The export for the person with ``prison_number``, audited in the same transaction."""
    require(actor, Permission.EXPORT_SUBJECT_ACCESS)
    number = checked_prison_number(prison_number)
    with uow:
        row = uow.people.by_prison_number(number)
        if row is None:  # the same words as a person out of reach: existence is not revealed
            raise OutOfScope()
        reachable_person(actor, uow, row.id, Permission.EXPORT_SUBJECT_ACCESS)
        places = uow.subject_access.staff_places([actor.id])
        lookups = _lookups(uow)
        content = build_content(
            uow, row.id, period, staff_label(places, actor.id), lookups.interventions
        )
        now = utc_now()
        json_text = json.dumps({"content": content}, indent=2, ensure_ascii=False) + "\n"
        pdf = render_subject_access(content, now, lookups)
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_EXPORTED,
            row.id,
            person_id=row.id,
            **{
                "from": content["request"]["from"],
                "to": content["request"]["to"],
                "sections": [name for name in content if name != "request"],
            },
        )
        uow.commit()
    stem = f"subject-access-{number}-{now:%Y%m%d-%H%M%S}"
    return SubjectAccessExport(
        prison_number=number,
        json_text=json_text,
        pdf=pdf,
        json_name=f"{stem}.json",
        pdf_name=f"{stem}.pdf",
    )


def _lookups(uow: UnitOfWork) -> Lookups:
    """The support-need catalogue's labels and the evidence pack's intervention names, for the
    PDF to name what the JSON gives as codes."""
    pack, _problems = active_pack(uow)
    return Lookups(
        support_needs={entry.code: entry.label for entry in catalogue_of(uow).entries},
        interventions={i.id: i.name for i in pack.pack.interventions},
    )


def write_export(export: SubjectAccessExport, folder: Path) -> list[Path]:
    """Write the two files into ``folder`` (made if missing), each under a temporary name
    first, so a file under the real name is never half-written, and never over a file of that
    name (``FileExistsError``: an earlier export is the requester's record). Returns their
    paths."""
    make_private_folder(folder)
    written = []
    for name, data in (
        (export.json_name, export.json_text.encode("utf-8")),
        (export.pdf_name, export.pdf),
    ):
        written.append(write_file_safely(folder / name, data, replace=False))
    return written
