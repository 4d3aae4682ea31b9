"""Case-record and plan benchmarks against a built database (called by run.py).

- open a person (case record read, its ``person.viewed`` audit row written, the person window
  built, off-screen); the same read with and without the audit row through the service, and
  "Who has seen this" (first page) for the person's officer;
- open a person with 200 notes and 50 referrals;
- save a change (one pathway need);
- one plan PDF through the services (record read, document built, rendered);
- 500 plans in one batch (print_batch, as the GUI's batch dialog runs it).
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_caseload import measure

from resettle.domain.caseload import CaseloadQuery
from resettle.services.workspace import Workspace

Metrics = dict[str, dict[str, float]]
HEAVY_PRISON_NUMBER = "B9999ZZ"


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def heavy_person(workspace: Workspace) -> int:
    """A person with 200 notes and 50 referrals (made once, through the services)."""
    from resettle.services.case_record import aftercare, notes
    from resettle.services.case_record.read import open_case_record
    from resettle.services.people import find_person_id, register_person

    actor = workspace.actor
    try:
        return find_person_id(actor, workspace.uow(), HEAVY_PRISON_NUMBER)
    except Exception:
        pass
    today = dt.date.today()
    detail = register_person(
        actor,
        workspace.uow(),
        {
            "prison_number": HEAVY_PRISON_NUMBER,
            "crn": "B999999",
            "given_name": "Łukasz",
            "family_name": "Wiśniewski-Benchmark",
            "date_of_birth": dt.date(1985, 3, 2),
            "sex": "male",
            "sentence_date": today - dt.timedelta(days=400),
            "release_date": today + dt.timedelta(days=20),
        },
    )
    providers = aftercare.list_providers(actor, workspace.uow())
    for n in range(50):
        aftercare.add_referral(
            actor,
            workspace.uow(),
            detail.id,
            {
                "provider_id": providers[n % len(providers)].id,
                "service_type": "housing_support",
                "referral_date": today - dt.timedelta(days=n),
                "contact": f"Worker {n}",
            },
        )
    for n in range(200):
        notes.add_case_note(
            actor, workspace.uow(), detail.id, {"text": f"Supervision note {n}: " + "text " * 60}
        )
    open_case_record(actor, workspace.uow(), detail.id)
    return detail.id


def run_with(workspace: Workspace, repeats: int, opening_only: bool = False) -> Metrics:
    """Every metric; with ``opening_only`` just the two person-opening figures."""
    from PySide6.QtWidgets import QApplication

    from resettle.domain.disclosure import DisclosureReason, Justification
    from resettle.domain.record_parts import RecordPart
    from resettle.services.case_record.needs import save_pathway_need
    from resettle.services.case_record.read import open_case_record, refresh_case_record
    from resettle.services.caseload import list_caseload
    from resettle.services.plans.printing import plan_pdf, print_batch
    from resettle.services.seen_by import who_has_seen
    from resettle.ui.screens import open_person_window

    app = QApplication.instance() or QApplication([])
    actor = workspace.actor
    rows = list_caseload(actor, workspace.uow(), CaseloadQuery(limit=2000)).rows
    rng = random.Random(3)
    ids = [row.id for row in rows]

    def open_window(person_id: int) -> None:
        window = open_person_window(workspace, person_id)
        window.deleteLater()
        app.processEvents()

    heavy = heavy_person(workspace)
    repeats_20 = max(repeats, 20)
    gc.freeze()  # as the app does once its main window is up
    results: Metrics = {
        # Wall and CPU time (the CPU figure moves less with a shared machine's load).
        "open_person": measure(lambda: open_window(rng.choice(ids)), max(repeats, 10), 200),
        "open_person_200_notes_50_referrals": measure(
            lambda: open_window(heavy), max(repeats, 5), 300
        ),
        # The opening's read and audit row (open_case_record) against the same read without
        # the row (refresh_case_record): the difference is what view auditing costs.
        "open_case_record_audited": measure(
            lambda: open_case_record(actor, workspace.uow(), rng.choice(ids)), repeats_20, 200
        ),
        "read_case_record_not_audited": measure(
            lambda: refresh_case_record(actor, workspace.uow(), rng.choice(ids)), repeats_20, 200
        ),
        "who_has_seen_first_page": measure(
            lambda: who_has_seen(actor, workspace.uow(), heavy), repeats_20, 200
        ),
    }

    if opening_only:
        return results

    def save_change() -> None:
        record = open_case_record(actor, workspace.uow(), heavy)
        need = record.needs[0].need
        flipped = "high" if need.severity.value != "high" else "medium"
        started = time.perf_counter()
        save_pathway_need(
            actor,
            workspace.uow(),
            heavy,
            record.revision(RecordPart.NEEDS),
            {**need.model_dump(), "severity": flipped},
        )
        save_times.append((time.perf_counter() - started) * 1000)

    save_times: list[float] = []
    for _ in range(max(repeats, 10)):
        save_change()
    results["save_change"] = {"median_ms": statistics.median(save_times), "target_ms": 100}

    from resettle.services.plans.read import get_plan

    reason = DisclosureReason(justification=Justification.PLAN_FOR_PERSON)
    with_plans = [pid for pid in ids[:300] if get_plan(actor, workspace.uow(), pid).exists]
    results["plan_pdf_one_via_services"] = {
        "median_ms": _median_ms(
            lambda: plan_pdf(actor, workspace.uow(), rng.choice(with_plans), reason=reason),
            max(repeats, 10),
        ),
        "target_ms": 300,
    }
    batch_ids = ids[:500]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = print_batch(workspace, batch_ids, Path(folder), reason=reason)
        elapsed = (time.perf_counter() - started) * 1000
    results["plan_pdf_batch_500_via_services"] = {
        "median_ms": elapsed,
        "target_ms": 60_000,
        "written": float(len(result.written)),
    }
    return results
