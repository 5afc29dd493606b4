"""Errors as a clerk reads them: one translated sentence with one action, chosen by the code.

The sentences are in app/ui/sentences.py, one per code; here they get their values. A refusal
whose code has no sentence (which tests/test_error_sentences.py keeps from happening) falls back
to the core's English, and says so in the log. An error without a code is a bug: it gets the
report dialog instead (app/ui/failure.py), and this module only gives the line that says so.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLocale

from app.core.errors import ObambuError
from app.core.safetext import block, line
from app.ui import formats, plain, sentences
from app.ui.plain import PLACEHOLDER

log = logging.getLogger(__name__)


def bug_sentence() -> str:
    return QCoreApplication.translate(
        "messages",
        "Something went wrong inside Obambu. Save the report and send it to support.",
    )


def user_message(error: BaseException) -> str:
    """The sentence for `error` in the screens' language."""
    if isinstance(error, ObambuError):
        sentence = sentence_for(error.code, error.params)
        if sentence is None:
            log.warning("no sentence for the code %s", error.code)
            return block(error.message)  # may quote a name or a file name from elsewhere
        return sentence
    if isinstance(error, OSError):
        return _os_sentence(error)
    return bug_sentence()


def sentence_for(code: str, params: Mapping[str, str] | None = None) -> str | None:
    """The sentence of `code` with its placeholders filled, or None when it has none."""
    template = sentences.table(params).get(code)
    if template is None:
        return None
    known = {**sentences.values(), **_in_screen_language(params or {})}
    missing = set(PLACEHOLDER.findall(template)) - set(known)
    if missing:
        log.warning("the sentence for %s lacks %s", code, ", ".join(sorted(missing)))
        return None
    return fill(template, known)


def screen_params(params: Mapping[str, str]) -> dict[str, str]:
    """An error's values in the screens' language (a rule profile's French, or its English twin),
    for a sentence a screen words itself."""
    return _in_screen_language(params)


def _in_screen_language(params: Mapping[str, str]) -> dict[str, str]:
    """A rule profile speaks its country's language (French); what a rule takes from it comes
    with an English twin (`what_en` beside `what`), which an English screen shows instead."""
    if QLocale().language() == QLocale.Language.French:
        chosen = dict(params)
    else:
        chosen = {name: params.get(f"{name}_en", value) for name, value in params.items()}
    return {name: str(formats.iso_to_screen(value)) for name, value in chosen.items()}


def fill(template: str, values: Mapping[str, str]) -> str:
    """Puts each value in its {placeholder} (plain.fill), each as one plain line: values of an
    error may come from other communes or sticks."""
    return plain.fill(template, **{name: line(str(value)) for name, value in values.items()})


def _os_sentence(error: OSError) -> str:
    """A file, a stick or a port the system would not let Obambu use."""
    text = QCoreApplication.translate(
        "messages",
        "Obambu could not use {file}: {reason}. Check that it is still there and "
        "that this account may use it, then try again.",
    )
    name = str(error.filename) if error.filename else "?"
    return fill(text, {"file": name, "reason": error.strerror or type(error).__name__})
