"""ReportLab draws with its C accelerators (the rl_accel dependency): without them the
100,000-person caseload report takes about a third more CPU (docs/performance.md)."""

from __future__ import annotations


def test_reportlab_uses_its_c_accelerators() -> None:
    from reportlab.lib import rl_accel

    assert rl_accel.fp_str.__module__ == "_rl_accel"
