"""The PIN asked at the moment of signing: one sentence naming the person who signs, their PIN,
"Sign" or "Cancel". A wrong PIN is said in the dialog (wrong_pin, pin_wait) and asked again.
Given `people`, it first asks who signs: a change the person acting may not make, offered to
those here who may ("Only … may do this. Who signs?").

The dialog only gathers the PIN: whoever opens it runs the signing (app/ui/operations.py for a
change refused as `member_locked`, the sittings screen for a councillor's own signature)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.safetext import line
from app.ui import failure
from app.ui.fit import scrolled_dialog
from app.ui.plain import fill


class PinDialog(QDialog):
    """`on_pin(pin)` runs the signing; it calls `wrong(error)` on a refusal, or closes it."""

    def __init__(
        self,
        name: str,
        on_pin: Callable[[str], None],
        parent: QWidget | None = None,
        above: QWidget | None = None,
        people: Sequence[tuple[str, bytes]] = (),
        needed: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Signature"))
        self.on_pin = on_pin
        self.above = above  # what is signed, shown above the PIN, if the caller shows it
        self.sentence = QLabel(
            fill(self.tr("To sign this, {name} types their PIN."), name=line(name))
        )
        self.sentence.setWordWrap(True)
        self.person = QComboBox()  # who signs, when the caller offers a choice (`people`)
        self.person.setAccessibleName(self.tr("Who signs"))
        for person_name, person in people:
            self.person.addItem(line(person_name), person)
        if people:  # `needed`: who may, in words ("the mayor or a deputy")
            self.sentence.setText(
                fill(self.tr("Only {needed} may do this. Who signs?"), needed=line(needed))
            )
        self.pin = QLineEdit()
        self.pin.setAccessibleName(self.tr("PIN"))
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(128)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._failed = failure.into(self.message)
        self.buttons = QDialogButtonBox()
        self.sign: QPushButton = self.buttons.addButton(
            self.tr("Sign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel: QPushButton = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self._sign)
        self.buttons.rejected.connect(self.reject)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        if above is not None:
            layout.addWidget(above)
        layout.addWidget(self.sentence)
        if people:
            layout.addWidget(self.person)
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        # What is signed may be long (the minutes): it scrolls, the Sign button stays in view.
        scrolled_dialog(self, body, self.buttons)
        self.pin.setFocus()

    def chosen(self) -> bytes | None:
        """The person chosen to sign, when the dialog offers a choice."""
        value = self.person.currentData()
        return value if isinstance(value, bytes) else None

    def _sign(self) -> None:
        pin = self.pin.text()
        if not pin:
            self.message.setText(self.tr("Type the PIN, then press Sign."))
            return
        self.pin.clear()  # not kept in the widget once sent
        self.sign.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        self.on_pin(pin)

    def wrong(self, error: BaseException) -> None:
        """The PIN did not open the key (or the signing was refused): say why, ask again."""
        self.sign.setEnabled(True)
        self._failed(error)
        self.pin.setFocus()

    def done_signing(self, _result: object = None) -> None:
        self.accept()
