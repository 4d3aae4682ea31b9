"""The evidence browser and importing a pack file from the desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from resettle.domain.pathways import Pathway
from resettle.domain.staff import Role
from resettle.evidence import load_embedded_pack
from resettle.evidence.codes import Setting
from resettle.services.evidence_pack import pack_status
from resettle.services.workspace import Workspace
from resettle.storage.tables.evidence_packs import EvidencePackRow
from resettle.ui.evidence import EvidenceBrowser, import_pack_interactively, open_evidence_browser
from resettle.ui.evidence.pack_import import RESULT_OBJECT_NAME, PackProblemsDialog
from tests.background import wait_for_background
from tests.ui.evidence.support import as_role, newer_pack


@pytest.fixture
def parent(qtbot) -> Iterator[QWidget]:  # type: ignore[no-untyped-def]
    """The window the dialogs belong to (kept alive for the whole test); the messages and
    problem lists a test opened are closed after it, so none is left for the next test."""
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    for result in _results(widget):
        result.close()
    assert not [w for w in _results(widget) if w.isVisible()]


def _browser(
    qtbot,  # type: ignore[no-untyped-def]
    parent: QWidget,
    workspace: Workspace,
    intervention_id: str | None = None,
) -> EvidenceBrowser:
    open_evidence_browser(parent, workspace, intervention_id)
    browsers = parent.findChildren(EvidenceBrowser)
    assert len(browsers) == 1
    qtbot.waitExposed(browsers[0])
    return browsers[0]


def _results(parent: QWidget) -> list[QWidget]:
    return [w for w in parent.findChildren(QWidget) if w.objectName() == RESULT_OBJECT_NAME]


def test_browser_shows_the_pack_and_a_card_for_the_selection(  # type: ignore[no-untyped-def]
    qtbot, parent: QWidget, workspace: Workspace
) -> None:
    browser = _browser(qtbot, parent, workspace, "accredited-cbt-custody-high")
    meta = load_embedded_pack().metadata
    assert f"Evidence pack {meta.pack_version}" in browser.header.summary.text()
    assert meta.sha256 in browser.header.hash_label.text()
    assert not browser.header.warning.isVisibleTo(browser)
    assert not browser.import_button.isVisibleTo(browser)  # officers do not import
    card = browser.card.toPlainText()
    assert "High-intensity accredited cognitive-behavioural programme" in card
    assert "Eligibility" in card and "Risk levels" in card
    assert "Unverified" in card and "Checked against the source" in card
    assert "EMMIE" in card
    assert "College of Policing Crime Reduction Toolkit" in card
    assert browser.count_label.text() == f"{meta.intervention_count} of {meta.intervention_count}"


def test_search_and_filters_narrow_the_list(qtbot, parent: QWidget, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    browser = _browser(qtbot, parent, workspace)
    qtbot.keyClicks(browser.search_box, "naloxone")
    qtbot.waitUntil(lambda: browser.proxy.rowCount() == 1, timeout=3000)
    assert "Take-home naloxone on release" in browser.card.toPlainText()
    browser.search_box.clear()
    browser.pathway_filter.set_value(Pathway.FINANCE_ID)
    names = browser.proxy.visible_names()
    assert "Identity documents before release" in names
    assert "Housing First" not in names
    browser.pathway_filter.set_value(None)
    browser.setting_filter.set_value(Setting.CUSTODY)
    browser.quality_filter.set_value(4)
    rows = [browser.proxy.row_at(r) for r in range(browser.proxy.rowCount())]
    assert rows
    assert all(r.intervention.setting is Setting.CUSTODY and r.best_quality == 4 for r in rows if r)
    assert browser.count_label.text().startswith(f"{len(rows)} of ")
    browser.search_box.setText("no such intervention")
    assert browser.proxy.rowCount() == 0
    assert "No intervention matches" in browser.card.toPlainText()


def test_opening_again_brings_the_open_browser_forward(
    qtbot, parent: QWidget, workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    open_evidence_browser(parent, workspace)
    open_evidence_browser(parent, workspace, "scared-straight")
    browsers = parent.findChildren(EvidenceBrowser)
    assert len(browsers) == 1
    assert browsers[0].selected().intervention.id == "scared-straight"  # type: ignore[union-attr]
    assert "Possible harm: never recommended." in browsers[0].card.toPlainText()


def test_a_stored_pack_that_fails_shows_the_fall_back_warning(  # type: ignore[no-untyped-def]
    qtbot, parent: QWidget, workspace: Workspace
) -> None:
    with workspace.uow() as uow:
        uow.plans.add(
            EvidencePackRow(
                pack_version="9.0.0", sha256="0" * 64, content=b"{broken", imported_by="Admin"
            )
        )
        uow.commit()
    browser = _browser(qtbot, parent, workspace)
    assert browser.header.warning.isVisibleTo(browser)
    assert "last good pack" in browser.header.warning.text()
    assert "invalid JSON" in browser.header.warning.text()


def test_importing_a_corrupt_file_lists_every_problem_and_keeps_the_pack(  # type: ignore[no-untyped-def]
    qtbot, parent: QWidget, workspace: Workspace, tmp_path: Path
) -> None:
    admin = as_role(workspace, Role.ADMIN)
    before = pack_status(admin.actor, admin.uow()).metadata
    bad = (
        newer_pack()
        .replace(b'"quality": 4', b'"quality": 9', 2)
        .replace(b'"setting": "custody"', b'"setting": "moon"', 1)
    )
    path = tmp_path / "bad-pack.json"
    path.write_bytes(bad)
    assert import_pack_interactively(parent, admin, path)
    wait_for_background(qtbot)
    dialogs = [w for w in _results(parent) if isinstance(w, PackProblemsDialog)]
    assert len(dialogs) == 1
    problems = dialogs[0].model.display_rows()
    assert len(problems) >= 3
    assert any(".quality" in where for where, _what in problems)
    assert any(".setting" in where for where, _what in problems)
    assert "Nothing was changed" in dialogs[0].summary.text()
    assert before.pack_version in dialogs[0].summary.text()
    after = pack_status(admin.actor, admin.uow()).metadata
    assert after.sha256 == before.sha256


def test_importing_a_newer_pack_then_the_same_again(  # type: ignore[no-untyped-def]
    qtbot, parent: QWidget, workspace: Workspace, tmp_path: Path
) -> None:
    admin = as_role(workspace, Role.ADMIN)
    path = tmp_path / "pack-1.9.0.json"
    path.write_bytes(newer_pack("1.9.0"))
    imported: list[str] = []
    assert import_pack_interactively(
        parent, admin, path, on_imported=lambda meta: imported.append(meta.pack_version)
    )
    wait_for_background(qtbot)
    assert imported == ["1.9.0"]
    boxes = [w for w in _results(parent) if isinstance(w, QMessageBox)]
    assert boxes[-1].text() == "Evidence pack 1.9.0 imported."
    assert pack_status(admin.actor, admin.uow()).metadata.pack_version == "1.9.0"
    boxes[-1].close()

    assert import_pack_interactively(
        parent, admin, path, on_imported=lambda meta: imported.append(meta.pack_version)
    )
    wait_for_background(qtbot)
    assert imported == ["1.9.0"]  # the same again: refused
    boxes = [w for w in _results(parent) if isinstance(w, QMessageBox) and w.isVisible()]
    assert "only a newer pack can be imported" in boxes[-1].informativeText()


def test_only_administrators_can_import(
    qtbot, parent: QWidget, workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pack.json"
    path.write_bytes(newer_pack())
    assert import_pack_interactively(parent, workspace, path) is False
    boxes = [w for w in _results(parent) if isinstance(w, QMessageBox)]
    assert boxes[-1].text() == "Only administrators can import an evidence pack."
    assert pack_status(workspace.actor, workspace.uow()).metadata.pack_version == (
        load_embedded_pack().version
    )


def test_administrators_import_from_the_browser(  # type: ignore[no-untyped-def]
    qtbot, parent: QWidget, workspace: Workspace, tmp_path: Path, monkeypatch
) -> None:
    admin = as_role(workspace, Role.ADMIN)
    path = tmp_path / "pack-1.9.0.json"
    path.write_bytes(newer_pack("1.9.0"))
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName",
        lambda *args, **kwargs: (str(path), ""),
    )
    browser = _browser(qtbot, parent, admin)
    assert browser.import_button.isVisibleTo(browser)
    browser.import_button.click()
    qtbot.waitUntil(lambda: "Evidence pack 1.9.0" in browser.header.summary.text(), timeout=5000)
