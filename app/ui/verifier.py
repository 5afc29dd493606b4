"""The verify-only window, for a gendarmerie, a school or a health post: no profile, no network,
only a verifier kit loaded from a stick and the verification screen of the town halls.

    obambu verifier [--kit FOLDER]
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.attestations import kit
from app.core.attestations.kit import Kit
from app.core.attestations.verdict import Verdict
from app.core.safetext import line
from app.ui import failure, files, formats
from app.ui.attest_verify import Query, VerifyPanel, data_from_file
from app.ui.fit import fit_window
from app.ui.main import application
from app.ui.operations import LongOp
from app.ui.plain import fill, show
from app.ui.worker import Worker


def verify_with(held: Kit | None, query: Query) -> Verdict:
    if held is None:
        raise kit.KitError(
            "No verifier kit is loaded yet. Load the kit from the town hall's stick.",
            code="kit_none_loaded",
        )
    kind, value = query
    if kind == "file":
        data = data_from_file(Path(value))
    elif kind == "number":
        raise kit.KitError(
            "A number can only be checked by a town hall. Scan the QR code, or call the town hall "
            "with the number.",
            code="kit_number",
        )
    else:
        data = bytes(value)
    return kit.verify(held, data)


class VerifierWindow(QMainWindow):
    def __init__(self, worker: Worker, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.folder = folder
        self.kit: Kit | None = kit.load(folder)
        self.setWindowTitle(self.tr("Obambu — verify attestations"))
        self.about = QLabel()
        self._failed = failure.into(self.about)
        self.about.setWordWrap(True)
        load = QPushButton(self.tr("Load a kit from a stick…"))
        load.clicked.connect(self.choose_kit)
        # Typed once, at the first load, as the town hall gave it: the kit is then checked from
        # the network's genesis, not trusted on its own word (docs/spec/kit.md).
        self.network = QLineEdit()
        self.network.setPlaceholderText(self.tr("Network id, as the town hall gave it"))
        self.network_label = QLabel(self.tr("Network id:"))
        top = QHBoxLayout()
        top.addWidget(self.about, 1)
        top.addWidget(load)
        typed = QHBoxLayout()  # a row of its own: the kit's description keeps the width
        typed.addWidget(self.network_label)
        typed.addWidget(self.network, 1)
        self.panel = VerifyPanel(self._check, worker)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addLayout(typed)
        layout.addWidget(self.panel, 1)
        self.setCentralWidget(central)
        self._describe()

    def _describe(self) -> None:
        unchecked = self.kit is None or not self.kit.anchored
        self.network.setVisible(unchecked)
        self.network_label.setVisible(unchecked)
        if self.kit is None:
            self.about.setText(self.tr("No kit loaded: ask a town hall of the network for one."))
            return
        made = formats.short_date(self.kit.made)
        text = self.tr("Kit from {kit_by} of {made}: %n town hall(s).", "", len(self.kit.communes))
        show(
            self.about,
            fill(
                text,
                kit_by=line(self.kit.by),
                made=made,
            )
            + " "
            + (
                self.tr("Checked against the network id.")
                if self.kit.anchored
                else self.tr("Not checked against the network id: type it and load the kit again.")
            ),
        )

    def choose_kit(self) -> None:
        chosen = files.folder(self, self.tr("Choose the stick with the kit"))
        if chosen:
            self.load_kit(Path(chosen))

    def load_kit(self, source: Path) -> None:
        typed = self.network.text().strip()
        # Once anchored, later kits are checked against the network of the kit held.
        held = self.kit.network if self.kit is not None and self.kit.anchored else None

        def load(_progress: object) -> kit.Merged:
            network_id = held or (kit.parse_network_id(typed) if typed else None)
            return kit.import_kit(source, self.folder, network_id)

        LongOp.off_store(self, self.worker, load, self._loaded).failure(
            self._failed
        ).run_in_background()

    def _loaded(self, merged: kit.Merged) -> None:
        self.kit = merged.kit
        self._describe()
        if merged.refused:
            note = self.tr("Kept the newer lists already here for: {refused}.")
            show(
                self.about,
                self.about.text() + " " + fill(note, refused=", ".join(map(line, merged.refused))),
            )

    def _check(
        self, query: Query, done: Callable[[Verdict], None], failed: Callable[[BaseException], None]
    ) -> None:
        held = self.kit
        LongOp.off_store(
            self, self.worker, lambda _progress: verify_with(held, query), done
        ).failure(failed).run_in_background()


def run(folder: Path) -> int:
    app = application()
    worker = Worker()
    window = VerifierWindow(worker, folder)
    fit_window(window, 1024, 600)  # or what the screen has
    window.show()
    code = int(app.exec())
    worker.stop()
    return code
