"""The window's menu bar, its icons, and its size and screen kept from one start to the next.

The menus make the keyboard discoverable: "Go to" lists every screen with its Ctrl+N, and the
shortcuts live on those actions (a second QShortcut on the same keys would make both silent).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QByteArray, QCoreApplication, QPoint, QSize
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QListWidget, QMenuBar, QStackedWidget, QWidget

from app.ui.about import AboutDialog
from app.ui.acting import ActingBar
from app.ui.help import HelpDialog, ShortcutsDialog
from app.ui.icons import app_icon, icon
from app.ui.settings import Settings

Shown = TypeVar("Shown", bound=QWidget)


class MainWindow(Protocol):
    """What the menus need of the main window (app/ui/window.py), named here rather than
    imported: the window imports this module. Its QWidget side is `stack.window()`."""

    pages: list[tuple[str, QWidget]]
    acting: ActingBar
    data_folder: Path | None
    dialog: QWidget | None

    def menuBar(self) -> QMenuBar: ...

    # Read only, so that the window may hold subclasses (app/ui/sidebar.py).
    @property
    def nav(self) -> QListWidget: ...

    @property
    def stack(self) -> QStackedWidget: ...


def screen_name(page: QWidget) -> str:
    """A screen's stable name, its module's: "forum" for ForumPage. It names its icon, its help
    page and the last screen in the settings, whatever the sidebar's order or language."""
    return type(page).__module__.rsplit(".", 1)[-1]


def shortcut(number: int) -> QKeySequence:
    """Ctrl+1 … Ctrl+9, Ctrl+0 for the tenth screen, then Ctrl+Shift+1 …"""
    shift = "Shift+" if number >= 10 else ""
    return QKeySequence(f"Ctrl+{shift}{(number + 1) % 10}")


def install(window: MainWindow) -> None:
    """The window and task-bar icon, an icon on each sidebar entry, and the menu bar."""
    top = window.stack.window()
    top.setWindowIcon(app_icon())
    for row, (_label, page) in enumerate(window.pages):
        window.nav.item(row).setIcon(icon(screen_name(page)))
    bar = window.menuBar()

    file = bar.addMenu(QCoreApplication.translate("Menus", "&File"))
    lock = QAction(icon("lock"), QCoreApplication.translate("Menus", "&Lock"), top)
    lock.setShortcut(QKeySequence("Ctrl+L"))
    lock.setStatusTip(
        QCoreApplication.translate(
            "Menus", "Nothing is signed in your name until your PIN is typed again."
        )
    )
    lock.triggered.connect(window.acting.lock)
    file.addAction(lock)
    file.addSeparator()
    quit_ = QAction(icon("quit"), QCoreApplication.translate("Menus", "&Quit"), top)
    quit_.setShortcut(QKeySequence("Ctrl+Q"))
    quit_.triggered.connect(top.close)
    file.addAction(quit_)

    go = bar.addMenu(QCoreApplication.translate("Menus", "&Go to"))
    for row, (label, page) in enumerate(window.pages[:20]):
        action = QAction(icon(screen_name(page)), label, top)
        action.setShortcut(shortcut(row))
        action.triggered.connect(lambda _=False, r=row: window.nav.setCurrentRow(r))
        go.addAction(action)

    aid = bar.addMenu(QCoreApplication.translate("Menus", "&Help"))
    screen_help = QAction(
        icon("help"), QCoreApplication.translate("Menus", "Help on this &screen"), top
    )
    screen_help.setShortcut(QKeySequence("F1"))
    screen_help.triggered.connect(lambda: show_help(window))
    aid.addAction(screen_help)
    keys = QAction(
        icon("shortcuts"), QCoreApplication.translate("Menus", "&Keyboard shortcuts"), top
    )
    keys.triggered.connect(lambda: _keep(window, ShortcutsDialog(bar, top)))
    aid.addAction(keys)
    aid.addSeparator()
    about = QAction(icon("about"), QCoreApplication.translate("Menus", "&About Obambu"), top)
    about.triggered.connect(lambda: _keep(window, AboutDialog(window.data_folder, top)))
    aid.addAction(about)


def show_help(window: MainWindow) -> HelpDialog:
    """The help page of the screen in front, in the language the screens speak."""
    page = window.stack.currentWidget()
    return _keep(window, HelpDialog(screen_name(page), window.stack.window()))


def _keep(window: MainWindow, dialog: Shown) -> Shown:
    """Shows a dialog without blocking the window, kept as the window's latest one."""
    window.dialog = dialog
    dialog.show()
    return dialog


def restore(window: MainWindow) -> None:
    """Reopens the window at its last size and place, kept on the screen it lands on, and on
    the screen it last showed."""
    settings = Settings.load()
    if settings.geometry:
        window.stack.window().restoreGeometry(
            QByteArray.fromBase64(settings.geometry.encode("ascii"))
        )
    clamp(window.stack.window())
    names = [screen_name(page) for _label, page in window.pages]
    if settings.last_screen in names:
        window.nav.setCurrentRow(names.index(settings.last_screen))


def clamp(window: QWidget) -> None:
    """Within the available part of its screen (without the task bar): a size saved on a large
    monitor, or a default too tall for 1366×768, never runs off screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return  # a maximised window is the screen's size already, whatever it was saved at
    available = screen.availableGeometry()
    frame = window.frameGeometry()
    border = frame.size() - window.size()  # title bar and edges, once the window is shown
    size = window.size().boundedTo(
        QSize(available.width() - border.width(), available.height() - border.height())
    )
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), available.left()), available.right() + 1 - frame.width())
    y = min(max(frame.y(), available.top()), available.bottom() + 1 - frame.height())
    if QPoint(x, y) != frame.topLeft():
        window.move(x, y)


def remember(window: MainWindow) -> None:
    """Keeps the window's size and place and the screen in front for the next start."""
    settings = Settings.load()
    settings.geometry = bytes(window.stack.window().saveGeometry().toBase64().data()).decode(
        "ascii"
    )
    settings.last_screen = screen_name(window.stack.currentWidget())
    settings.save()
