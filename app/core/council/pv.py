"""The text of a sitting's minutes (procès-verbal), from its signed objects alone.

Pure: no ledger, no node. `minutes.minutes` builds it from everything this laptop holds; the
rule of MINUTES_APPROVE builds it from an approval's causal past, so a member signs the text
as it stood when they read it, and every commune checks the same digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from app.core.council import ruleprofile
from app.core.council.ruleprofile import RuleProfileError
from app.core.typography import french, french_date

CHOICE_NAMES = ("pour", "contre", "abstention", "blanc", "nul", "nppv")
MODE_NAMES = {
    "public": "scrutin public à main levée",
    "appel_nominal": "scrutin public à l'appel nominal",
    "secret": "scrutin secret",
    "acte": "prise d'acte, sans vote",
}
OWN_BALLOT = "bulletin signé de sa main"  # a roll-call vote the member signed themself


def text(
    body: Mapping[str, Any],
    sent: date,
    proxies: Sequence[Mapping[str, Any]],
    entries: Mapping[int, tuple[Mapping[str, Any], Mapping[str, Any]]],
) -> tuple[str, bytes]:
    """(text, its SHA-256): `body` is the convocation, `sent` the day it was signed, `entries`
    each voted item's entry and recorded outcome, by item number."""
    names = {m[0]: m[1] for m in body["members"]}
    lines = [
        f"PROCÈS-VERBAL — séance n° {body['number']} du {french_date(str(body['date']))}",
        f"Convocation signée le {french_date(sent)}" + (" (urgence)" if body.get("urgent") else ""),
        f"Règles appliquées : {_rules(str(body['profile']))}",
        f"Président : {names.get(body['president'], body['president'])}",
        "Conseillers en exercice : " + ", ".join(m[1] for m in body["members"]),
    ]
    for proxy in proxies:
        lines.append(
            f"Pouvoir : {names.get(proxy['mandant'], proxy['mandant'])} à "
            f"{names.get(proxy['holder'], proxy['holder'])} "
            f"(séances n° {proxy['first']} à {proxy['last']})"
        )
    lines.append("")
    for number, item in enumerate(body["items"]):
        lines.append(f"{number + 1}. {item['title']}")
        entry = entries.get(number)
        if entry is None:
            lines.append("   Non délibéré.")
            continue
        vote, outcome = entry
        lines.append("   Présents : " + _names(names, vote["present"]))
        absent = [m for m in names if m not in vote["present"]]
        if absent:
            lines.append("   Absents : " + _names(names, absent))
        if vote.get("interested"):
            lines.append("   Sortis, intéressés à l'affaire : " + _names(names, vote["interested"]))
        mode = MODE_NAMES.get(outcome["mode"], outcome["mode"])
        totals = ", ".join(
            f"{name} {count}"
            for name, count in zip(CHOICE_NAMES, outcome["totals"], strict=True)
            if count
        )
        lines.append(f"   Scrutin : {mode}" + (f" — {totals}" if totals else ""))
        if outcome["mode"] == "appel_nominal":  # the registre names each vote (L2121-21)
            own = set(outcome.get("own", ()))
            for voter, choice, behalf in vote["ballots"]:
                who = names.get(voter, voter)
                lines.append(
                    f"      {who} : {choice}"
                    + (f" (pour {names.get(behalf, behalf)})" if behalf else "")
                    + (f" ({OWN_BALLOT})" if not behalf and voter in own else "")
                )
        lines.append(f"   Résultat : {outcome['label']}")
        if outcome.get("flag"):
            lines.append(f"   Mention : {outcome['flag']}")
    # The rules' identity is signed with the text, but it is for a technician checking them,
    # not for the reader of the minutes: an annex, below the body, said in words.
    reference = bytes(body["digest"]).hex()[:16]
    lines += [
        "",
        "Annexe — pour vérification",
        f"Référence des règles appliquées : {reference} (la même sur l'ordinateur de chaque "
        "mairie qui applique ces règles)",
    ]
    out = french("\n".join(lines) + "\n")
    return out, hashlib.sha256(out.encode("utf-8")).digest()


def _rules(code: str) -> str:
    """The rule profile by its name in words: "Conseil municipal — France (CGCT, droit
    commun)"; its code when it is not one packaged here (the sitting was refused then)."""
    try:
        return ruleprofile.load(code).name
    except RuleProfileError:
        return f"profil « {code} »"


def _names(names: Mapping[str, str], ids: Sequence[str]) -> str:
    return ", ".join(names.get(m, m) for m in ids)
