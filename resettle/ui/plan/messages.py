"""The questions and messages the plan builder puts to the user (one place; tests replace them)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from resettle.ui.common.messages import ask_ok_cancel
from resettle.ui.common.window_message import exec_box, window_message_box
from resettle.ui.plan.labels import short_hash


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanMessages", text)


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str = "",
) -> QMessageBox:
    box = window_message_box(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    return box


def show_refusal(parent: QWidget | None, messages: Sequence[str]) -> None:
    """A save or agreement refused: every reason, each naming the action it is about."""
    lines = list(messages)
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        _tr("Plan not saved"),
        _tr("The plan was not saved. Put these right and save again:"),
        "\n\n".join(f"• {line}" for line in lines),
    )
    exec_box(box)


def show_error(parent: QWidget | None, message: str, title: str = "") -> None:
    exec_box(_box(parent, QMessageBox.Icon.Warning, title or _tr("Resettle"), message))


def show_info(parent: QWidget | None, message: str, title: str = "") -> None:
    exec_box(_box(parent, QMessageBox.Icon.Information, title or _tr("Resettle"), message))


def ask_reload_plan(parent: QWidget | None, message: str) -> bool:
    """After someone else changed the plan: reload it (losing these edits) or keep them."""
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Warning,
        _tr("Someone else changed this plan"),
        message,
        _tr(
            "Reload to see their plan (your unsaved changes to the plan will be lost), or keep "
            "your changes on screen to copy them first."
        ),
        _tr("&Reload the plan"),
        _tr("&Keep my changes"),
    )


def ask_record_first(
    parent: QWidget | None, what: str, essential: str, problems: list[str]
) -> bool:
    """A tick refused at once: the linked essential needs details to be done. True: go to
    the essential on the Release day tab."""
    box = _box(
        parent,
        QMessageBox.Icon.Information,
        _tr("Record the details first"),
        _tr("\u201c%1\u201d is linked to %2: ticking it marks %2 done, which needs:")
        .replace("%1", what[:80])
        .replace("%2", essential),
        "\n".join(f"\u2022 {problem}" for problem in problems),
    )
    go = box.addButton(_tr("&Go to Release day"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("&Not now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go)
    exec_box(box)
    return box.clickedButton() is go


def confirm_issue(parent: QWidget | None, person: str, version: int) -> bool:
    box = _box(
        parent,
        QMessageBox.Icon.Question,
        _tr("Issue the plan"),
        _tr("Issue version %1 of %2's plan?").replace("%1", str(version)).replace("%2", person),
        _tr(
            "Issuing freezes what the plan says, with a fingerprint that proves it later. "
            "Changes after this start a new version."
        ),
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText(_tr("&Issue"))
    return exec_box(box) == QMessageBox.StandardButton.Ok


def offer_preview(parent: QWidget | None, sha256: str) -> bool:
    """After issuing: show the fingerprint and offer to preview and print."""
    box = _box(
        parent,
        QMessageBox.Icon.Information,
        _tr("Plan issued"),
        _tr("The plan is issued. Its fingerprint is %1.").replace("%1", short_hash(sha256)),
        _tr("Full SHA-256: %1\n\nPreview and print it now?").replace("%1", sha256),
    )
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Close)
    box.button(QMessageBox.StandardButton.Ok).setText(_tr("&Preview and print…"))
    return exec_box(box) == QMessageBox.StandardButton.Ok


def ask_print_empty(parent: QWidget | None, message: str) -> bool:
    """No plan, or no actions: print one that says so, or not."""
    box = _box(parent, QMessageBox.Icon.Question, _tr("Nothing in the plan"), message)
    box.setInformativeText(_tr("Print a plan that says there are no actions yet?"))
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText(_tr("&Print an empty plan"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return exec_box(box) == QMessageBox.StandardButton.Ok
