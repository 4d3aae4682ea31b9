"""What a command's own process, which starts, does one thing and exits, skips: garbage
collections that would find nothing, and Pydantic's search for plugins.

Python's cyclic garbage collector runs every few hundred allocations and now and then walks
every object the process holds. Starting a command creates a few hundred thousand objects that
live until the process ends (modules, classes, Pydantic's schemas and validators) and almost no
garbage, so the collections made while it starts find nothing to free; and the collections
Python makes while it shuts down walk all of them again, only to free memory the operating
system takes back with the process anyway. Together these were about 15 % of the CPU time of
``resettle recommend`` on this shared machine (docs/performance.md, "Commands that need no
database").

Pydantic also looks through every installed package's entry points for plugins the first time
it builds a model, and Resettle uses none; the command's own process tells it not to look
(``PYDANTIC_DISABLE_PLUGINS``), unless the variable is already set.

Only the console script's own process does this (``main(own_process=True)``): tests and other
callers of ``main`` keep the collector as they had it. Objects are still freed as soon as
nothing refers to them; only cycles created before a freeze are left to the operating system.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

#: Pydantic reads this before it looks for plugins; ``__all__`` loads none.
PYDANTIC_PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


@contextmanager
def starting_up() -> Iterator[None]:
    """Collect nothing while the command's modules load and its settings are read, then keep
    what that built out of later collections (``gc.freeze``). The command's own work runs with
    the collector on, as usual."""
    os.environ.setdefault(PYDANTIC_PLUGINS, "__all__")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def before_exit() -> None:
    """Leave every object out of the collections Python makes while it shuts down."""
    gc.freeze()
