"""One source for today's date, and nothing in the application reading the system's date
behind its back (a run across midnight once compared dates taken either side of it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import resettle
from resettle.domain import clock


@pytest.fixture
def restore_held_day() -> Iterator[None]:
    held = clock.today()
    yield
    clock.hold_today(held)


@pytest.mark.usefixtures("restore_held_day")
def test_a_held_day_is_today_until_the_system_clock_is_followed_again() -> None:
    clock.hold_today(dt.date(2031, 2, 28))
    assert clock.today() == dt.date(2031, 2, 28)
    clock.follow_system_clock()
    assert clock.today() == dt.date.today()


#: Ways to read today's date behind the clock's back: date.today(), datetime.now().date(),
#: datetime.today(), time.localtime() (times of day, datetime.now(UTC) for stamps, are fine).
_DAY_READERS = r"\bdate\.today\b|\.now\([^)]*\)\.date\(\)|\bdatetime\.today\(|\blocaltime\("


def test_only_the_clock_reads_the_system_date() -> None:
    package = Path(resettle.__file__).parent
    readers = [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if re.search(_DAY_READERS, path.read_text(encoding="utf-8"))
    ]
    assert readers == [str(Path("domain") / "clock.py")]
