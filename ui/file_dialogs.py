"""File dialogs that start where the clerk keeps her papers and never propose to overwrite one.

They used to start in the folder the program was started from, and a second notice saved under the
proposed name silently replaced the first (#20 §6). Each kind of file (reports, ledgers, PDFs,
charts, imports, backups) now remembers its own last folder, first the user's 文档 folder; a
proposed name that is taken gets “(2)”, “(3)”…; and choosing an existing file still asks (Qt's own
confirmation, in Chinese through the bundled qtbase_zh_CN translation).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def start_folder(kind: str) -> Path:
    """The last folder used for this kind of file, else 文档 (Documents), else home."""
    last = QSettings().value(f"folders/{kind}")
    if last and Path(str(last)).is_dir():
        return Path(str(last))
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def unique_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``, ``name (3)``… when that file exists already."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate


def _remember(kind: str, path: str) -> Path | None:
    if not path:
        return None
    chosen = Path(path)
    QSettings().setValue(f"folders/{kind}", str(chosen.parent))
    return chosen


def save_file(parent: QWidget, title: str, kind: str, proposed: str, filters: str) -> Path | None:
    """Ask where to save a new file of ``kind``, proposing a free name in its usual folder."""
    name = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in proposed)  # Windows forbids these
    start = unique_name(start_folder(kind), name)
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
    return _remember(kind, path)


def open_file(parent: QWidget, title: str, kind: str, filters: str, folder: Path | None = None) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder or start_folder(kind)), filters)
    return _remember(kind, path)


def open_files(parent: QWidget, title: str, kind: str, filters: str) -> list[Path]:
    """Ask for one or more files of ``kind`` to read (photos: several from one folder at once)."""
    paths, _ = QFileDialog.getOpenFileNames(parent, title, str(start_folder(kind)), filters)
    if paths:
        _remember(kind, paths[0])
    return [Path(p) for p in paths]


def choose_folder(parent: QWidget, title: str, kind: str) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, title, str(start_folder(kind)))
    if not path:
        return None
    QSettings().setValue(f"folders/{kind}", path)
    return Path(path)


# Windows: 打开所在文件夹 opens Explorer with the file selected; elsewhere the folder opens.
SELECT_IN_EXPLORER = sys.platform == "win32"


def made_choice(parent: QWidget, title: str, text: str) -> str:
    """Ask what to do with a file just made: ``"open"`` (打开), ``"folder"`` (打开所在文件夹) or ``""``
    (关闭). A function of its own so that tests replace it instead of showing a modal box."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent)
    open_button = box.addButton(parent.tr("打开"), QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton(parent.tr("打开所在文件夹"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(parent.tr("关闭"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.exec()
    clicked = box.clickedButton()
    return "open" if clicked is open_button else "folder" if clicked is folder_button else ""


def open_folder(path: Path) -> bool:
    """Show the folder holding ``path`` in the file manager (on Windows with the file selected)."""
    if SELECT_IN_EXPLORER:
        try:
            subprocess.Popen(f'explorer /select,"{path}"')  # Explorer's own syntax; no shell involved
            return True
        except OSError:
            pass  # then the folder itself, as elsewhere
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def show_made(parent: QWidget, what: str, path: Path) -> None:
    """Say what was made and where, with 打开 and 打开所在文件夹 (a bare path said little, #20 §11)."""
    choice = made_choice(parent, parent.tr("已导出"), parent.tr("{0}\n\n保存在：{1}").format(what, path))
    if choice == "open":
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    elif choice == "folder":
        opened = open_folder(path)
    else:
        return
    if opened is False:  # no program for the file (or no file manager): say so, not nothing
        QMessageBox.warning(
            parent,
            parent.tr("无法打开"),
            parent.tr("这台电脑上没有能打开它的程序。文件保存在：\n{0}").format(path),
        )
