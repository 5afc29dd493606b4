"""Text written by others, made harmless to show: names, titles, file names, messages.

A forum title, a commune's name or a file name on a stick is chosen by someone else. Printed as
it is, a control character can clear the terminal, retitle the window or move the cursor back
to overwrite a line ("\\r999 new items, stick verified"), and a bidirectional override can make
"gpj.exe" read as "exe.jpg". So everything shown passes through here at the output boundary (the
command line's Output, the screens' display helpers): what stays is exactly what a person would
read, and what was hidden becomes visible.

- C0 controls and DEL become their Unicode control pictures (ESC shows as ␛, CR as ␍), so a
  person sees that something was there and what;
- every other invisible or reordering character becomes U+FFFD (�): C1 controls, bidi overrides,
  embeddings, isolates and marks, zero-width spaces, the byte-order mark, line and paragraph
  separators, and lone surrogates (a non-UTF-8 file name decoded with surrogateescape), which
  would also crash a print.

The zero-width joiner and non-joiner stay: several scripts and most emoji need them to draw
correctly, and they neither hide nor reorder text. Stored data is never changed: only what is
shown, and the JSON of the command line keeps every character, escaped.
"""

from __future__ import annotations

import re
import unicodedata

REPLACEMENT = "\ufffd"
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: needed by Arabic, Indic scripts and emoji
HIDDEN = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))  # controls, formats, surrogates, separators


def line(text: str) -> str:
    """One line of text from others: every control is shown, line breaks and tabs included."""
    if text.isprintable():  # the common case, at C speed
        return text
    return "".join(_shown(char) for char in text)


def block(text: str) -> str:
    """Text of several lines from others (a message body, a composed report): line breaks and
    tabs stay, everything else that is invisible or reorders text is shown."""
    if text.isprintable():
        return text
    return "\n".join(
        "\t".join(line(cell) for cell in row.split("\t"))
        for row in text.replace("\r\n", "\n").split("\n")
    )


def escape_json(dumped: str) -> str:
    """JSON text with every hidden character escaped as \\uXXXX: the same data for a program,
    nothing raw for a terminal that shows it. json.dumps already escapes C0 controls, and
    outside strings JSON is plain ASCII, so only string contents change."""
    if dumped.replace("\n", "").isprintable():  # indentation is the only line break
        return dumped
    return _HIDDEN_IN_JSON.sub(_json_escape, dumped)


def is_hidden(char: str) -> bool:
    return unicodedata.category(char) in HIDDEN and char not in JOINERS


def _shown(char: str) -> str:
    if not is_hidden(char):
        return char
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not is_hidden(char):
        return char
    code = ord(char)
    if code > 0xFFFF:  # JSON escapes only 16-bit units: a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


# Candidates only (cheap to match); _json_escape keeps those that are not hidden, such as the
# non-breaking spaces of French typography.
_HIDDEN_IN_JSON = re.compile(r"[^\x20-\x7e\n]")
