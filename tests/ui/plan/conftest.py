"""Plan GUI fixtures: people with plans, and recorded answers to questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from resettle.services.workspace import Workspace
from resettle.ui.common.messages import UnsavedChoice
from resettle.ui.person import window as person_window
from resettle.ui.plan import messages
from tests.ui.plan.support import register


@dataclass
class Answers:
    """What the message boxes were asked, and how the "user" answers."""

    reload: bool = False
    issue: bool = True
    preview_after_issue: bool = False
    print_empty: bool = True
    asked: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def said(self, name: str) -> list[tuple[Any, ...]]:
        return [args for asked, args in self.asked if asked == name]


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """No modal message box ever blocks a test: each records its question and answers."""
    given = Answers()

    def record(name: str, result: Any = None) -> Any:
        def ask(*args: Any, **_kwargs: Any) -> Any:
            given.asked.append((name, args[1:]))
            return result() if callable(result) else result

        return ask

    # Closing a window with unsaved edits asks Save/Discard/Cancel: tests discard.
    monkeypatch.setattr(person_window, "ask_unsaved", lambda *_args: UnsavedChoice.DISCARD)
    monkeypatch.setattr(messages, "show_refusal", record("show_refusal"))
    monkeypatch.setattr(messages, "show_error", record("show_error"))
    monkeypatch.setattr(messages, "show_info", record("show_info"))
    monkeypatch.setattr(
        messages, "ask_reload_plan", record("ask_reload_plan", lambda: given.reload)
    )
    monkeypatch.setattr(messages, "confirm_issue", record("confirm_issue", lambda: given.issue))
    monkeypatch.setattr(
        messages, "offer_preview", record("offer_preview", lambda: given.preview_after_issue)
    )
    monkeypatch.setattr(
        messages, "ask_print_empty", record("ask_print_empty", lambda: given.print_empty)
    )
    return given


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    return register(workspace)
