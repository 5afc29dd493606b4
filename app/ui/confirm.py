"""The one yes-or-no question of the screens, its yes button named for what it does.

A question answered with "Oui" / "Non" is a trap when the question itself holds a choice: asked
"Voter « Non » ?", a mayor who votes Non presses Non and cancels the ballot. So the button that
acts says the action ("Voter Non", "Retirer Paul"), the other one says "Annuler", and Escape or
closing the box cancels.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """True when the person pressed the `action` button; False on "Cancel", Escape or close.
    `text` is shown as Qt decides (pass it through plain.rich when it holds others' words)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("confirmation")
    act = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(
        QCoreApplication.translate("confirm", "Cancel"), QMessageBox.ButtonRole.RejectRole
    )
    box.setDefaultButton(act)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is act
