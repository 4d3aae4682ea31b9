"""Printing plans: the officer's copy and the person's own copy, one at a time or in a batch."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import DomainError, NotFound
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import PlanState, PlanVersion
from resettle.domain.plan_document import PlanDocument
from resettle.domain.staff import Actor
from resettle.evidence import RULE_VERSION
from resettle.reports import render_officer_plan, render_person_plan
from resettle.services import audit
from resettle.services.case_record.read import get_case_record
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import reachable_person
from resettle.services.plans import mapping
from resettle.services.plans.document import build_plan_document
from resettle.services.plans.issue import frozen_document, officer_contact
from resettle.services.unit_of_work import UowFactory
from resettle.storage.base import utc_now


class PlanCopy(StrEnum):
    OFFICER = "officer"
    PERSON = "person"


class NoPlanToPrint(DomainError):
    """The person has no plan, or a plan with no actions, and an empty one was not asked for."""

    code = "plan.nothing_to_print"


def plan_document(
    actor: Actor,
    uow_factory: UowFactory,
    person_id: int,
    version: int | None = None,
    allow_empty: bool = False,
    today: dt.date | None = None,
) -> PlanDocument:
    require(actor, Permission.PRINT_PLAN)
    now = utc_now()
    with uow_factory() as uow:
        person = reachable_person(actor, uow, person_id)
        name = f"{person.given_name} {person.family_name} ({person.prison_number})"
        row = uow.plans.version(person_id, version) if version else uow.plans.current(person_id)
        if version and row is None:
            raise NotFound(f"There is no version {version} of {name}'s plan.")
        if row is not None and row.state == PlanState.ISSUED.value and row.snapshot_json:
            return frozen_document(row.snapshot_json, now)
        plan = mapping.version(row) if row else PlanVersion(person_id=person_id)
        if not plan.actions and not allow_empty:
            what = "has no plan yet" if row is None else "has a plan with no actions"
            raise NoPlanToPrint(
                f"{name} {what}. Add actions first, or print a plan that says it has none."
            )
        pack, _problems = active_pack(uow)
        accepted = [a.intervention_id for a in uow.plans.accepted(person_id)]
        officer = person.officer
        contact = officer_contact(officer.phone, officer.email) if officer else ""
    record = get_case_record(actor, uow_factory(), person_id, today)
    return build_plan_document(record, plan, pack, RULE_VERSION, accepted, now, contact)


def render(document: PlanDocument, copy: PlanCopy, large_print: bool = False) -> bytes:
    if copy is PlanCopy.OFFICER:
        return render_officer_plan(document)
    return render_person_plan(document, large_print=large_print)


def plan_pdf(
    actor: Actor,
    uow_factory: UowFactory,
    person_id: int,
    copy: PlanCopy = PlanCopy.OFFICER,
    large_print: bool = False,
    version: int | None = None,
    allow_empty: bool = False,
) -> bytes:
    document = plan_document(actor, uow_factory, person_id, version, allow_empty)
    pdf = render(document, copy, large_print)
    with uow_factory() as uow:
        audit.record(
            uow,
            actor,
            "plan.printed",
            "person",
            person_id,
            copy=copy.value,
            version=document.plan_version,
            large_print=large_print,
        )
        uow.commit()
    return pdf


class BatchResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    written: tuple[Path, ...]
    skipped: tuple[str, ...]
    cancelled: bool = False


def _render_to_file(document: PlanDocument, copy: str, large_print: bool, target: str) -> str:
    """Runs in a worker process: render one plan and write it (never half-written)."""
    pdf = render(document, PlanCopy(copy), large_print)
    partial = Path(target + ".partial")
    partial.write_bytes(pdf)
    partial.replace(target)
    return target


def _audit_batch(
    actor: Actor,
    uow_factory: UowFactory,
    printed: list[int],
    copy: PlanCopy,
    large_print: bool,
    skipped: int,
    stopped: bool,
) -> None:
    """One row per person whose plan left the building, and one for the batch."""
    with uow_factory() as uow:
        for person_id in printed:
            audit.record(
                uow,
                actor,
                "plan.printed",
                "person",
                person_id,
                copy=copy.value,
                large_print=large_print,
                batch=True,
            )
        audit.record(
            uow,
            actor,
            "plan.batch_printed",
            "database",
            None,
            copy=copy.value,
            written=len(printed),
            skipped=skipped,
            cancelled=stopped,
        )
        uow.commit()


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def print_batch(
    actor: Actor,
    uow_factory: UowFactory,
    person_ids: Sequence[int],
    out_dir: Path,
    copy: PlanCopy = PlanCopy.OFFICER,
    large_print: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BatchResult:
    """Write one PDF per person into ``out_dir``; people without a plan are listed, not fatal.

    Documents are built here (they read the database); rendering, the slow part, runs in
    worker processes, one per core, with a bounded number of plans in flight.
    """
    require(actor, Permission.PRINT_PLAN)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    printed: list[int] = []
    skipped: list[str] = []
    total = len(person_ids)
    workers = _workers()
    in_flight: dict[Future[str], int] = {}
    stopped = False

    def report() -> None:
        if progress is not None:
            progress(len(written) + len(skipped), total)

    def collect(wait_for: int) -> None:
        if len(in_flight) <= wait_for:
            return
        done, _pending = wait(set(in_flight), return_when=FIRST_COMPLETED)
        for future in done:
            person_id = in_flight.pop(future)
            try:
                written.append(Path(future.result()))
                printed.append(person_id)
            except Exception as error:  # a full disk or a failed render: the rest go on
                skipped.append(f"Person {person_id}: the PDF could not be written ({error}).")
        report()

    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for person_id in person_ids:
                if cancelled is not None and cancelled():
                    stopped = True
                    break
                try:
                    document = plan_document(actor, uow_factory, person_id)
                except DomainError as error:
                    skipped.append(str(error))
                    report()
                    continue
                target = out_dir / f"plan-{document.person.prison_number}-{copy.value}.pdf"
                future = pool.submit(
                    _render_to_file, document, copy.value, large_print, str(target)
                )
                in_flight[future] = person_id
                collect(2 * workers)
            while in_flight:
                collect(0)
    finally:
        _audit_batch(actor, uow_factory, printed, copy, large_print, len(skipped), stopped)
    return BatchResult(written=tuple(written), skipped=tuple(skipped), cancelled=stopped)
