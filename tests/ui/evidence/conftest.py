"""Fixtures for the evidence screens: isolated settings, a registered person, answered boxes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from resettle.domain import clock
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from tests.factories import person_data


@pytest.fixture(autouse=True)
def shown_boxes(monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Settings in a temporary folder; ``QMessageBox.exec`` records its text and says OK."""
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("ResettleTests")
    shown: list[str] = []

    def answer(box: QMessageBox) -> int:
        shown.append(f"{box.text()}\n{box.informativeText()}")
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    yield shown


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    today = clock.today()
    data = person_data(
        sex="male",
        release_date=today + dt.timedelta(days=60),
        licence_end_date=today + dt.timedelta(days=400),
    )
    return register_person(workspace.actor, workspace.uow(), data).id
