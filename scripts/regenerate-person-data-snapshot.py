"""Write tests/data_protection/person_data_schema.json from the models.

Run it after adding, removing or changing a column or table that holds a person's data, then
say where the column goes in the subject access export (and in erasure):
``resettle/services/subject_access/coverage.py``. Usage, from the repository root:

    .venv/bin/python scripts/regenerate-person-data-snapshot.py
"""

from __future__ import annotations

import json
from pathlib import Path

from resettle.storage.person_data_schema import person_data_schema

SNAPSHOT = Path(__file__).resolve().parent.parent / "tests/data_protection/person_data_schema.json"


def main() -> None:
    SNAPSHOT.write_text(json.dumps(person_data_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {SNAPSHOT}")


if __name__ == "__main__":
    main()
