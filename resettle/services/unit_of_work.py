"""The unit-of-work type services accept, and the factory the UI and CLI hold."""

from __future__ import annotations

from collections.abc import Callable

from resettle.storage.uow import SqlUnitOfWork

UnitOfWork = SqlUnitOfWork
UowFactory = Callable[[], SqlUnitOfWork]
