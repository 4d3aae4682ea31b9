"""Where the app's Save and Open dialogs start (user trial: they opened in the program's own
folder, the working directory): in the folder the user last saved to or opened from in this
session, else their Documents folder (``QStandardPaths.DocumentsLocation``; their home folder
for an account without one), with a file name suggested. Every save dialog, every "choose a
folder to save into" and every "choose a file to open" goes through here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from resettle.ui.common.messages import ask_ok_cancel

#: The folder the user last saved to or chose, this session (None: not yet).
_last_folder: Path | None = None


def documents_folder() -> Path:
    """The user's Documents folder; their home folder when there is none."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else None
    return folder if folder is not None and folder.is_dir() else Path.home()


def start_folder() -> Path:
    """Where a save dialog starts: the last folder saved to (if it is still there), else the
    Documents folder."""
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    return documents_folder()


def remember_folder(folder: Path) -> None:
    """The folder the user saved to (or chose), for the next dialog this session."""
    global _last_folder
    _last_folder = folder


def ask_save_path(
    parent: QWidget, title: str, suggested_name: str, file_filter: str, suffix: str
) -> Path | None:
    """Ask where to save, starting at :func:`start_folder` with ``suggested_name``; the
    chosen path with ``suffix`` (".pdf") added when its name has no such ending, or None
    when the user cancelled. The folder is remembered for the next dialog."""
    chosen = ask_save_choice(parent, title, suggested_name, [(file_filter, suffix)])
    return None if chosen is None else chosen[0]


class SaveChoice(NamedTuple):
    """Where the user chose to save, and whether the save dialog itself asked about replacing
    ``path`` (it asks only about the name it returns: not about a name given an ending after
    it, nor about other files a save writes beside it)."""

    path: Path
    index: int
    asked: bool


def ask_save_choice(
    parent: QWidget, title: str, suggested_name: str, choices: list[tuple[str, str]]
) -> tuple[Path, int] | None:
    """:func:`ask_save_path` offering several file types: ``choices`` are (filter, suffix)
    pairs, such as ("PDF files (*.pdf)", ".pdf"). The chosen path, with the chosen type's
    suffix made its ending (a name ending in another choice's suffix has it swapped; any
    other name has it added), and the index of the type chosen (the first when the dialog
    names none); None when the user cancelled."""
    chosen = ask_save_where(parent, title, suggested_name, choices)
    return None if chosen is None else (chosen.path, chosen.index)


def ask_save_where(
    parent: QWidget, title: str, suggested_name: str, choices: list[tuple[str, str]]
) -> SaveChoice | None:
    """:func:`ask_save_choice`, saying whether the dialog asked about replacing the path."""
    suggested = start_folder() / suggested_name
    filters = [name for name, _suffix in choices]
    chosen, selected = QFileDialog.getSaveFileName(
        parent, title, str(suggested), ";;".join(filters)
    )
    if not chosen:
        return None
    index = filters.index(selected) if selected in filters else 0
    suffix = choices[index][1]
    target = Path(chosen)
    if target.suffix.lower() != suffix.lower():
        others = {s.lower() for _name, s in choices}
        target = (
            target.with_suffix(suffix)
            if target.suffix.lower() in others
            else target.with_name(target.name + suffix)
        )
    remember_folder(target.parent)
    return SaveChoice(target, index, target == Path(chosen))


def confirm_replacing(parent: QWidget, paths: Sequence[Path], asked: Path | None = None) -> bool:
    """Ask once before a save replaces files that are there, naming each (``asked``: the one
    the save dialog asked about already, not asked again); True when none is there or the
    user says replace them."""
    there = [p for p in paths if p != asked and (p.exists() or p.is_symlink())]
    if not there:
        return True

    def tr(text: str) -> str:
        return QCoreApplication.translate("confirm_replacing", text)

    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Warning,
        tr("Replace files?"),
        (
            tr("This file is there already:")
            if len(there) == 1
            else tr("These files are there already:")
        )
        + "\n"
        + "\n".join(str(p) for p in there),
        tr("Replace it with the new one?")
        if len(there) == 1
        else tr("Replace them with the new ones?"),
        tr("&Replace"),
        tr("&Keep and do not save"),
    )


def ask_open_path(
    parent: QWidget, title: str, file_filter: str, start: Path | None = None
) -> Path | None:
    """Ask for a file to open, starting at ``start`` when it is a folder (the backups
    folder, say), else at :func:`start_folder`; None when the user cancelled. The file's
    folder is remembered for the next dialog."""
    folder = start if start is not None and start.is_dir() else start_folder()
    chosen, _selected = QFileDialog.getOpenFileName(parent, title, str(folder), file_filter)
    if not chosen:
        return None
    remember_folder(Path(chosen).parent)
    return Path(chosen)


def ask_folder(parent: QWidget, title: str, current: str = "") -> Path | None:
    """Ask for a folder to save into, starting at ``current`` when it is a folder, else at
    :func:`start_folder`; None when the user cancelled. Remembered for the next dialog."""
    here = Path(current).expanduser() if current.strip() else None
    start = here if here is not None and here.is_dir() else start_folder()
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    if not chosen:
        return None
    remember_folder(Path(chosen))
    return Path(chosen)
