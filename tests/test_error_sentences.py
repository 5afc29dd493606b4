"""Every error code raised anywhere in app/ has its sentence, in English and in French, with the
same named placeholders; a French screen shows French, with the values the error carries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication

from app.core.errors import ObambuError, PinWait, Rejected
from app.core.ledger.actors import Actor
from app.core.members import powers
from app.ui import i18n, sentences
from app.ui.messages import PLACEHOLDER, sentence_for, user_message
from tests.error_codes import collected

CODES = collected()


def _french() -> dict[tuple[str, str], list[str]]:
    """(context, English source) -> finished French translation (each plural form of a counted
    one), from obambu_fr.ts."""
    found = {}
    for context in ET.parse(i18n.source("fr")).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [form.text or "" for form in translation.findall("numerusform")]
            forms = forms or [translation.text or ""]
            if translation.get("type") is None and all(form.strip() for form in forms):
                found[(name, message.findtext("source") or "")] = forms
    return found


def _sources() -> dict[str, tuple[str, str]]:
    """Code -> (context, English source) of its sentence, read back through translate()."""
    seen: list[tuple[str, str]] = []
    real = QCoreApplication.translate

    def spy(context: str, text: str, *rest: object) -> str:
        seen.append((context, text))
        return text

    def counted(self: object, text: str, *rest: object) -> str:
        seen.append(("Counted", text))
        return text

    sentences.translate = spy  # type: ignore[assignment]
    sentences.Counted.tr = counted  # type: ignore[assignment,method-assign]
    try:
        english = sentences.table()
    finally:
        sentences.translate = real
        del sentences.Counted.tr
    by_text = {text: (context, text) for context, text in seen}
    return {code: by_text[text] for code, text in english.items()}


def test_the_source_is_read_whole() -> None:
    assert not CODES.unresolved, f"computed codes: list their values in DYNAMIC: {CODES.unresolved}"
    assert not CODES.bare, f"an ObambuError raised without a code: {CODES.bare}"
    assert len(CODES.raised) > 150  # the reader still finds the codes (171 when written)


def test_every_code_raised_has_a_sentence_and_every_sentence_a_code() -> None:
    table = sentences.table()
    missing = {code: sorted(CODES.raised[code])[0] for code in CODES.raised if code not in table}
    assert not missing, f"codes with no sentence in app/ui/sentences.py: {missing}"
    assert not set(table) - set(CODES.raised), "sentences for codes nobody raises"


def test_every_sentence_is_in_french_with_the_same_placeholders() -> None:
    french = _french()
    for code, key in _sources().items():
        assert key in french, f"{code}: no French sentence in obambu_fr.ts for {key[1]!r}"
        for form in french[key]:
            assert set(PLACEHOLDER.findall(key[1])) == set(PLACEHOLDER.findall(form)), code
            assert ("%n" in key[1]) == ("%n" in form), f"{code}: the count in every form"
        assert "%1" not in key[1], f"{code}: a named placeholder, not %1"
        assert ("%n" in key[1]) == (code in sentences.COUNTS), f"{code}: a count is in COUNTS"


def test_every_placeholder_has_a_value_where_the_code_is_raised() -> None:
    """A sentence's values come from the error's params or from the screens' own limits."""
    known = set(sentences.values())
    for code, (_, source) in _sources().items():
        needed = set(PLACEHOLDER.findall(source)) - known
        if code in sentences.COUNTS:
            needed.add(sentences.COUNTS[code])
        for given in CODES.params[code]:
            if given is not None:
                assert needed <= given, f"{code} is raised without {needed - given}: {source!r}"


@pytest.fixture
def french_screens(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def test_a_french_screen_shows_french_with_the_error_s_values(french_screens) -> None:  # type: ignore[no-untyped-def]
    closed = Rejected("vote_closed", "This vote is closed.")
    assert user_message(closed).startswith("Ce vote est clos. Consultez son résultat")
    too_soon = Rejected(
        "reconvened_too_soon",
        "La séance sans quorum a eu lieu le 2026-03-02 : …",
        params={"date": "2026-03-02", "days": 3, "article": "CGCT L2121-17"},
    )
    assert user_message(too_soon) == (
        "La séance sans quorum a eu lieu le 2 mars 2026\u202f: la nouvelle séance doit se tenir au "
        "moins 3 jours après (CGCT L2121-17). Choisissez une date plus tardive."
    )
    one_day = Rejected("reconvened_too_soon", "…", params={**too_soon.params, "days": 1})
    assert "au moins 1 jour après (CGCT" in user_message(one_day)


def test_a_counted_sentence_takes_the_plural_form_of_its_count(qapp) -> None:  # type: ignore[no-untyped-def]
    """In English (the conftest installs it with `qapp`): its plural forms are in obambu_en.ts."""
    assert user_message(PinWait(1)).startswith("Too many wrong PINs: wait 1 second before")
    assert user_message(PinWait(30)).startswith("Too many wrong PINs: wait 30 seconds before")


def test_a_value_from_elsewhere_cannot_forge_a_line_or_a_placeholder() -> None:
    hostile = Rejected(
        "council_round", "…", params={"office": "Maire\n{round}\u202e", "round": 2, "article": "X"}
    )
    shown = user_message(hostile)
    assert "\n" not in shown and "\u202e" not in shown
    assert shown.startswith("The next round for « Maire") and "{round}" in shown


def test_a_code_with_no_sentence_falls_back_to_the_core_s_english() -> None:
    assert sentence_for("no_such_code") is None
    assert user_message(ObambuError("Plain English.", code="no_such_code")) == "Plain English."


def test_a_council_refusal_keeps_the_law_s_own_words_after_the_screen_s_sentence(  # type: ignore[no-untyped-def]
    net, french_screens
) -> None:
    from tests.test_sittings import _convene

    with pytest.raises(Rejected) as refused:
        _convene(net.nodes[0], days_ahead=2)  # 1 clear day; 3 needed under 3,500 inhabitants
    shown = user_message(refused.value)
    assert shown.startswith("La convocation de cette séance enfreint les règles du conseil\u202f: ")
    assert shown.endswith(refused.value.message) and "1 jour franc" in shown


def _councillor_cancelling() -> Rejected:
    councillor = Actor(b"c" * 8, b"a" * 8, "councillor", "Awa", b"k" * 8, b"n" * 32, 0, True)
    with pytest.raises(Rejected) as refused:
        powers.need(councillor, "attest_cancel")
    return refused.value


def test_a_refusal_naming_roles_speaks_the_screen_s_language(qapp, french_screens) -> None:  # type: ignore[no-untyped-def]
    french = user_message(_councillor_cancelling())
    assert french.startswith("Seul le maire ou un adjoint délégué à l'état civil peut annuler")
    i18n.install(qapp, "en")  # the fixture puts English back afterwards too
    english = user_message(_councillor_cancelling())
    assert english.startswith(
        "Only the mayor or a deputy with the civil status delegation may cancel or replace"
    )
    assert "le maire" not in english and "annuler" not in english
