"""Every table is imported and every mapper configured before a first query runs, so two
threads opening their first units of work at once cannot race to configure them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: In a fresh interpreter: which table modules one unit of work imported, and whether any
#: mapper was left to configure.
PROBE = """
import json, sys
from resettle.storage.database import open_database
from resettle.storage import tables
from resettle.storage.base import Base
database = open_database("sqlite+pysqlite:///" + sys.argv[1])
with database.uow() as uow:
    uow.people
modules = sorted(set(tables._MODULE_OF.values()))
loaded = [m for m in modules if f"resettle.storage.tables.{m}" in sys.modules]
pending = [m.class_.__name__ for m in Base.registry.mappers if not m.configured]
print(json.dumps({"modules": modules, "loaded": loaded, "pending": pending}))
"""


def test_the_first_unit_of_work_imports_every_table_and_configures_every_mapper(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "probe.sqlite3")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["loaded"] == report["modules"]
    assert report["pending"] == []
