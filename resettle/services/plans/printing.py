"""Printing plans: the officer's copy and the person's own copy, one at a time or in a batch.

Every copy that leaves the building writes one ``plan.printed`` row, in the transaction that
read what was printed, with the disclosure's justification (``domain/disclosure.py``: every
printing use case takes a ``reason``); printing writes no ``person.viewed`` row. Opening the
preview (``open_plan_preview``) is audited as a view of the person (``view: plan_preview``);
``plan_document`` reads the same document again without auditing it.

The officer's copy carries the plan's officer-only text (risk, needs, evidence, officer notes),
so printing it needs ``VIEW_PLAN_OFFICER_TEXT``; the document read is what the account may
see (``domain/record_visibility.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure import DisclosureReason
from resettle.domain.errors import DomainError, NotFound
from resettle.domain.permissions import Permission, PermissionDenied, require
from resettle.domain.plan import PlanState, PlanVersion
from resettle.domain.plan_document import PlanDocument
from resettle.domain.record_visibility import RecordVisibility
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.evidence import RULE_VERSION
from resettle.private_files import (
    FileNotWritten,
    file_written_safely,
    make_private_folder,
    write_failure_reason,
)
from resettle.reports import render_officer_plan, render_person_plan
from resettle.services import audit
from resettle.services.access_scope import person_permissions
from resettle.services.case_record.needs import catalogue_of
from resettle.services.case_record.read import load_case_record
from resettle.services.disclosures import stage_disclosure_note
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import reachable_person
from resettle.services.plans import mapping
from resettle.services.plans.contacts import plan_contacts
from resettle.services.plans.document import build_plan_document
from resettle.services.plans.issue import frozen_document
from resettle.services.read_only_storage import commit_view
from resettle.services.unit_of_work import Runner, UnitOfWork
from resettle.storage.base import utc_now

log = logging.getLogger(__name__)


class PlanCopy(StrEnum):
    OFFICER = "officer"
    PERSON = "person"


class PlanFormat(StrEnum):
    """What a copy is saved as: a PDF (either copy) or an accessible HTML page (the person's
    copy only, ``reports/person_plan_html.py``)."""

    PDF = "pdf"
    HTML = "html"


class NoPlanToPrint(DomainError):
    """The person has no plan, or a plan with no actions, and an empty one was not asked for."""

    code = "plan.nothing_to_print"


class PrintablePlan(NamedTuple):
    document: PlanDocument
    plan_version_id: int | None  # the stored version printed (None for an empty plan)


def load_plan_document(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    version: int | None = None,
    allow_empty: bool = False,
    today: dt.date | None = None,
    copy: PlanCopy | None = None,
) -> PrintablePlan:
    """Internal loader: call inside an open unit of work. No audit row, no commit. With
    ``copy``, refused when the roles that reach the person may not print that copy."""
    require(actor, Permission.PRINT_PLAN)
    now = utc_now()
    person = reachable_person(actor, uow, person_id, Permission.PRINT_PLAN)
    granted = person_permissions(actor, uow, person)
    if copy is PlanCopy.OFFICER and Permission.VIEW_PLAN_OFFICER_TEXT not in granted:
        raise PermissionDenied(actor, Permission.VIEW_PLAN_OFFICER_TEXT)
    name = f"{person.given_name} {person.family_name} ({person.prison_number})"
    row = uow.plans.version(person_id, version) if version else uow.plans.current(person_id)
    if version and row is None:
        raise NotFound(f"There is no version {version} of {name}'s plan.")
    row_id = row.id if row is not None else None
    visible = RecordVisibility.of(granted)
    if row is not None and row.state == PlanState.ISSUED.value and row.snapshot_json:
        return PrintablePlan(visible.plan_document(frozen_document(row.snapshot_json, now)), row_id)
    plan = mapping.version(row) if row else PlanVersion(person_id=person_id)
    if not plan.actions and not allow_empty:
        what = "has no plan yet" if row is None else "has a plan with no actions"
        raise NoPlanToPrint(
            f"{name} {what}. Add actions first, or print a plan that says it has none."
        )
    pack, _problems = active_pack(uow)
    accepted = [a.intervention_id for a in uow.plans.accepted(person_id)]
    contacts = plan_contacts(uow, person)
    record = load_case_record(actor, uow, person_id, today)
    words = {e.code: e.plain for e in catalogue_of(uow).entries if e.plain is not None}
    document = build_plan_document(record, plan, pack, RULE_VERSION, accepted, now, contacts, words)
    return PrintablePlan(visible.plan_document(document), row_id)


def plan_document(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    version: int | None = None,
    allow_empty: bool = False,
    today: dt.date | None = None,
) -> PlanDocument:
    """The document a print would carry, for the preview. Not audited: nothing is printed."""
    with uow:
        return load_plan_document(actor, uow, person_id, version, allow_empty, today).document


def open_plan_preview(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    version: int | None = None,
    allow_empty: bool = False,
) -> PlanDocument:
    """Open the plan preview: the document, and one ``person.viewed`` row (``plan_preview``).
    A refusal (no plan to print) records nothing."""
    with uow:
        document = load_plan_document(actor, uow, person_id, version, allow_empty).document
        # A full disk or a read-only database: shown, its opening logged instead (a print,
        # which leaves the building, still refuses: ``record_print``).
        commit_view(uow, actor, person_id, ViewPlace.PLAN_PREVIEW)
        return document


def disclosure_reason(reason: DisclosureReason | Mapping[str, Any]) -> DisclosureReason:
    """The justification checked (a refusal names the field), before anything is read."""
    return validate(DisclosureReason, reason)


def require_copy(actor: Actor, copy: PlanCopy) -> None:
    """The officer's copy prints the plan's officer-only text."""
    require(actor, Permission.PRINT_PLAN)
    if copy is PlanCopy.OFFICER:
        require(actor, Permission.VIEW_PLAN_OFFICER_TEXT)


def render(document: PlanDocument, copy: PlanCopy, large_print: bool = False) -> bytes:
    if copy is PlanCopy.OFFICER:
        return render_officer_plan(document)
    return render_person_plan(document, large_print=large_print)


def record_print(
    uow: UnitOfWork,
    actor: Actor,
    person_id: int,
    printed: PrintablePlan,
    copy: PlanCopy,
    large_print: bool,
    batch: bool,
    reason: DisclosureReason,
    to_file: bool,
    formats: Sequence[PlanFormat] = (PlanFormat.PDF,),
) -> None:
    """The ``plan.printed`` row of one copy leaving Resettle (inside the caller's unit of
    work), with the formats it left in."""
    audit.record(
        uow,
        actor,
        AuditAction.PLAN_PRINTED,
        printed.plan_version_id,
        person_id=person_id,
        copy=copy.value,
        version=printed.document.plan_version,
        large_print=large_print,
        batch=batch,
        to_file=to_file,
        formats=[f.value for f in formats],
        **stage_disclosure_note(uow, person_id, reason),
    )


def plan_pdf(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    copy: PlanCopy = PlanCopy.OFFICER,
    large_print: bool = False,
    version: int | None = None,
    allow_empty: bool = False,
    *,
    reason: DisclosureReason | Mapping[str, Any],
    to_file: bool = False,
    target: Path | None = None,
) -> bytes:
    """One person's plan as PDF bytes: read, rendered and audited, with the disclosure's
    ``reason``, in one transaction. ``to_file``: saved as a PDF file, not sent to a printer.

    ``target``: the file to save it as (implies ``to_file``). The whole PDF is written to a
    temporary file beside it first (``resettle/private_files.py``), the ``plan.printed`` row
    is committed, and only then is the file moved under ``target``'s name. A row that cannot
    be committed removes the temporary file only: no file leaves unaudited, no row records a
    file that was not written, and a file already at ``target`` is left as it was. A file
    already at ``target`` is replaced once the row is committed (the GUI's save dialog has
    asked); the CLI, which refuses one unless ``--force``, saves through
    ``plan_files.save_plan_files``."""
    require_copy(actor, copy)
    checked = disclosure_reason(reason)
    to_file = to_file or target is not None
    with uow:
        printed = load_plan_document(actor, uow, person_id, version, allow_empty, copy=copy)
        pdf = render(printed.document, copy, large_print)
        placed: contextlib.AbstractContextManager[object] = (
            file_written_safely(target, pdf) if target is not None else contextlib.nullcontext()
        )
        with placed:
            record_print(uow, actor, person_id, printed, copy, large_print, False, checked, to_file)
            uow.commit()
    return pdf


#: Renders ``document`` as ``copy`` (large print or not) into PDF bytes.
PlanRenderer = Callable[[PlanDocument, PlanCopy, bool], bytes]


def _render_by_value(document: PlanDocument, copy: str, large_print: bool) -> bytes:
    """Render one plan; runs in a worker process (the copy passed by value)."""
    return render(document, PlanCopy(copy), large_print)


def _render_here(document: PlanDocument, copy: PlanCopy, large_print: bool) -> bytes:
    return render(document, copy, large_print)


def plan_file_name(prison_number: str, copy: PlanCopy) -> str:
    """The name of a person's plan in a batch's folder: their prison number, which no one
    else has, so two people of the same name never share a file."""
    return f"plan-{prison_number}-{copy.value}.pdf"


def print_plan_to_file(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    out_dir: Path,
    copy: PlanCopy = PlanCopy.OFFICER,
    large_print: bool = False,
    render_pdf: PlanRenderer = _render_here,
    *,
    reason: DisclosureReason | Mapping[str, Any],
    replace: bool = False,
) -> Path:
    """One person's plan as a PDF file in ``out_dir`` (one step of a batch): read, written and
    audited, with the disclosure's ``reason``, in one transaction, in the safe writer's order
    (``private_files.file_written_safely``): the whole PDF is written beside its name, the
    ``plan.printed`` row is committed, and only then is the file placed. A row that cannot
    be committed leaves no file and an earlier file of that name as it was. Without
    ``replace``, a file of that name already in the folder is never replaced
    (``FileExistsError``, before the row is written)."""
    require_copy(actor, copy)
    checked = disclosure_reason(reason)
    with uow:
        printed = load_plan_document(actor, uow, person_id, copy=copy)
        target = out_dir / plan_file_name(printed.document.person.prison_number, copy)
        pdf = render_pdf(printed.document, copy, large_print)
        with file_written_safely(target, pdf, replace=replace):
            record_print(uow, actor, person_id, printed, copy, large_print, True, checked, True)
            uow.commit()
    return target


class BatchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    written: tuple[Path, ...]
    skipped: tuple[str, ...]
    cancelled: bool = False
    #: A rendering process ended unexpectedly (``BrokenProcessPool``): the batch stopped
    #: there; the people not reached are not listed as skipped.
    broken: bool = False


#: What the user is told when a rendering process died (the log has the traceback).
PRINTING_PROCESS_ENDED = (
    "Printing stopped: a printing process ended unexpectedly; nothing more was printed. "
    "See the log."
)


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def print_batch(
    runner: Runner,
    person_ids: Sequence[int],
    out_dir: Path,
    copy: PlanCopy = PlanCopy.OFFICER,
    large_print: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *,
    reason: DisclosureReason | Mapping[str, Any],
    labels: Mapping[int, str] | None = None,
    replace: bool = False,
) -> BatchResult:
    """Write one PDF per person into ``out_dir``; people without a plan are listed, not fatal.
    A plan whose file (``plan_file_name``) is already in the folder is skipped, the file
    kept, unless ``replace``.

    The one operation that spans several transactions, on purpose: a batch is many user
    actions, not one. Each person printed is ``print_plan_to_file`` run through
    ``runner.run`` (the workspace's single entry point), in its own unit of work, so a batch
    of N writes N ``plan.printed`` rows. A failure for one person (a full disk, a failed
    render, a plan changed meanwhile) is reported and the rest go on; a cancelled batch keeps
    what it printed and its audit rows. One transaction for thousands of renders would hold
    a connection for minutes, and one failure would undo every row.

    Rendering, the slow part, runs in worker processes, one per core; a thread per worker
    runs the per-person use case and waits for its render, with a bounded number in flight.
    """
    require_copy(runner.actor, copy)
    checked = disclosure_reason(reason)
    make_private_folder(out_dir)
    written: list[Path] = []
    skipped: list[str] = []
    total = len(person_ids)
    workers = _workers()
    in_flight: dict[Future[Path], int] = {}
    stopped = False
    broken = False

    def label(person_id: int) -> str:
        """How a skipped person is named: as the caller lists them (prison number and name),
        else by the record's id."""
        given = labels.get(person_id) if labels is not None else None
        return given or f"Person {person_id}"

    def report() -> None:
        if progress is not None:
            progress(len(written) + len(skipped), total)

    def collect(wait_for: int) -> None:
        if len(in_flight) <= wait_for:
            return
        nonlocal broken
        done, _pending = wait(set(in_flight), return_when=FIRST_COMPLETED)
        for future in done:
            person_id = in_flight.pop(future)
            try:
                written.append(future.result())
            except BrokenProcessPool:
                # Every render after this one fails the same way: stop, and say so once.
                if not broken:
                    log.error("Batch printing stopped: a rendering process ended", exc_info=True)
                broken = True
                continue
            except DomainError as error:
                skipped.append(str(error))
            except FileExistsError as error:  # an earlier file of the name: kept
                name = Path(error.filename).name if error.filename else "its file"
                skipped.append(f"{label(person_id)}: {name} is already in the folder (kept).")
            except OSError as error:  # a full disk, a folder not writable: the rest go on
                why = (
                    str(error)  # "Cannot write PATH: the disk is full"
                    if isinstance(error, FileNotWritten)
                    else f"the PDF could not be written: {write_failure_reason(error)}"
                )
                skipped.append(f"{label(person_id)}: {why}.")
            except Exception as error:  # a failed render: the rest go on
                skipped.append(f"{label(person_id)}: the PDF could not be made ({error}).")
            report()

    context = multiprocessing.get_context("spawn")
    with (
        ProcessPoolExecutor(max_workers=workers, mp_context=context) as renderers,
        ThreadPoolExecutor(max_workers=workers) as printers,
    ):

        def render_in_worker(document: PlanDocument, chosen: PlanCopy, large: bool) -> bytes:
            return renderers.submit(_render_by_value, document, chosen.value, large).result()

        for person_id in person_ids:
            if cancelled is not None and cancelled():
                stopped = True
                break
            if broken:
                break
            future = printers.submit(
                runner.run,
                print_plan_to_file,
                person_id,
                out_dir,
                copy,
                large_print,
                render_in_worker,
                reason=checked,
                replace=replace,
            )
            in_flight[future] = person_id
            collect(2 * workers - 1)
        while in_flight:
            collect(0)
    return BatchResult(
        written=tuple(written), skipped=tuple(skipped), cancelled=stopped, broken=broken
    )
