"""The window's shell: icons, menus, help pages, geometry kept, one start per profile."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QDir, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMenu, QTabWidget, QWidget

from app.core.node.node import Node
from app.ui import help as help_pages
from app.ui import i18n, icons, main
from app.ui.help import HelpDialog, ShortcutsDialog
from app.ui.menus import clamp, restore, screen_name, shortcut
from app.ui.settings import Settings
from app.ui.single_instance import InstanceGuard, server_name
from app.ui.window import MainWindow
from app.ui.worker import Worker

QUOTED = {"fr": re.compile("«\u202f(.+?)\u202f»"), "en": re.compile("“(.+?)”")}


@pytest.fixture
def window(qtbot, net) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    shown = MainWindow(worker, home.parent)
    qtbot.addWidget(shown)
    shown.sealer.stop()
    yield shown
    shown.close()
    net.nodes[0] = Node.open(home, "pass phrase")


def _names_on(page: QWidget) -> set[str]:
    """What a person can press or pick on a screen: its buttons and its tabs."""
    buttons = {b.text().replace("&", "") for b in page.findChildren(QAbstractButton)}
    tabs = {
        t.tabText(i).replace("&", "")
        for t in page.findChildren(QTabWidget)
        for i in range(t.count())
    }
    return buttons | tabs


def test_icons_bundled_are_the_ones_used_with_their_licence() -> None:
    bundled = {p.stem for p in icons.HERE.glob("*.svg")}
    assert bundled == set(icons.FILES.values()) | {"obambu"}
    licence = (icons.HERE / "LICENSE").read_text(encoding="utf-8")
    assert "ISC License" in licence and "obambu.svg" in licence
    size = sum(p.stat().st_size for p in icons.HERE.iterdir())
    assert size < 40_000, size  # the release's size budget is tight


def test_every_screen_and_the_window_have_an_icon(qapp, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not window.windowIcon().isNull()
    for row, (_label, page) in enumerate(window.pages):
        item_icon = window.nav.item(row).icon()
        assert not item_icon.isNull(), screen_name(page)
        assert not item_icon.pixmap(24, 24).toImage().isNull()
    main_buttons = [
        window.acting.lock_button,
        window.acting.change,
        window.votes.new_vote,
        window.votes.cast_button,
        window.sittings.convene_button,
        window.sync_station.sync_button,
    ]
    assert all(not button.icon().isNull() for button in main_buttons)
    drawn = icons.icon("forum").pixmap(24, 24).toImage()
    assert any(drawn.pixelColor(x, y).alpha() > 0 for x in range(24) for y in range(24))


def test_go_to_lists_every_screen_with_its_shortcut(window: MainWindow) -> None:
    go = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Go to")
    actions = go.actions()
    assert [a.text() for a in actions] == [label for label, _page in window.pages]
    assert [a.shortcut() for a in actions] == [shortcut(n) for n in range(len(window.pages))]
    actions[1].trigger()
    assert window.stack.currentWidget() is window.pages[1][1]


def test_shortcuts_list_reads_the_menus(window: MainWindow) -> None:
    listed = ShortcutsDialog(window.menuBar(), window)
    rows = {
        listed.table.item(r, 0).text(): listed.table.item(r, 1).text()
        for r in range(listed.table.rowCount())
    }
    assert rows["Quit"] == "Ctrl+Q"
    assert rows["Help on this screen"] == "F1"
    assert rows["Forum"] == "Ctrl+2"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_screen_has_a_help_page_whose_buttons_exist(  # type: ignore[no-untyped-def]
    qapp, qtbot, net, language: str
) -> None:
    """Each page exists, and every button or tab it quotes is on that screen, as named there."""
    i18n.install(qapp, language)
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    shown = MainWindow(worker, home.parent)
    qtbot.addWidget(shown)
    shown.sealer.stop()
    try:
        pages = {screen_name(page): page for _label, page in shown.pages}
        for name, page in pages.items():
            source = help_pages.page(name, language)
            assert source.is_file(), source
            text = source.read_text(encoding="utf-8")
            quoted = QUOTED[language].findall(text)
            assert len(quoted) == text.count("«" if language == "fr" else "“"), name
            missing = set(quoted) - _names_on(page)
            assert not missing, (name, missing)
        on_disk = {p.stem for p in (help_pages.HERE / language).glob("*.html")}
        assert on_disk == set(pages)  # no page for a screen that is gone
    finally:
        shown.close()
        net.nodes[0] = Node.open(home, "pass phrase")


def test_french_help_pages_write_french_as_french_requires() -> None:
    for source in (help_pages.HERE / "fr").glob("*.html"):
        text = re.sub("<[^>]+>", "", source.read_text(encoding="utf-8"))
        assert not re.search(r"[ \u00a0][:;?!»]|«[ \u00a0]", text), source.name
        assert not re.search(r"\w[:;?!]", text), source.name
        engineer = r"\b(blocs?|balises?|époques?|transactions?|scellée?s?|nœuds?|hachage|SHA-256)\b"
        assert not re.search(engineer, text, re.IGNORECASE), source.name
        # "Clé" is a USB stick or a signing key, always said (docs/glossaire.md).
        assert not re.search(r"\bclés?\b(?! USB| de signature)", text, re.IGNORECASE), source.name


def test_help_opens_on_the_screen_in_front(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.nav.setCurrentRow(window.stack.indexOf(window.votes))
    help_action = next(
        a
        for m in window.menuBar().findChildren(QMenu)
        for a in m.actions()
        if a.text() == "Help on this &screen"
    )
    help_action.trigger()
    dialog = window.dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    assert dialog.screen_name == "votes"
    assert "Cast my ballot" in dialog.browser.toPlainText()


def test_a_saved_size_too_big_for_the_screen_is_clamped(window: MainWindow) -> None:
    available = window.screen().availableGeometry()
    window.setGeometry(
        QRect(
            available.x() - 300,
            available.y() - 200,
            available.width() + 900,
            available.height() + 700,
        )
    )
    clamp(window)
    assert available.contains(window.frameGeometry()), (available, window.frameGeometry())


def test_a_damaged_or_foreign_geometry_opens_at_the_default(window: MainWindow) -> None:
    settings = Settings.load()
    settings.geometry = "not base64 of anything"
    settings.last_screen = "a screen that is gone"
    settings.save()
    restore(window)
    assert window.stack.currentIndex() == 0
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry())


def test_closing_keeps_the_size_and_the_screen(window: MainWindow) -> None:
    window.show()
    window.resize(640, 420)
    window.nav.setCurrentRow(window.stack.indexOf(window.documents))
    window.close()
    kept = Settings.load()
    assert kept.last_screen == "documents"
    assert not QByteArray.fromBase64(kept.geometry.encode("ascii")).isEmpty()


def test_a_second_guard_on_the_same_profile_is_refused_and_the_first_raised(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    first = InstanceGuard(tmp_path / "profile")
    other = InstanceGuard(tmp_path / "another profile")
    try:
        assert first.claim()
        assert other.claim()  # another profile is another window
        with qtbot.waitSignal(first.raise_requested, timeout=10_000):
            assert not InstanceGuard(tmp_path / "profile").claim()
    finally:
        first.release()
        other.release()


SECOND_START = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.ui.single_instance import InstanceGuard
app = QCoreApplication([])
sys.exit(0 if InstanceGuard(Path(sys.argv[1])).claim() else 3)
"""


def test_a_second_process_on_the_profile_is_refused_and_the_first_raised(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path
) -> None:
    """Two starts as two programs: the second one leaves (exit 3 here), the first hears it."""
    profile = tmp_path / "profile"
    first = InstanceGuard(profile)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=20_000):
            second = subprocess.run(
                [sys.executable, "-c", SECOND_START, str(profile)], timeout=120, check=False
            )
        assert second.returncode == 3
    finally:
        first.release()
    after = subprocess.run(
        [sys.executable, "-c", SECOND_START, str(profile)], timeout=120, check=False
    )
    assert after.returncode == 0  # once the first has gone, a start goes ahead


def test_a_server_left_by_a_crash_does_not_block_the_next_start(tmp_path: Path) -> None:
    """A crashed start leaves its socket file behind and nobody listening on it."""
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("named pipes vanish with their process")
    profile = tmp_path / "profile"
    stale = Path(QDir.tempPath()) / server_name(profile)
    dead = socket.socket(socket.AF_UNIX)
    dead.bind(str(stale))
    dead.close()  # the file stays, as after a crash
    try:
        guard = InstanceGuard(profile)
        assert guard.claim()
        assert guard.server is not None and guard.server.isListening()
        guard.release()
    finally:
        stale.unlink(missing_ok=True)


def test_a_second_start_brings_the_first_forward_and_leaves(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """main.start on a profile already open: no dialog, no window; the first one comes forward
    (here it still asks for its passphrase: a modal dialog, minimised)."""
    home = tmp_path / "profile"
    first = InstanceGuard(home)
    assert first.claim()
    first_window = QDialog()
    qtbot.addWidget(first_window)
    first.raise_requested.connect(main.bring_forward)
    first_window.setModal(True)
    first_window.show()
    first_window.showMinimized()
    assert first_window.isMinimized()
    monkeypatch.setattr(main, "application", lambda: QApplication.instance())
    monkeypatch.setattr(main, "UnlockDialog", None)  # never reached
    monkeypatch.setattr(main, "FirstRunDialog", None)
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=10_000):
            assert main.start(home, tmp_path / "demo") is None
        qtbot.waitUntil(lambda: not first_window.isMinimized(), timeout=10_000)
    finally:
        first.release()


def test_the_app_icon_is_sharp_at_task_bar_sizes(qapp) -> None:  # type: ignore[no-untyped-def]
    app_icon = icons.app_icon()
    ratio = QGuiApplication.primaryScreen().devicePixelRatio()
    for size in (16, 32, 48, 256):
        assert app_icon.pixmap(size, size).width() == int(size * ratio)
