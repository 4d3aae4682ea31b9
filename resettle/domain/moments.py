"""Stored moments as aware datetimes: SQLite hands back naive UTC, PostgreSQL aware ones."""

from __future__ import annotations

import datetime as dt


def aware(moment: dt.datetime) -> dt.datetime:
    """``moment`` with its time zone: a naive one is taken as UTC (as it was stored)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
