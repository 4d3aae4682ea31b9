"""The caseload filters each user last chose, kept between runs (QSettings, like the window's
geometry): one JSON value per database and account, read back through the domain model so a
value from an older version or edited by hand falls back to the defaults instead of failing.

The key names the database by a digest (``Workspace.database_key``), so the same user name on
another database (a new one, a training copy, the team's server) starts on the role's defaults
rather than on filters chosen elsewhere."""

from __future__ import annotations

import logging

from pydantic import ValidationError
from PySide6.QtCore import QSettings

from resettle.domain.caseload import CaseloadFilters

KEY = "caseload/filters/{database}/{username}"
log = logging.getLogger(__name__)


def key(database: str, username: str) -> str:
    return KEY.format(database=database, username=username)


def load(database: str, username: str) -> CaseloadFilters | None:
    """The filters ``username`` last used on ``database``, or None when there are none (or
    unreadable)."""
    value = QSettings().value(key(database, username))
    if not isinstance(value, str) or not value:
        return None
    try:
        return CaseloadFilters.model_validate_json(value)
    except ValidationError:
        log.warning("caseload.filters_unreadable")
        return None


def save(database: str, username: str, filters: CaseloadFilters) -> None:
    QSettings().setValue(key(database, username), filters.model_dump_json())
