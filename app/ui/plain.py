"""Showing text written by others on a screen: forum titles, names, file names, messages.

Two things make such text harmful on a screen: characters that hide or reorder what is read
(controls, bidirectional overrides, zero-width spaces: app/core/safetext.py neutralises them),
and Qt reading a label's text as HTML when it looks like HTML ("<h1>URGENT</h1>" would render as
a heading, an <img> would load a picture). So a label showing someone else's words is plain
text, and where Qt decides by itself (tooltips, message boxes) the words go escaped inside
explicit rich text.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.core.safetext import block


def shown(text: object) -> str:
    """The text as it may be drawn: line breaks kept, everything hidden made visible."""
    return block(str(text))


def show(label: QLabel, text: object) -> None:
    """Sets a label to text that holds words from others: plain, never HTML."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(shown(text))


def rich(text: object) -> str:
    """For a tooltip or a message box: the words drawn as they are, no HTML read from them."""
    return f"<p style='white-space:pre-wrap'>{html.escape(shown(text))}</p>"
