"""Who may do what in a commune, as data: `council/profiles/<code>.powers.json` (France by
default), each power citing the article it rests on, or saying that it is Obambu's own rule.

A power lists the roles that hold it outright and the roles that hold it through a delegation
(a deputy acts for the mayor only in the matters the mayor delegated: CGCT L2122-18). The rules
of every domain ask `need(actor, power)`, which refuses with one sentence naming who may.
Packaged data, read once: every node applies the same file, as with the rule profiles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from app.core.errors import RoleNeeded
from app.core.ledger.actors import Actor
from app.core.ledger.txtypes import Role

FORMAT = "obambu-powers-1"
DEFAULT = "fr"
MAX_DELEGATIONS = 16
ENGLISH = {
    Role.MAYOR: "the mayor",
    Role.DEPUTY: "a deputy",
    Role.COUNCILLOR: "a councillor",
    Role.SECRETARY: "the secretary",
    Role.TECHNICIAN: "a technician",
}


@dataclass(frozen=True)
class Power:
    what: str  # in the profile's language: "annuler ou remplacer une attestation"
    what_en: str  # for the command line and the log
    roles: tuple[str, ...]
    delegated: dict[str, str]  # role -> the delegation it needs
    article: str


@dataclass(frozen=True)
class Powers:
    code: str
    roles: dict[str, str]  # role -> how the law names it ("un adjoint")
    delegations: dict[str, str]  # delegation -> its name ("l'état civil")
    powers: dict[str, Power]

    def needed(self, power: str) -> str:
        """Who holds `power`, in words: "le maire ou un adjoint délégué à l'état civil"."""
        held = self.powers[power]
        names = [self.roles[r] for r in held.roles]
        names += [
            f"{self.roles[r]} délégué à {self.delegations[d]}" for r, d in held.delegated.items()
        ]
        return either(names, "ou")


def either(names: list[str], word: str) -> str:
    """Joins names as "the mayor, a deputy or the secretary": `word` before the last."""
    if len(names) < 3:
        return f" {word} ".join(names)
    return f"{', '.join(names[:-1])} {word} {names[-1]}"


def role_of(actor: Actor) -> str:
    """An actor's role, with the secretary's former name read as the secretary."""
    return Role.SECRETARY if actor.role == Role.CLERK else actor.role


def may(actor: Actor, power: str, code: str = DEFAULT) -> bool:
    return holds(role_of(actor), actor.delegations, power, code)


def holds(role: str, delegations: tuple[str, ...], power: str, code: str = DEFAULT) -> bool:
    """Whether a person of `role` with `delegations` holds `power` (the secretary as "secretary",
    not by the former name)."""
    held = load(code).powers[power]
    if role in held.roles:
        return True
    needs = held.delegated.get(role)
    return needs is not None and needs in delegations


def need(actor: Actor, power: str, code: str = DEFAULT) -> None:
    """Refuses, naming who may, unless `actor` holds `power` (its role, or its delegation)."""
    if may(actor, power, code):
        return
    powers = load(code)
    held = powers.powers[power]
    needed = powers.needed(power)
    roles = [ENGLISH[r] for r in held.roles]
    roles += [
        f"{ENGLISH[r]} with the {d.replace('_', ' ')} delegation" for r, d in held.delegated.items()
    ]
    needed_en = either(roles, "or")
    raise RoleNeeded(
        power,
        f"Only {needed_en} may {held.what_en} ({held.article}): ask them to do it.",
        # The profile speaks French; an English screen shows the `_en` twins (ui/messages.py).
        params={
            "needed": needed,
            "what": held.what,
            "article": held.article,
            "needed_en": needed_en,
            "what_en": held.what_en,
        },
    )


@cache
def load(code: str = DEFAULT) -> Powers:
    """The packaged powers of `code`; a broken file is a bug of the release, so it raises."""
    data = resources.files("app.core.council").joinpath("profiles", f"{code}.powers.json")
    doc: Any = json.loads(data.read_bytes())
    if doc.get("format") != FORMAT or doc.get("code") != code:
        raise ValueError(f"{code}.powers.json is not an {FORMAT} file for {code!r}")
    roles = {str(k): str(v) for k, v in doc["roles"].items()}
    delegations = {str(k): str(v["name"]) for k, v in doc["delegations"].items()}
    powers = {}
    for name, item in doc["powers"].items():
        power = Power(
            what=str(item["what"]),
            what_en=str(item["what_en"]),
            roles=tuple(str(r) for r in item["roles"]),
            delegated={str(r): str(d) for r, d in item["delegated"].items()},
            article=str(item["article"]),
        )
        unknown = {*power.roles, *power.delegated} - set(roles)
        if unknown or not set(power.delegated.values()) <= set(delegations):
            raise ValueError(f"{code}.powers.json: power {name!r} names an unknown role")
        powers[str(name)] = power
    return Powers(code, roles, delegations, powers)


def delegations(code: str = DEFAULT) -> dict[str, str]:
    """The delegations a mayor may give, with their names."""
    return dict(load(code).delegations)
