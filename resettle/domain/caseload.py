"""The caseload list: what can be asked of it and what one row holds."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.readiness import Readiness, readiness

PAGE_SIZE = 200
SEARCH_MAX = 100


class CaseloadColumn(StrEnum):
    NAME = "name"
    PRISON_NUMBER = "prison_number"
    CRN = "crn"
    RELEASE_DATE = "release_date"
    DAYS_TO_RELEASE = "days_to_release"
    OFFICER = "officer"
    ESTABLISHMENT = "establishment"
    READINESS = "readiness"


class CaseloadQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    search: str = Field(default="", max_length=SEARCH_MAX)
    sort: CaseloadColumn = CaseloadColumn.RELEASE_DATE
    descending: bool = False
    only_officer_id: int | None = None
    #: Closed cases leave the caseload unless asked for ("Show closed cases").
    include_closed: bool = False
    #: The day "days to release" and readiness are counted from (sorting by readiness).
    today: dt.date = Field(default_factory=dt.date.today)
    offset: int = Field(default=0, ge=0)
    limit: int = Field(default=PAGE_SIZE, ge=1, le=5000)


class CaseloadRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    prison_number: str
    crn: str
    release_date: dt.date | None
    officer: str | None
    establishment: str | None
    open_critical_essentials: int = 0
    open_other_essentials: int = 0
    closed: bool = False

    def days_to_release(self, today: dt.date) -> int | None:
        return None if self.release_date is None else (self.release_date - today).days

    def readiness(self, today: dt.date) -> Readiness:
        return readiness(
            self.open_critical_essentials,
            self.open_other_essentials,
            self.days_to_release(today),
        )


class CaseloadPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    rows: tuple[CaseloadRow, ...]
    offset: int
    has_more: bool
