"""What every CLI command handler receives.

A command module exposes ``register(subparsers)``; each subparser sets
``handler=<function(args, ctx) -> int>``. Handlers print to ``ctx.out`` / ``ctx.err``
and return the process exit code. Errors a user can act on are printed as one clear
line on ``ctx.err`` (no traceback) with a non-zero code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO


@dataclass
class CliContext:
    out: TextIO
    err: TextIO
    #: Opens the configured database (running migrations) on first use and signs in as
    #: ``--user``; set by ``main``.
    open_app: Callable[[], Any] = field(default=lambda: None)
    #: Opens the configured database with nobody signed in (the first administrator, the demo
    #: database: ``encrypt_new=False`` keeps a new one plain); set by ``main``.
    open_database: Callable[..., Any] = field(default=lambda **_: None)
    #: Opens the configured database as it is: no upgrade, no backup copy (a check before
    #: deciding to change it); the caller closes it.
    open_database_as_is: Callable[[], Any] = field(default=lambda: None)
    #: The account named with ``--user`` or ``RESETTLE_USER`` (None: none named).
    username: str | None = None
    #: Where short-lived commands may keep prepared work between runs (none: keep nothing).
    cache_dir: Path | None = None


Handler = Callable[[argparse.Namespace, CliContext], int]
