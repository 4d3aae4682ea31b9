"""The unit-of-work type services accept, and the runner the UI and CLI hold.

A public service function (a use case) is one user action: ``use_case(actor, uow, ...)``
where ``uow`` is a fresh unit of work it opens exactly once (``with uow:``) and commits at
most once. The UI and CLI never build units of work: they call
``workspace.run(use_case, ...)``, which supplies the actor and a fresh unit of work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from resettle.domain.staff import Actor
from resettle.storage.uow import SqlUnitOfWork

UnitOfWork = SqlUnitOfWork

P = ParamSpec("P")
R = TypeVar("R")


class Runner(Protocol):
    """Runs use cases for one acting user (``Workspace`` is the real one)."""

    @property
    def actor(self) -> Actor: ...

    def run(
        self,
        use_case: Callable[Concatenate[Actor, UnitOfWork, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R: ...
