"""The first run: no profile yet. Open the demo network, or found a new network."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.crypto import passphrases
from app.core.node import backups
from app.core.node.node import Node
from app.sync import invite, laptop_invite
from app.ui import demo_network, failure, files, tone
from app.ui.fit import ems, scrolled_dialog
from app.ui.operations import QueryOp
from app.ui.paper import offer_paper, paper_text
from app.ui.plain import fill
from app.ui.worker import Worker


class FirstRunDialog(QDialog):
    """Ends accepted with `self.home` and the profile open on the worker."""

    def __init__(
        self, worker: Worker, home: Path, demo_root: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.home = home
        self.demo_root = demo_root
        self.setWindowTitle(self.tr("Welcome to Obambu"))
        self.setMinimumWidth(ems(self, 70))
        intro = QLabel(
            self.tr(
                "This laptop has no profile yet. Open the demo network to look around, or found "
                "a new network for your commune."
            )
        )
        intro.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Open the demo network"))
        self.demo_button.clicked.connect(self.open_demo)
        # A demo opened before is still there: say so, with its passphrase, before anything else.
        self.demo_again = QLabel()
        self.demo_again.setWordWrap(True)
        if demo_network.exists(demo_root):
            intro.setText(
                self.tr(
                    "This laptop has no profile of its own yet. The demo network you opened "
                    "before is still here, as you left it."
                )
            )
            self.demo_button.setText(self.tr("Open the demo network again"))
        self.demo_again.setText(demo_network.passphrase_sentence())
        self.commune = QLineEdit()
        self.mayor = QLineEdit()
        self.network = QLineEdit()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Commune"), self.commune)
        form.addRow(self.tr("Mayor"), self.mayor)
        form.addRow(self.tr("Network name"), self.network)
        form.addRow(self.tr("Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase again"), self.again)
        self.hint = QLabel(
            fill(
                self.tr(
                    "At least {min_characters} characters. A few words that only you would put "
                    "together are easy to remember and hard to guess."
                ),
                min_characters=str(passphrases.MIN_CHARACTERS),
            )
        )
        self.hint.setWordWrap(True)
        form.addRow("", self.hint)
        self.found_button = QPushButton(self.tr("Found the network"))
        self.found_button.clicked.connect(self.found)
        self.restore_button = QPushButton(self.tr("Restore from a backup file…"))
        self.restore_button.clicked.connect(self.choose_backup)
        self.join_button = QPushButton(self.tr("Ask to join a network, with a stick…"))
        self.join_button.clicked.connect(self.choose_join_stick)
        self.paper_button = QPushButton(self.tr("Rebuild from the paper backup, with a stick…"))
        self.laptop_button = QPushButton(
            self.tr("A further laptop of a commune, with a USB stick…")
        )
        self.laptop_button.clicked.connect(self.choose_laptop_stick)
        self.paper_button.clicked.connect(self.choose_paper)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.demo_button)
        layout.addWidget(self.demo_again)
        layout.addLayout(form)
        layout.addWidget(self.found_button)
        layout.addWidget(self.join_button)
        layout.addWidget(self.paper_button)
        layout.addWidget(self.laptop_button)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        scrolled_dialog(self, body)  # at 150 % on a laptop it is taller than the screen

    def open_demo(self) -> None:
        if demo_network.exists(self.demo_root):
            self._busy(self.tr("Opening the demo network…"))
        else:
            self._busy(self.tr("Building the demo network of three communes…"))
        self.home = demo_network.open_demo(
            self, self.worker, self.demo_root, self._opened, self._failed
        )

    def found(self) -> None:
        commune, mayor = self.commune.text().strip(), self.mayor.text().strip()
        network, secret = self.network.text().strip(), self.passphrase.text()
        if not (commune and mayor and network):
            tone.problem(
                self.problem, self.tr("Fill in the commune, the mayor and the network name.")
            )
            return
        if not self._new_passphrase_ok(secret):
            return
        self._busy(self.tr("Creating the keys and the encrypted profile…"))
        home = self.home

        def create() -> Node:
            node = Node.create(home, secret, commune)
            node.found(network)
            node.add_member(mayor)
            node.seal()
            return node

        self.worker.open(create, self._founded, self._failed)

    def _new_passphrase_ok(self, secret: str) -> bool:
        """The same passphrase twice, long enough to protect a new profile (the demo's is not
        asked for: it protects nothing real)."""
        if secret != self.again.text():
            tone.problem(
                self.problem, self.tr("The two passphrases differ. Type the same one twice.")
            )
            return False
        try:
            passphrases.check_new(secret)
        except passphrases.WeakPassphrase:
            text = self.tr(
                "This passphrase is too short: choose one of at least {min_characters} "
                "characters, for example three or four words you will remember."
            )
            tone.problem(self.problem, fill(text, min_characters=str(passphrases.MIN_CHARACTERS)))
            return False
        return True

    def _founded(self, node: Node) -> None:
        """A new network: offer the paper backup before anything else happens."""
        QueryOp(self, self.worker, paper_text, self._offer_paper).failure(
            self._failed
        ).run_in_background()

    def _offer_paper(self, result: tuple[str, str]) -> None:
        offer_paper(self, self.worker, result)
        self.accept()

    def choose_join_stick(self) -> None:
        folder = files.folder(self, self.tr("Choose the stick"))
        if folder:
            self.ask_to_join(Path(folder))

    def ask_to_join(self, stick: Path) -> None:
        """Creates this commune's keys and profile, and writes its join request on the stick."""
        commune, secret = self.commune.text().strip(), self.passphrase.text()
        if not commune:
            tone.problem(self.problem, self.tr("Fill in the commune's name."))
            return
        if not self._new_passphrase_ok(secret):
            return
        self._busy(self.tr("Creating the keys and writing the request on the stick…"))
        home = self.home

        def create() -> Node:
            node = Node.create(home, secret, commune)
            invite.write_request(node, stick)
            return node

        self.worker.open(create, self._opened, self._failed)

    def choose_laptop_stick(self) -> None:
        name, ok = QInputDialog.getText(
            self,
            self.tr("A further laptop of the commune"),
            self.tr("This laptop's name (for example: Secrétariat)"),
        )
        if not ok or not name.strip():
            return
        folder = files.folder(self, self.tr("Choose the USB stick"))
        if folder:
            self.ask_as_laptop(Path(folder), name.strip())

    def ask_as_laptop(self, stick: Path, name: str) -> None:
        """`obambu device join-laptop`: the offer the commune's first laptop put on the stick,
        a profile of this laptop, and its request on the stick."""
        secret = self.passphrase.text()
        if not self._new_passphrase_ok(secret):
            return
        self._busy(self.tr("Creating this laptop's keys and writing its request on the stick…"))
        home = self.home

        def create() -> Node:
            offer = laptop_invite.read_offer(stick)  # before any profile is made
            node = Node.create(home, secret, offer.name)
            laptop_invite.write_request(node, stick, offer, name)
            return node

        self.worker.open(create, self._opened, self._failed)

    def choose_paper(self) -> None:
        code, ok = QInputDialog.getMultiLineText(
            self, self.tr("Paper backup"), self.tr("Type the code of the paper backup")
        )
        if not ok or not code.strip():
            return
        folder = files.folder(self, self.tr("Choose the stick"))
        if folder:
            self.rebuild_from_paper(code, Path(folder))

    def rebuild_from_paper(self, code: str, stick: Path) -> None:
        """The commune's node key from paper; the rest comes back by stick, like a join."""
        secret = self.passphrase.text()
        if not self._new_passphrase_ok(secret):
            return
        self._busy(self.tr("Rebuilding the keys and writing the request on the stick…"))
        home = self.home

        def create() -> Node:
            node = backups.restore_from_paper(home, code, secret)
            invite.write_request(node, stick)
            return node

        self.worker.open(create, self._opened, self._failed)

    def choose_backup(self) -> None:
        path = files.open_file(self, self.tr("Choose the backup file"))
        if path:
            self.restore(Path(path))

    def restore(self, backup: Path) -> None:
        """Rebuilds this laptop's profile from a backup; it opens with the passphrase typed
        above, which must be the one of the laptop the backup came from."""
        secret = self.passphrase.text()
        if not secret or secret != self.again.text():
            tone.problem(
                self.problem,
                self.tr("Type the passphrase of the backed-up laptop twice, then restore."),
            )
            return
        self._busy(self.tr("Restoring the profile from the backup…"))
        home = self.home
        self.worker.open(
            lambda: backups.restore(home, backup.read_bytes(), secret, secret),
            self._opened,
            self._failed,
        )

    def _busy(self, text: str) -> None:
        tone.status(self.problem, text)
        for button in self._buttons():
            button.setEnabled(False)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.demo_button,
            self.found_button,
            self.restore_button,
            self.join_button,
            self.paper_button,
            self.laptop_button,
        )

    def _opened(self, node: Node) -> None:
        self.accept()

    def _failed(self, error: BaseException) -> None:
        for button in self._buttons():
            button.setEnabled(True)
        failure.report(error, lambda sentence: tone.problem(self.problem, sentence))
