"""The few calls made on a database before anyone has signed in: whether it has accounts,
creating its first administrator, whether it holds demo data.

``Workspace.run`` is the one way a signed-in user's action reaches the services; this is its
counterpart for the sign-in screen, which has no account yet: a fresh unit of work per call,
storage failures translated into the same caseworker's wording.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from resettle.services.storage_errors import translate_storage_errors
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.database import Database

P = ParamSpec("P")
R = TypeVar("R")


def run_before_sign_in(
    database: Database,
    use_case: Callable[Concatenate[UnitOfWork, P], R],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """``use_case(fresh unit of work, *args, **kwargs)`` (``has_accounts``,
    ``create_first_admin``, ``is_demo_database``)."""
    with translate_storage_errors(use_case.__name__):
        return use_case(database.uow(), *args, **kwargs)


__all__ = ["Database", "run_before_sign_in"]
