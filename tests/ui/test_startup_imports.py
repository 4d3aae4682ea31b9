"""What start-up loads before the first caseload rows: the modules the main window and the
signing-in need, not those only needed later (docs/performance.md, "Start-up and the caseload
report cut"). Checked in a fresh interpreter, as the app starts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Loaded on first use, never at start-up.
LATER = (
    "reportlab",  # plans and reports
    "psycopg",  # a PostgreSQL database's driver (SQLite needs none)
    "resettle.storage.postgres_setup",  # the PostgreSQL roles' SQL
    "resettle.services.case_record.read",  # opening a person
    "resettle.domain.case_record",
    "resettle.ui.person",
    "resettle.ui.allocation_dialog",
)

PROBE = """
import sys
import resettle.ui.app
import resettle.ui.app_session
import resettle.ui.main_window
import resettle.services.workspace
print("\\n".join(sorted(sys.modules)))
"""


def test_start_up_leaves_later_modules_unloaded() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded = set(done.stdout.split())
    assert "resettle.ui.main_window" in loaded  # the probe ran
    assert sorted(m for m in LATER if m in loaded) == []
