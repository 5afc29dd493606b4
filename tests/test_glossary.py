"""A vocabulary for people, not engineers (docs/glossaire.md): no French string a mayor reads says
"bloc", "balise", "époque", "transaction", "scellé", "nœud", "hachage", "SHA-256", a MIME type or
a hexadecimal key, and "clé" is always "clé USB" or "clé de signature", never "clé" alone. The
technicians' screens (the .ts contexts in TECHNICIANS) and the Network screen's "Détails" panel
may say the technical words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from app.ui import i18n

# The .ts contexts (a screen's class) a technician reads: relays and their settings, and the
# network's technical details, opened on purpose behind "Détails".
TECHNICIANS = frozenset({"DevicesPage", "RadioSettings", "RadioView", "relay", "NetworkDetails"})

# The engineer's words, French and the English that slips through untranslated. A word counts
# whole: "bloqué" or "Mots-clés" are not breaches.
_WORDS = (
    r"blocs?|block(?:s)?|balises?|beacons?|époques?|epochs?|transactions?|scell\w*|seal(?:ed)?"
    r"|n(?:œ|oe)uds?|hach(?:age|é|ée|és|ées)s?|hash(?:es)?|sha-?\d+|hexad[ée]cima\w*"
    r"|segments?|empreintes?|fingerprints?"
)
FORBIDDEN = re.compile(rf"(?<![\w-])(?:{_WORDS})(?![\w-])", re.IGNORECASE)
MIME = re.compile(r"\b(?:text|application|image|audio|video)/[a-z0-9][a-z0-9.+-]*", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
HEX = re.compile(r"\b[0-9a-f]{12,}\b", re.IGNORECASE)  # a key or an id, as a machine writes it
# "clé" means two things: the USB stick and the signing key. Each is named in full; "clé" or
# "clés" followed by anything else is a breach ("Mots-clés" is another word).
BARE_KEY = re.compile(r"(?<![\w-])clés?(?![\w-])(?!\s+(?:USB|de signature))", re.IGNORECASE)


def breaches(text: str) -> list[str]:
    """The engineer's words in `text`, and each "clé" that does not say which one. A named
    placeholder ({blocks}) is the program's, not a word the mayor reads."""
    text = PLACEHOLDER.sub("", text)
    found = [m.group() for m in FORBIDDEN.finditer(text)]
    found += [m.group() for m in MIME.finditer(text)]
    found += [m.group() for m in HEX.finditer(text)]
    found += [text[m.start() : m.end() + 12] for m in BARE_KEY.finditer(text)]
    return found


def french_entries(ts: Path) -> list[tuple[str, str, str]]:
    """(context, source, French) of every live entry of a .ts, each plural form on its own."""
    entries = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in ("vanished", "obsolete"):
                continue
            source = message.findtext("source") or ""
            forms = translation.findall("numerusform")
            for text in [f.text or "" for f in forms] if forms else [translation.text or ""]:
                entries.append((name, source, text))
    return entries


def wrong_entries(ts: Path) -> dict[str, list[str]]:
    return {
        f"[{context}] {text}": found
        for context, _source, text in french_entries(ts)
        if context not in TECHNICIANS and (found := breaches(text))
    }


def test_the_rule_sees_the_breaches_it_is_for() -> None:
    assert breaches("Le bloc n° 7 est connu de 1 des 3 communes") == ["bloc"]
    assert breaches("Aucune balise reçue") == ["balise"]
    assert breaches("1 transaction pas encore scellée dans un bloc") == [
        "transaction",
        "scellée",
        "bloc",
    ]
    assert breaches("Époque actuelle : 0") == ["Époque"]
    assert breaches("Empreinte (SHA-256)") == ["Empreinte", "SHA-256"]
    assert breaches("type text/plain") == ["text/plain"]
    assert breaches("clé 9f86d081884c7d65") == ["9f86d081884c7d65", "clé 9f86d081884"]
    assert breaches("Changer ma clé") == ["clé"]
    assert breaches("Choisissez la clé.") == ["clé."]
    assert breaches("Inviter sur une clé…") == ["clé…"]
    assert breaches("Les clés publiques des mairies")[0].startswith("clés publiques")
    # What the glossary asks for passes.
    assert breaches("Changer ma clé de signature") == []
    assert breaches("Choisissez la clé USB") == []
    assert breaches("Clés de signature et clés USB") == []
    assert breaches("Mots-clés, séparés par des virgules") == []
    assert breaches("Le compte est bloqué") == []
    assert breaches("Bipindi a reçu vos nouvelles du 12 mars") == []
    assert breaches("Nouveau pour nous : {blocks} envois") == []


def test_a_planted_breach_in_a_french_file_is_found(tmp_path: Path) -> None:
    """The check reads a real .ts: one entry that says "bloc" on a mayor's screen fails it, the
    same word on a technician's screen does not."""
    ts = tmp_path / "planted.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<TS version="2.1" language="fr_FR">\n'
        "<context><name>HomePage</name>\n"
        "<message><source>My latest block</source>"
        "<translation>Mon dernier bloc</translation></message>\n"
        '<message numerus="yes"><source>%n stick(s)</source><translation>'
        "<numerusform>%n clé</numerusform><numerusform>%n clés USB</numerusform>"
        "</translation></message>\n"
        "<message><source>Old</source>"
        '<translation type="vanished">Ancien bloc</translation></message>\n'
        "</context>\n"
        "<context><name>DevicesPage</name>\n"
        "<message><source>Leave and take blocks</source>"
        "<translation>Déposer et prendre les blocs</translation></message>\n"
        "</context>\n</TS>\n",
        encoding="utf-8",
    )
    assert wrong_entries(ts) == {
        "[HomePage] Mon dernier bloc": ["bloc"],
        "[HomePage] %n clé": ["clé"],
    }


def test_no_french_string_outside_the_technicians_screens_speaks_like_an_engineer() -> None:
    entries = french_entries(i18n.source("fr"))
    assert len(entries) > 900
    assert {context for context, _s, _t in entries} >= TECHNICIANS  # no stale exemption
    wrong = wrong_entries(i18n.source("fr"))
    assert not wrong, "\n".join(f"{found}: {entry}" for entry, found in wrong.items())
