"""Writer processes for the fault trials (issue 16): each runs a stream of service writes on
records other writers share, through ``Workspace.run`` as the application does, and logs
every write it saw committed to its own file (a line, flushed and fsync'd, after the call
returned) and every refusal and raw error. The trials then check the database against the
logs: every logged write is present, and every failure was a domain error.

Children are forked from a ``forkserver`` that has imported the application already, so a
child starts in a fraction of a second (a spawned one imports everything again)."""

from __future__ import annotations

import multiprocessing
import os
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from resettle.domain.errors import ConcurrentEdit, DatabaseBusy
from resettle.domain.staff import Actor
from resettle.services.case_record.notes import add_case_note
from resettle.services.people import get_person, update_person
from resettle.services.plans import edit
from resettle.services.plans.read import get_plan
from resettle.services.workspace import Workspace
from resettle.storage.database import open_database
from tests.factories import another_person

KINDS = ("note", "profile", "plan")
#: The audit action each kind of write records once per committed write.
AUDITED = {"profile": "person.updated", "plan": "plan.saved", "note": "note.added"}


@dataclass(frozen=True)
class Shared:
    """The records every writer works on: (person id, ``another_person`` number)."""

    people: tuple[tuple[int, int], ...]


def context() -> ForkServerContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__])
    return ctx


def write_stream(
    url: str,
    actor: Actor,
    shared: Shared,
    log_path: str,
    seed: int,
    seconds: float | None,
    start: Any = None,
) -> None:
    """Write until ``seconds`` have passed after ``start`` (a barrier; None: at once), or
    forever (``seconds`` None: until killed)."""
    database = open_database(url, migrate=False)
    workspace = Workspace(database, actor)
    rng = random.Random(seed)
    versions: dict[int, int] = {}
    revisions: dict[int, int | None] = {}
    with open(log_path, "a", encoding="utf-8") as log:

        def logged(line: str) -> None:
            log.write(line + "\n")
            log.flush()
            os.fsync(log.fileno())

        if start is not None:
            start.wait()
        logged("started")
        deadline = None if seconds is None else time.monotonic() + seconds
        step = 0
        while deadline is None or time.monotonic() < deadline:
            step += 1
            person_id, number = rng.choice(shared.people)
            kind = rng.choice(KINDS)
            label = f"w{seed}-{step}"
            try:
                if kind == "note":
                    note_id = workspace.run(add_case_note, person_id, {"text": label})
                    logged(f"note {person_id} {note_id} {label}")
                elif kind == "profile":
                    if person_id not in versions:
                        versions[person_id] = workspace.run(get_person, person_id).version
                    data = another_person(number, family_name=label)
                    detail = workspace.run(update_person, person_id, versions[person_id], data)
                    versions[person_id] = detail.version
                    logged(f"profile {person_id} {detail.version} {label}")
                else:
                    if person_id not in revisions:
                        revisions[person_id] = workspace.run(get_plan, person_id).revision
                    action = dict(PLAN_ACTION, what=label)
                    view = workspace.run(edit.save_plan, person_id, revisions[person_id], [action])
                    revisions[person_id] = view.revision
                    logged(f"plan {person_id} {view.revision} {label}")
            except (ConcurrentEdit, DatabaseBusy) as refused:
                versions.pop(person_id, None)
                revisions.pop(person_id, None)
                logged(f"refused {kind} {refused.code}")
            except Exception as error:  # what the trial counts as a raw error
                versions.pop(person_id, None)
                revisions.pop(person_id, None)
                logged(f"raw {kind} {type(error).__name__}")
    database.close()


PLAN_ACTION = {
    "pathway": "accommodation",
    "what": "",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


@dataclass
class WriterLog:
    """What one writer logged."""

    lines: list[str]

    @classmethod
    def read(cls, path: Path) -> WriterLog:
        text_ = path.read_text(encoding="utf-8") if path.exists() else ""
        # A line cut short by a kill (no newline yet) was not logged.
        complete = text_[: text_.rfind("\n") + 1] if "\n" in text_ else ""
        return cls(complete.splitlines())

    def of(self, kind: str) -> list[list[str]]:
        return [line.split() for line in self.lines if line.startswith(kind + " ")]

    @property
    def raw(self) -> list[str]:
        return [line for line in self.lines if line.startswith("raw ")]

    @property
    def committed(self) -> int:
        return sum(len(self.of(kind)) for kind in KINDS)


def audit_counts(engine: Engine, person_ids: Iterable[int]) -> dict[str, int]:
    """How many audit rows of each kind of write the database holds for ``person_ids``."""
    ids = tuple(person_ids)
    counts = {}
    with engine.connect() as connection:
        for kind, action in AUDITED.items():
            counts[kind] = int(
                connection.execute(
                    text(
                        "SELECT count(*) FROM audit_log WHERE action = :action "
                        f"AND person_id IN ({', '.join(str(int(i)) for i in ids)})"
                    ),
                    {"action": action},
                ).scalar_one()
            )
    return counts


def notes_present(engine: Engine, logs: Iterable[WriterLog]) -> tuple[int, list[str]]:
    """(how many logged notes there were, the logged notes missing from the database)."""
    logged = {int(f[2]): (int(f[1]), f[3]) for log in logs for f in log.of("note")}
    with engine.connect() as connection:
        stored = {
            row.id: (row.person_id, row.text)
            for row in connection.execute(text("SELECT id, person_id, text FROM case_notes"))
        }
    missing = [f"note {i}" for i, note in logged.items() if stored.get(i) != note]
    return len(logged), missing


def final_values(engine: Engine, person_ids: Iterable[int]) -> dict[int, tuple[str, str | None]]:
    """Each person's stored family name and current plan's first action."""
    values: dict[int, tuple[str, str | None]] = {}
    with engine.connect() as connection:
        for person_id in person_ids:
            name = connection.execute(
                text("SELECT family_name FROM people WHERE id = :p"), {"p": person_id}
            ).scalar_one()
            what = connection.execute(
                text(
                    "SELECT a.what FROM plan_actions a JOIN plan_versions v "
                    "ON a.plan_version_id = v.id WHERE v.person_id = :p "
                    "ORDER BY v.version DESC, a.position LIMIT 1"
                ),
                {"p": person_id},
            ).scalar_one_or_none()
            values[person_id] = (name, what)
    return values
