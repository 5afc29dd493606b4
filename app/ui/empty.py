"""What a list says when it holds nothing yet: a sentence saying why, and the button that does
the first thing (open a vote, convene a sitting…), rather than an empty grid."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class EmptyState(QWidget):
    """Shown in place of a list's first row while the list is empty (`follow(count)`)."""

    def __init__(
        self,
        sentence: str,
        action: str = "",
        on_action: Callable[[], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("empty")
        self.sentence = QLabel(sentence)
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("color: palette(mid); font-style: italic;")
        layout = QHBoxLayout(self)
        layout.addWidget(self.sentence, 1)
        self.action: QPushButton | None = None
        if action and on_action is not None:
            self.action = QPushButton(action)
            self.action.setAccessibleName(action.rstrip("…"))
            self.action.clicked.connect(lambda: on_action())
            layout.addWidget(self.action)
        self.hide()  # until the list has answered: "nothing yet" before reading would be wrong

    def follow(self, count: int) -> None:
        self.setVisible(count == 0)
