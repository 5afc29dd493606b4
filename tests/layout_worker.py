"""A process for tests/test_layouts.py: every screen and dialog shown on one screen setting,
what is cut off or out of reach printed as JSON (tests/layout_check.py says what counts).

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json \
        python tests/layout_worker.py DEMO LANGUAGE TEXT_SIZE

The display scale must be set before the QApplication exists, hence a process per setting.
DEMO is a demo network (`obambu demo`, passphrase "demo") the process copies, so that its
opening and refreshing change nothing the next process sees. The last line of output is the
JSON list of findings; anything before it is Qt's own noise.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractItemView,
    QApplication,
    QTabWidget,
    QWidget,
)

from app.core.attestations import kit  # noqa: E402
from app.core.council.queries import Member, Signer  # noqa: E402
from app.core.node.node import Node  # noqa: E402
from app.ui import i18n  # noqa: E402
from app.ui.about import AboutDialog  # noqa: E402
from app.ui.acting import TakeOver  # noqa: E402
from app.ui.attest_issue import PreviewDialog  # noqa: E402
from app.ui.attest_manage import CorrectDialog, ReasonDialog  # noqa: E402
from app.ui.convocation import ProxyDialog, ReceiptDialog  # noqa: E402
from app.ui.crash import CrashDialog  # noqa: E402
from app.ui.documents import ShareDialog  # noqa: E402
from app.ui.firstrun import FirstRunDialog  # noqa: E402
from app.ui.forum import NewThreadDialog  # noqa: E402
from app.ui.help import HelpDialog, ShortcutsDialog  # noqa: E402
from app.ui.join import JoinDialog  # noqa: E402
from app.ui.paper import PaperDialog  # noqa: E402
from app.ui.pin_prompt import PinDialog  # noqa: E402
from app.ui.settings import apply_font  # noqa: E402
from app.ui.sittings import (  # noqa: E402
    AppointDialog,
    ConveneDialog,
    MinutesDialog,
    OwnSignature,
    SittingsPage,
)
from app.ui.unlock import UnlockDialog  # noqa: E402
from app.ui.verifier import VerifierWindow  # noqa: E402
from app.ui.vote_entry import VoteEntryDialog  # noqa: E402
from app.ui.votes import NewVoteDialog, OutcomeDialog  # noqa: E402
from app.ui.window import MainWindow  # noqa: E402
from app.ui.worker import Worker  # noqa: E402
from tests.layout_check import findings, fits_with_title_bar  # noqa: E402

DEMO_PASSPHRASE = "demo"
LARGE = 16  # the text size chosen in Settings, on the window as it is
LONG = "Mme Marie-Françoise Ndongo Ebolowa épouse Mbarga"  # a name as long as real ones get


def settle(app: QApplication, worker: Worker | None = None) -> None:
    """Lets queued work finish and every layout settle."""
    end = time.monotonic() + 60
    while worker is not None and worker.pending and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        app.processEvents()


def look(app: QApplication, window: QWidget, worker: Worker | None = None) -> list[str]:
    window.show()
    settle(app, worker)
    found = findings(window)
    for tabs in window.findChildren(QTabWidget):  # each tab of what is shown
        if not tabs.isVisible():
            continue
        for tab in range(tabs.count()):
            tabs.setCurrentIndex(tab)
            settle(app, worker)
            found += [f"{f} (tab {tabs.tabText(tab)!r})" for f in findings(window)]
        tabs.setCurrentIndex(0)
    return found


def choose_first(screen: QWidget | None) -> bool:
    """Chooses the first line of each list shown on `screen`; whether there was one."""
    chose = False
    for view in screen.findChildren(QAbstractItemView) if screen is not None else []:
        model = view.model()
        if view.isVisible() and model is not None and model.rowCount() > 0:
            view.setCurrentIndex(model.index(0, 0))
            chose = True
    return chose


def dialog(app: QApplication, make: Callable[[], QWidget]) -> list[str]:
    shown = make()
    found = look(app, shown)
    found += [f for f in [fits_with_title_bar(shown)] if f]
    shown.close()
    return found


def main(demo: Path, language: str, size: int) -> list[str]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    i18n.install(app, language)
    apply_font(size)
    found: list[str] = []
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(demo, root / "demo")
        home = root / "demo" / "ambam"
        worker = Worker()
        first = FirstRunDialog(worker, root / "new", root / "other")
        first.show()
        settle(app)
        first.passphrase.setText("court")
        first.again.setText("court")
        first.found_button.click()  # the passphrase is refused: its sentence shows
        found += dialog(app, lambda: first)
        unlock = UnlockDialog(worker, home)
        unlock.show()
        settle(app)
        for _ in range(UnlockDialog.FREE_TRIES):  # then the wait is said too
            unlock.passphrase.setText("not the passphrase")
            unlock.try_unlock()
            end = time.monotonic() + 60
            while unlock.problem.text() == unlock.tr("Opening the profile…") and (
                time.monotonic() < end
            ):
                app.processEvents()
                time.sleep(0.01)
        found += dialog(app, lambda: unlock)
        kit_folder = _verifier_kit(home, root)
        worker.open(lambda: Node.open(home, DEMO_PASSPHRASE))
        settle(app, worker)
        found += dialog(app, lambda: JoinDialog(worker))
        window = MainWindow(worker, root)
        window.sealer.stop()
        window.show()
        settle(app, worker)
        found += [f for f in [fits_with_title_bar(window)] if f]
        for row in range(window.nav.count()):
            window.nav.setCurrentRow(row)
            found += look(app, window, worker)
            if choose_first(window.stack.widget(row)):  # its details, as a click shows them
                found += look(app, window, worker)
        sittings = window.sittings
        assert isinstance(sittings, SittingsPage) and sittings.rows, "the demo has sittings"
        sitting = sittings.rows[0]
        found += dialog(app, NewThreadDialog)
        found += dialog(app, NewVoteDialog)
        found += dialog(app, OutcomeDialog)
        found += dialog(app, lambda: ConveneDialog(sittings.rows))
        found += dialog(app, lambda: ShareDialog(["Bipindi", "Campo", "Kribi", "Lolodorf"]))
        found += dialog(app, lambda: VoteEntryDialog(sitting))
        found += dialog(app, lambda: ReceiptDialog(sitting.members, []))
        found += dialog(app, lambda: ProxyDialog(sitting.members, sitting.number))
        found += dialog(app, lambda: MinutesDialog("Procès-verbal\n" * 80, [LONG]))
        found += dialog(app, ReasonDialog)
        fields = {"number": "811D-2026-000001-9", "type": "residence", "subject": LONG}
        found += dialog(app, lambda: CorrectDialog(fields))
        found += dialog(app, lambda: AppointDialog(sitting.members))
        council = tuple(Member(f"m{n}", f"{LONG} {n}", "") for n in range(1, 28))
        found += dialog(app, lambda: VoteEntryDialog(replace(sitting, members=council)))
        found += dialog(app, lambda: VerifierWindow(worker, kit_folder))
        found += dialog(app, lambda: AboutDialog(root))
        found += dialog(app, lambda: HelpDialog("forum"))
        found += dialog(app, lambda: ShortcutsDialog(window.menuBar()))
        found += dialog(app, lambda: PaperDialog("Ambam", "abcd efgh " * 12))
        found += dialog(app, lambda: PreviewDialog(QImage(1240, 1754, QImage.Format.Format_RGB32)))
        found += dialog(app, lambda: CrashDialog(RuntimeError("a test failure")))
        found += dialog(app, lambda: TakeOver(worker, []))
        found += dialog(app, lambda: PinDialog(LONG, lambda _pin: None))
        people = [(LONG, b"1"), ("Paul Ekani", b"2")]
        found += dialog(
            app, lambda: PinDialog("", lambda _pin: None, people=people, needed="the mayor")
        )
        signer = _signer(sittings)
        found += dialog(
            app,
            lambda: PinDialog(
                LONG, lambda _pin: None, above=OwnSignature(signer, "Procès-verbal\n" * 80)
            ),
        )
        if size < LARGE and scale == 1:  # then large text chosen in Settings: every screen
            window.nav.setCurrentRow(window.stack.indexOf(window.settings))
            window.settings.font_size.setValue(LARGE)
            for row in range(window.nav.count()):
                window.nav.setCurrentRow(row)
                found += [f"{f} (after text size {LARGE})" for f in look(app, window, worker)]
        window.close()  # stops the worker
    return found


def _verifier_kit(home: Path, root: Path) -> Path:
    """A gendarmerie's kit folder, from a kit the demo's first town hall wrote."""
    node = Node.open(home, DEMO_PASSPHRASE)
    try:
        kit.export(node, root / "kit-stick")
    finally:
        node.close()
    kit.import_kit(root / "kit-stick", root / "gendarmerie")
    return root / "gendarmerie"


def _signer(sittings: SittingsPage) -> Signer:
    member = sittings.rows[0].members[0]
    return Signer(member.id, LONG, b"1", receipt=True, approval=True)


if __name__ == "__main__":
    found = main(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]))
    print(json.dumps(list(dict.fromkeys(found))), flush=True)  # each once, in order
