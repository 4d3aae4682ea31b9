"""The caseload filters each user last chose, kept between runs (QSettings, like the window's
geometry): one JSON value per account, read back through the domain model so a value from an
older version or edited by hand falls back to the defaults instead of failing."""

from __future__ import annotations

import logging

from pydantic import ValidationError
from PySide6.QtCore import QSettings

from resettle.domain.caseload import CaseloadFilters

KEY = "caseload/filters/{username}"
log = logging.getLogger(__name__)


def load(username: str) -> CaseloadFilters | None:
    """The filters ``username`` last used, or None when there are none (or unreadable)."""
    value = QSettings().value(KEY.format(username=username))
    if not isinstance(value, str) or not value:
        return None
    try:
        return CaseloadFilters.model_validate_json(value)
    except ValidationError:
        log.warning("caseload.filters_unreadable")
        return None


def save(username: str, filters: CaseloadFilters) -> None:
    QSettings().setValue(KEY.format(username=username), filters.model_dump_json())
