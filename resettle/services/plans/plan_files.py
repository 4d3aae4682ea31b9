"""Saving a plan as files: a PDF, the person's copy as an accessible HTML page, or both.

Audited as printing is (``printing.py``): one ``plan.printed`` row with the disclosure's
justification and the formats saved (``formats``: ``pdf``, ``html``), in the transaction that
read what was saved. Each file is written whole beside its target first
(``resettle/private_files.py``); only once the row is committed are they moved into place, so
no file leaves unaudited and a refused or failed save leaves the targets as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from resettle.domain.disclosure import DisclosureReason
from resettle.domain.errors import DomainError
from resettle.domain.plan_document import PlanDocument
from resettle.domain.staff import Actor
from resettle.private_files import file_written_safely
from resettle.reports import render_person_plan_html
from resettle.services.plans.printing import (
    PlanCopy,
    PlanFormat,
    disclosure_reason,
    load_plan_document,
    record_print,
    render,
    require_copy,
)
from resettle.services.unit_of_work import UnitOfWork


class FormatNotOffered(DomainError):
    """The officer's copy is saved as a PDF only."""

    code = "plan.format_not_offered"


def targets_for(path: Path, formats: Sequence[PlanFormat]) -> dict[PlanFormat, Path]:
    """The files a save writes: ``path`` itself for one format; for several, ``path`` with
    each format's suffix (``plan.pdf`` -> ``plan.pdf`` and ``plan.html``)."""
    if len(formats) == 1:
        return {formats[0]: path}
    known = path.suffix.lower() in {".pdf", ".html", ".htm"}
    stem = path.with_suffix("") if known else path
    return {f: stem.with_name(f"{stem.name}.{f.value}") for f in PlanFormat if f in formats}


def check_format(copy: PlanCopy, fmt: PlanFormat) -> None:
    if fmt is PlanFormat.HTML and copy is not PlanCopy.PERSON:
        raise FormatNotOffered(
            "Only the person's copy can be saved as a web page. Save the officer's copy as a PDF."
        )


def render_as(
    document: PlanDocument, copy: PlanCopy, fmt: PlanFormat, large_print: bool = False
) -> bytes:
    """One copy in one format (the HTML page has no large print: the reader zooms it)."""
    check_format(copy, fmt)
    if fmt is PlanFormat.HTML:
        return render_person_plan_html(document)
    return render(document, copy, large_print)


def save_plan_files(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    targets: Mapping[PlanFormat, Path],
    copy: PlanCopy = PlanCopy.PERSON,
    large_print: bool = False,
    version: int | None = None,
    allow_empty: bool = False,
    *,
    reason: DisclosureReason | Mapping[str, Any],
    replace: bool = True,
) -> dict[PlanFormat, int]:
    """Save one person's plan as a file per format in ``targets`` (format -> path): read,
    rendered, written and audited in one transaction. ``replace=False`` (the CLI without
    ``--force``): an existing target is never replaced (``FileExistsError``, before the row).
    Returns each file's size in bytes."""
    require_copy(actor, copy)
    checked = disclosure_reason(reason)
    if not targets:
        raise DomainError("Choose at least one format to save the plan as.")
    formats = [f for f in PlanFormat if f in targets]
    for f in formats:
        check_format(copy, f)
    with uow:
        printed = load_plan_document(actor, uow, person_id, version, allow_empty, copy=copy)
        files = {f: render_as(printed.document, copy, f, large_print) for f in formats}
        with contextlib.ExitStack() as placed:
            for f in formats:
                placed.enter_context(file_written_safely(targets[f], files[f], replace=replace))
            record_print(
                uow, actor, person_id, printed, copy, large_print, False, checked, True, formats
            )
            uow.commit()
    return {f: len(data) for f, data in files.items()}
