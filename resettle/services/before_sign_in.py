"""The few calls made on a database before anyone has signed in: whether it has accounts,
creating its first administrator, whether it holds demo data.

``Workspace.run`` is the one way a signed-in user's action reaches the services; this is its
counterpart for the sign-in screen, which has no account yet: a fresh unit of work per call,
storage failures translated into the same caseworker's wording.

An encrypted SQLite file cannot be read before someone signs in (it is sealed): it has
accounts (its key file has slots, or it would not be sealed), is not a demo database (the
demo's is never encrypted), and anything else is refused, naming the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from resettle.services.authentication import has_accounts
from resettle.services.demo_marker import is_demo_database
from resettle.services.storage_errors import translate_storage_errors
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.database import Database
from resettle.storage.errors import DatabaseSealed

P = ParamSpec("P")
R = TypeVar("R")

#: What a sealed database answers without being read.
_SEALED_ANSWERS: dict[Callable[..., Any], object] = {
    has_accounts: True,
    is_demo_database: False,
}


def run_before_sign_in(
    database: Database,
    use_case: Callable[Concatenate[UnitOfWork, P], R],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> R:
    """``use_case(fresh unit of work, *args, **kwargs)`` (``has_accounts``,
    ``create_first_admin``, ``is_demo_database``)."""
    if database.sealed is not None:
        if use_case in _SEALED_ANSWERS:
            return cast(R, _SEALED_ANSWERS[use_case])
        raise DatabaseSealed(database.description)
    with translate_storage_errors(use_case.__name__):
        return use_case(database.uow(), *args, **kwargs)


__all__ = ["Database", "run_before_sign_in"]
