"""A person's age in whole years, on its own so that a caller (such as OGRS3) need not load the
person models to count years."""

from __future__ import annotations

import datetime as dt


def age_on(dob: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
