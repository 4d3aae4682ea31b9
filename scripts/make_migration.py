"""Developer tool: autogenerate the next migration from the models.

    python scripts/make_migration.py 0002 "case record"

Builds a throwaway SQLite database at the current head, compares it with the models and writes
``resettle/storage/migrations/versions/<rev>_<slug>.py``. Read and tidy what it writes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from resettle.storage.engine import build_engine, normalise_url, sqlite_url
from resettle.storage.migrate import alembic_config, upgrade_to_head


def main() -> None:
    revision, message = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as folder:
        engine = build_engine(normalise_url(sqlite_url(Path(folder) / "head.sqlite3")))
        upgrade_to_head(engine)
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.revision(config, message=message, autogenerate=True, rev_id=revision)
        engine.dispose()


if __name__ == "__main__":
    main()
