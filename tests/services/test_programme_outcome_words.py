"""A completion the rule does not find is refused counting the sessions without an outcome
in the singular for one (user trial: plurals)."""

from __future__ import annotations

import pytest

from resettle.domain.programme_completion import CompletionOutcome, CompletionResult
from resettle.services.programme_outcomes import not_complete


@pytest.mark.parametrize(
    ("planned", "without", "words"),
    [
        (1, 1, "its one planned session has no outcome yet"),
        (4, 1, "1 of its 4 planned sessions has no outcome yet"),
        (4, 3, "3 of its 4 planned sessions have no outcome yet"),
    ],
)
def test_a_completion_refused_counts_the_sessions_without_an_outcome(
    planned: int, without: int, words: str
) -> None:
    result = CompletionResult(
        outcome=CompletionOutcome.IN_PROGRESS,
        planned=planned,
        with_outcome=planned - without,
        attended=planned - without,
        substantive_attended=planned - without,
    )
    (problem,) = not_complete(result).problems
    assert problem.message == f"Completion: not complete: {words}"
