"""Moving a test database to one migration revision at a time (the migration tests' shared
set-up): ``with migration_steps(url) as (engine, migrate): migrate("0010")``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic import command
from sqlalchemy import Engine

from resettle.storage.engine import build_engine, normalise_url
from resettle.storage.migrate import alembic_config


@contextmanager
def migration_steps(url: str) -> Iterator[tuple[Engine, Callable[..., None]]]:
    engine = build_engine(normalise_url(url))
    config = alembic_config()

    def migrate(revision: str, *, down: bool = False) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)

    try:
        yield engine, migrate
    finally:
        engine.dispose()
