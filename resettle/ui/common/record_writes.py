"""Saves as data: what one save runs off the UI thread, and what it does back on it.

A :class:`Write` is one service call (one user action, one transaction). A save from the person
window is a list of them, run in order on a background thread by
:meth:`~resettle.ui.common.case_record_session.CaseRecordSession.save`; the first refusal stops
the rest. Each write says what happens on the UI thread when it was saved (``saved``, given the
call's result) and how a refusal is shown (``refused``). ``where`` brings the refused edits into
view first (the tab, the pathway), so the problems appear next to the fields they name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import DomainError


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class Write:
    #: Runs on a background thread: one service call through the workspace.
    call: Callable[[], Any]
    #: Runs on the UI thread after the call succeeded, with its result.
    saved: Callable[[Any], None] = _nothing
    #: Runs on the UI thread when the call was refused; shows why.
    refused: Callable[[DomainError], None] = _nothing
    #: Runs on the UI thread before ``refused``: bring the refused edits into view.
    where: Callable[[], None] = _nothing
    #: The part of the record it changes (for the change notice), None for an addition.
    part: str | None = None

    def shown_by(self, where: Callable[[], None]) -> Write:
        """The same write, first bringing ``where`` into view when refused (outermost first)."""
        inner = self.where

        def both() -> None:
            where()
            inner()

        return Write(self.call, self.saved, self.refused, both, self.part)


@dataclass
class SaveOutcome:
    """What a save's background run found: the results of the writes that succeeded (in order),
    the refusal that stopped it, and the record read again afterwards."""

    results: list[Any] = field(default_factory=list)
    refusal: DomainError | None = None
    record: CaseRecord | None = None
    #: Reading the record again after the writes failed (they were saved all the same).
    reread_failed: DomainError | None = None

    @property
    def succeeded(self) -> bool:
        return self.refusal is None and self.reread_failed is None


def run_writes(writes: Sequence[Write], reread: Callable[[], CaseRecord] | None) -> SaveOutcome:
    """Background side of a save: run ``writes`` in order until one is refused, then, if any
    was saved, read the record again with ``reread``. Refusals (domain errors, including
    translated storage failures) are returned; anything else propagates to the worker."""
    outcome = SaveOutcome()
    for write in writes:
        try:
            outcome.results.append(write.call())
        except DomainError as refusal:
            outcome.refusal = refusal
            break
    if reread is not None and outcome.results:
        try:
            outcome.record = reread()
        except DomainError as failure:
            outcome.reread_failed = failure
    return outcome
