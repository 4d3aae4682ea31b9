"""Which tables and columns hold a person's data, and how erasure reaches each table's rows:
the plan is built in storage (``storage/erasure_plan.py``), where the PostgreSQL erasure
function is generated from it too."""

from __future__ import annotations

from resettle.storage.erasure_plan import ErasedTable, covered_tables, erasure_plan, text_columns

__all__ = ["ErasedTable", "covered_tables", "erasure_plan", "text_columns"]
