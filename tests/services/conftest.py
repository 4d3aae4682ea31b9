"""Fixtures for service tests: a workspace that counts the units of work each use case opens,
and the hand-counted measures dataset (``measures_dataset.py``) on the day it is held at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import pytest

from resettle.domain import clock
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.storage.uow import SqlUnitOfWork
from tests.services.measures_dataset import (
    TODAY,
    Dataset,
    DatasetTemplates,
    dataset_database_url,
    dataset_of,
)

P = ParamSpec("P")
R = TypeVar("R")


class CountingUnitOfWork(SqlUnitOfWork):
    """A unit of work that counts how often it is entered and committed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entered = 0
        self.commits = 0

    def __enter__(self) -> CountingUnitOfWork:
        self.entered += 1
        super().__enter__()
        return self

    def commit(self) -> None:
        self.commits += 1
        super().commit()


@dataclass
class UseCaseCall:
    name: str
    entered: int
    commits: int
    audit_rows: list[tuple[str, int | None]]


@dataclass
class CountingRunner:
    """Runs use cases like ``Workspace.run`` and records, per call, the units of work
    entered, the commits and the audit rows written (action, person id)."""

    workspace: Workspace
    actor: Actor
    calls: list[UseCaseCall] = field(default_factory=list)

    def run(
        self,
        use_case: Callable[Concatenate[Actor, UnitOfWork, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        before = self._last_audit_id()
        uow = CountingUnitOfWork(self.workspace.database.session_factory)
        try:
            return use_case(self.actor, uow, *args, **kwargs)
        finally:
            self.calls.append(
                UseCaseCall(use_case.__name__, uow.entered, uow.commits, self._audit_since(before))
            )

    def as_(self, actor: Actor) -> CountingRunner:
        return CountingRunner(self.workspace, actor, self.calls)

    @property
    def last(self) -> UseCaseCall:
        return self.calls[-1]

    def _last_audit_id(self) -> int:
        with self.workspace.uow() as uow:
            rows = uow.audit.latest(1)
            return rows[0].id if rows else 0

    def _audit_since(self, after: int) -> list[tuple[str, int | None]]:
        with self.workspace.uow() as uow:
            rows = [row for row in uow.audit.latest(10_000) if row.id > after]
            return [(row.action, row.person_id) for row in reversed(rows)]


@pytest.fixture
def counting(workspace: Workspace) -> CountingRunner:
    return CountingRunner(workspace, workspace.actor)


@pytest.fixture(scope="session")
def dataset_templates(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DatasetTemplates]:
    """The hand-counted measures dataset, built once per backend (``measures_dataset.py``)."""
    templates = DatasetTemplates(request, tmp_path_factory)
    yield templates
    templates.close()


@pytest.fixture
def held_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is the dataset's TODAY for the whole test."""
    monkeypatch.setattr(clock, "_day_source", lambda: TODAY)


@pytest.fixture
def dataset(workspace: Workspace, held_day: None, dataset_templates: DatasetTemplates) -> Dataset:
    """The hand-counted dataset, in this test's own copy of its template (``database_url``)."""
    return dataset_of(workspace, dataset_templates)


@pytest.fixture
def database_url(
    database_url: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A test using ``dataset`` gets a copy of the dataset built once; any other test gets the
    empty database as before. Here rather than in each module, so that no module can ask for
    ``dataset`` and be given an empty database."""
    yield from dataset_database_url(database_url, request, tmp_path)
