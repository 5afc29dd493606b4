"""Showing text written by others on a screen: forum titles, names, file names, messages.

Two things make such text harmful on a screen: characters that hide or reorder what is read
(controls, bidirectional overrides, zero-width spaces: app/core/safetext.py neutralises them),
and Qt reading a label's text as HTML when it looks like HTML ("<h1>URGENT</h1>" would render as
a heading, an <img> would load a picture). So a label showing someone else's words is plain
text, and where Qt decides by itself (tooltips, message boxes) the words go escaped inside
explicit rich text.

And putting values into a translated sentence: `fill(self.tr("Sent {sent} of {total}."),
sent=a, total=b)`. A named placeholder tells the translator what goes there, and one pass means a
value (a forum title, say) that happens to hold "{total}" is never read as a placeholder.
tools/named_placeholders.py rewrites the older `tr("%1").replace("%1", a)` chains into this.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.core.safetext import block

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # {commune}, {max_age_days}: named, never %1


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


def fill(template: str, /, **values: str) -> str:
    """The sentence with each {name} given in `values` replaced, in one pass; a {name} not given
    stays as it is, so a sentence may be filled in two steps."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
