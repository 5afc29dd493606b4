"""`obambu --self-test`: proof that a build works on this laptop, without touching its data.

In a temporary folder: create a profile (SQLCipher, Argon2id), sign a transaction and verify it,
write a stick segment and read it back into a second profile, and render the main window
offscreen. Each step prints one line; any failure exits non-zero with the step that failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.crypto.kdf import INTERACTIVE
from app.core.encoding.cose import verify_sign1
from app.core.forum import queries as forum_queries
from app.core.forum import service as forum
from app.core.ledger.objects import parse_tx
from app.core.members import queries as members
from app.core.node.node import Node
from app.version import version

PASS = "self-test passphrase"


def run(out: Callable[[str], None] = print) -> int:
    began = time.monotonic()
    out(f"Obambu {version()} self-test")
    with tempfile.TemporaryDirectory(prefix="obambu-selftest-") as tmp:
        root = Path(tmp)
        steps: list[tuple[str, Callable[[], str]]] = []
        nodes: dict[str, Node] = {}

        def profile() -> str:
            a = Node.create(root / "ambam", PASS, "Ambam", INTERACTIVE)
            b = Node.create(root / "bipindi", PASS, "Bipindi", INTERACTIVE)
            b.adopt(a.found("Self-test", [b.authority()]))
            a.add_member("Maire")
            a.seal()
            nodes.update(a=a, b=b)
            return "encrypted profile created and unlocked"

        def signature() -> str:
            a = nodes["a"]
            tx = forum.start_thread(a, "Essai", "Signé ici.")
            a.seal()
            parsed = parse_tx(a.object(tx))
            key = members.public_key(a, parsed.kid)
            if key is None:
                raise RuntimeError("the signing key is not in the ledger")
            verify_sign1(parsed.envelope, key, a.network_id)  # raises if it does not
            if not forum_queries.exists(a, tx):
                raise RuntimeError("the signed transaction was not applied")
            return "transaction signed, verified and applied"

        def stick() -> str:
            from app.sync import intake
            from app.sync.export import export

            folder = root / "stick"
            folder.mkdir()
            written = export(nodes["a"], folder)
            report = intake.import_(nodes["b"], folder)
            if report.new < 1:
                raise RuntimeError("the segment written could not be read back")
            return f"stick segment written ({written.bytes_written} bytes) and read back"

        def window() -> str:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            os.environ["OBAMBU_LAN"] = "off"
            from PySide6.QtWidgets import QApplication

            from app.ui.window import MainWindow
            from app.ui.worker import Worker

            app = QApplication.instance() or QApplication(sys.argv)
            home = nodes["a"].home
            nodes.pop("a").close()
            worker = Worker()
            opened: list[Node] = []
            worker.open(lambda: Node.open(home, PASS), opened.append)
            deadline = time.monotonic() + 30
            while not opened and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            window = MainWindow(worker, root)
            window.show()
            app.processEvents()
            picture = window.grab()
            window.close()
            worker.stop()
            if picture.isNull() or picture.width() < 400:
                raise RuntimeError("the main window did not render")
            return f"main window rendered offscreen ({picture.width()}×{picture.height()})"

        def shell() -> str:
            # What a build must bundle for the window's shell: the SVG icons and what draws
            # them, the help pages, and QtNetwork's local socket for the single-instance guard.
            from app.ui import help as help_pages
            from app.ui.icons import icon
            from app.ui.single_instance import InstanceGuard

            drawn = icon("forum").pixmap(24, 24).toImage()
            if not any(drawn.pixelColor(x, y).alpha() for x in range(24) for y in range(24)):
                raise RuntimeError("the icons are not drawn")
            if not help_pages.page("forum", "fr").is_file():
                raise RuntimeError("the help pages are missing")
            first = InstanceGuard(root / "ambam")
            try:
                if not first.claim() or InstanceGuard(root / "ambam").claim():
                    raise RuntimeError("a second start on one profile is not refused")
            finally:
                first.release()
            return "icons drawn, help pages present, one start per profile"

        def text() -> str:
            # What Qt asks ICU for: French collation, dates, word boundaries. A build ships a
            # trimmed ICU data file, so this proves the French and English data are there.
            from PySide6.QtCore import QCollator, QDate, QLocale, QTextBoundaryFinder

            french = QLocale(QLocale.Language.French, QLocale.Country.France)
            words = sorted(["étable", "ecole", "zèbre", "Élodie"], key=QCollator(french).sortKey)
            if words != ["ecole", "Élodie", "étable", "zèbre"]:
                raise RuntimeError(f"French collation gives {words}")
            day = french.toString(QDate(2026, 3, 14), "d MMMM yyyy")
            if day != "14 mars 2026":
                raise RuntimeError(f"a French date reads {day!r}")
            finder = QTextBoundaryFinder(
                QTextBoundaryFinder.BoundaryType.Word, "L'école du quartier"
            )
            breaks = 0
            while finder.toNextBoundary() != -1:
                breaks += 1
            if breaks < 4:
                raise RuntimeError("word boundaries are missing")
            return "French collation, dates and word boundaries work"

        steps = [
            ("profile", profile),
            ("signature", signature),
            ("stick", stick),
            ("window", window),
            ("text", text),
            ("shell", shell),
        ]
        try:
            for name, step in steps:
                out(f"  ok  {name}: {step()}")
        except Exception as exc:
            out(f"  FAILED {name}: {type(exc).__name__}: {exc}")
            return 1
        finally:
            for node in nodes.values():
                node.close()
    out(f"all checks passed in {time.monotonic() - began:.1f} s")
    return 0
