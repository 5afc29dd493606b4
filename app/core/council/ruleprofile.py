"""Rule profiles: every legal parameter of a deliberating body, as versioned data.

A profile is a JSON file in `app/core/council/profiles/` (one per country or statute). Each
rule carries the article it implements, so a refusal can cite it. A profile may name a
`fallback` and list the rules it could not verify; those are copied from the fallback, marked
unverified, and cite themselves as such: an article number is never made up (see
docs/council.md).

Its `digest` (SHA-256 over the canonical JSON, chained to the fallback's) is what a sitting
object signs, so every node applies the same version of the rules.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, NoReturn, TypeVar, cast

from app.core.errors import ObambuError
from app.core.typography import french

FORMAT = "obambu-rule-profile-1"
DEFAULT = "fr"
BODY_KINDS = ("conseil_municipal", "conseil_communautaire", "conference_des_maires", "association")
SECTIONS = (
    "notice",
    "quorum",
    "proxies",
    "majority",
    "vote_modes",
    "appointments",
    "ballots",
)
_CODE = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_COUNTRY = re.compile(r"[A-Z]{2}")

Fraction = tuple[int, int]
R = TypeVar("R", bound="Rule")


class RuleProfileError(ObambuError):
    """A profile file that cannot be trusted: the message names the file, the key and the fix."""

    code = "rule_profile_invalid"


@dataclass(frozen=True, kw_only=True)
class Rule:
    article: str
    verified: bool
    note: str
    inherited_from: str | None = None  # code of the profile this rule was copied from

    @property
    def cite(self) -> str:
        """The reference a breach shows; an inherited rule says it is only a default."""
        if self.inherited_from is None:
            return self.article
        return french(f"{self.article} — repris du profil « {self.inherited_from} », non vérifié")


@dataclass(frozen=True)
class NoticeTier:
    min_population: int
    clear_days: int
    urgent_clear_days: int
    article: str


@dataclass(frozen=True, kw_only=True)
class NoticeRule(Rule):
    tiers: tuple[NoticeTier, ...]

    def tier(self, population: int) -> NoticeTier:
        """The tier for a commune of `population` inhabitants (tiers are sorted, first is 0)."""
        return [t for t in self.tiers if population >= t.min_population][-1]

    def cite_tier(self, tier: NoticeTier) -> str:
        return replace(self, article=tier.article).cite


@dataclass(frozen=True, kw_only=True)
class QuorumRule(Rule):
    fraction: Fraction
    more_than: bool  # True: strictly more than the fraction (L2121-17 "majorité")
    counts_proxies: bool
    interested_excluded: bool
    interested_article: str
    reconvene_min_days: int
    reconvene_without_quorum: bool

    def required(self, in_office: int) -> int:
        """Smallest head count that meets the quorum, in integers so every node agrees."""
        num, den = self.fraction
        if self.more_than:
            return num * in_office // den + 1
        return -(-num * in_office // den)

    @property
    def cite_interested(self) -> str:
        return replace(self, article=self.interested_article).cite


@dataclass(frozen=True, kw_only=True)
class ProxyRule(Rule):
    max_per_holder: int
    max_consecutive_sittings: int
    illness_exempt: bool
    holder: str


@dataclass(frozen=True, kw_only=True)
class MajorityRule(Rule):
    base: str  # "exprimes": for + against; "votants": blank and null ballots count too
    tie_public: str  # "president" (casting vote) or "rejected"
    tie_secret: str


@dataclass(frozen=True, kw_only=True)
class VoteModeRule(Rule):
    roll_call_request: Fraction  # at least this share of members present
    secret_request: Fraction
    secret_for_appointments: bool
    appointment_secret_waivable: bool


@dataclass(frozen=True, kw_only=True)
class AppointmentRule(Rule):
    absolute_rounds: int  # then one last round at relative majority
    tie: str


@dataclass(frozen=True, kw_only=True)
class BallotRule(Rule):
    pass


@dataclass(frozen=True)
class RuleProfile:
    code: str
    version: int
    country: str
    body: str
    name: str
    law: str
    sources: str
    fallback: str | None
    notice: NoticeRule
    quorum: QuorumRule
    proxies: ProxyRule
    majority: MajorityRule
    vote_modes: VoteModeRule
    appointments: AppointmentRule
    ballots: BallotRule
    digest: str  # hex SHA-256; what a sitting object records and signs

    @property
    def ident(self) -> str:
        return f"{self.code}@{self.version}"

    def section(self, name: str) -> Rule:
        rule = getattr(self, name) if name in SECTIONS else None
        if not isinstance(rule, Rule):
            raise KeyError(name)
        return rule

    def rules(self) -> Iterator[tuple[str, Rule]]:
        for name in SECTIONS:
            yield name, self.section(name)


def available() -> list[str]:
    """Codes of the packaged profiles, sorted."""
    folder = resources.files("app.core.council").joinpath("profiles")
    return sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json") and _CODE.fullmatch(entry.name.removesuffix(".json"))
    )


@cache
def load(code: str = DEFAULT) -> RuleProfile:
    """The packaged profile `code` (e.g. "fr"), validated; raises RuleProfileError."""
    if not _CODE.fullmatch(code) or code not in available():
        raise RuleProfileError(
            f"Unknown rule profile {code!r}. Choose one of: {', '.join(available())}."
        )
    data = resources.files("app.core.council").joinpath("profiles", f"{code}.json").read_bytes()
    profile = parse(data, origin=f"{code}.json", resolve=load)
    if profile.code != code:
        raise RuleProfileError(
            f"Rule profile {code}.json declares code {profile.code!r}. Make them match."
        )
    return profile


def parse(
    data: bytes | str,
    *,
    origin: str = "<profile>",
    resolve: Callable[[str], RuleProfile] | None = None,
) -> RuleProfile:
    """A profile from JSON text; `resolve` loads the fallback profile when one is named."""
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RuleProfileError(f"Rule profile {origin} is not valid JSON ({exc}). Fix it.") from exc
    top = _Reader(doc, origin, "")
    if top.text("format") != FORMAT:
        top.fail("format", f"must be {FORMAT!r}")
    code = top.match("code", _CODE, "lower-case letters, digits, '-' or '_'")
    fallback_code = top.optional_text("fallback")
    unverified = top.reader("unverified", optional=True)
    rules = top.reader("rules")
    rules.only(SECTIONS)
    fallback = None
    if fallback_code is not None:
        if resolve is None or fallback_code == code:
            top.fail("fallback", "names a profile that cannot be loaded here")
        fallback = resolve(fallback_code)
        if fallback.fallback is not None:
            top.fail("fallback", "must name a profile without a fallback of its own")

    def section(name: str, parser: Callable[[_Reader], R]) -> R:
        if name in rules.doc:
            if name in unverified.doc:
                unverified.fail(name, "is also given in rules; keep one")
            return parser(rules.reader(name))
        if fallback is None or name not in unverified.doc:
            rules.fail(name, "is missing (give it, or list it in 'unverified' with a fallback)")
        inherited = cast(R, fallback.section(name))
        why = french(unverified.text(name))
        return replace(inherited, verified=False, note=why, inherited_from=fallback.code)

    canonical = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(canonical.encode())
    if fallback is not None:
        digest.update(bytes.fromhex(fallback.digest))
    profile = RuleProfile(
        code=code,
        version=top.integer("version", minimum=1),
        country=top.match("country", _COUNTRY, "two upper-case letters (ISO 3166)"),
        body=top.choice("body", BODY_KINDS),
        # The profile's prose in French typography; the digest stays the file's own.
        name=french(top.text("name")),
        law=french(top.text("law")),
        sources=french(top.text("sources")),
        fallback=fallback_code,
        digest=digest.hexdigest(),
        notice=section("notice", _notice),
        quorum=section("quorum", _quorum),
        proxies=section("proxies", _proxies),
        majority=section("majority", _majority),
        vote_modes=section("vote_modes", _vote_modes),
        appointments=section("appointments", _appointments),
        ballots=section("ballots", _ballots),
    )
    unverified.only(SECTIONS)
    top.only(
        (
            "format",
            "code",
            "version",
            "country",
            "body",
            "name",
            "law",
            "sources",
            "fallback",
            "unverified",
            "rules",
        )
    )
    return profile


class _Reader:
    """Typed access to one JSON object; every error names the file and the key path."""

    def __init__(self, doc: Any, origin: str, path: str) -> None:
        self.origin, self.path = origin, path
        if not isinstance(doc, dict):
            raise RuleProfileError(
                f"Rule profile {origin}: {path or 'the top level'} must be an object."
            )
        self.doc: dict[str, Any] = doc

    def fail(self, key: str, problem: str) -> NoReturn:
        where = f"{self.path}.{key}" if self.path else key
        got = f"; got {self.doc[key]!r}" if key in self.doc else ""
        raise RuleProfileError(f"Rule profile {self.origin}: {where} {problem}{got}. Fix the file.")

    def only(self, allowed: tuple[str, ...]) -> None:
        for key in self.doc:
            if key not in allowed:
                self.fail(key, "is not a known key (a typo?)")

    def get(self, key: str) -> Any:
        if key not in self.doc:
            self.fail(key, "is missing")
        return self.doc[key]

    def reader(self, key: str, *, optional: bool = False) -> _Reader:
        where = f"{self.path}.{key}" if self.path else key
        if optional and key not in self.doc:
            return _Reader({}, self.origin, where)
        return _Reader(self.get(key), self.origin, where)

    def text(self, key: str) -> str:
        value = self.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        return str(value)

    def optional_text(self, key: str) -> str | None:
        return None if self.doc.get(key) is None else self.text(key)

    def match(self, key: str, pattern: re.Pattern[str], what: str) -> str:
        value = self.text(key)
        if not pattern.fullmatch(value):
            self.fail(key, f"must be {what}")
        return value

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        value = self.text(key)
        if value not in options:
            self.fail(key, f"must be one of {', '.join(options)}")
        return value

    def flag(self, key: str) -> bool:
        value = self.get(key)
        if not isinstance(value, bool):
            self.fail(key, "must be true or false")
        return bool(value)

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self.get(key)
        # bool is an int in Python; `true` in a count is a mistake, not 1.
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            self.fail(key, f"must be a whole number ≥ {minimum}")
        return int(value)

    def fraction(self, key: str) -> Fraction:
        value = self.get(key)
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            and 0 < value[0] < value[1]
        )
        if not ok:
            self.fail(key, "must be [numerator, denominator] with 0 < numerator < denominator")
        return int(value[0]), int(value[1])

    def base(self) -> dict[str, Any]:
        return {
            "article": self.text("article"),
            "verified": self.flag("verified"),
            "note": french(self.text("note")),
        }


_BASE_KEYS = ("article", "verified", "note")


def _notice(r: _Reader) -> NoticeRule:
    r.only((*_BASE_KEYS, "tiers"))
    raw = r.get("tiers")
    if not isinstance(raw, list) or not raw:
        r.fail("tiers", "must be a non-empty list")
    tiers: list[NoticeTier] = []
    for index, item in enumerate(raw):
        t = _Reader(item, r.origin, f"{r.path}.tiers[{index}]")
        t.only(("min_population", "clear_days", "urgent_clear_days", "article"))
        tier = NoticeTier(
            t.integer("min_population"),
            t.integer("clear_days"),
            t.integer("urgent_clear_days"),
            t.text("article"),
        )
        if tier.urgent_clear_days > tier.clear_days:
            t.fail("urgent_clear_days", "must not exceed clear_days")
        if index == 0 and tier.min_population != 0:
            t.fail("min_population", "must be 0 in the first tier")
        if tiers and tier.min_population <= tiers[-1].min_population:
            t.fail("min_population", "must grow from one tier to the next")
        tiers.append(tier)
    return NoticeRule(**r.base(), tiers=tuple(tiers))


def _quorum(r: _Reader) -> QuorumRule:
    r.only(
        (
            *_BASE_KEYS,
            "fraction",
            "more_than",
            "counts_proxies",
            "interested_excluded",
            "interested_article",
            "reconvene_min_days",
            "reconvene_without_quorum",
        )
    )
    return QuorumRule(
        **r.base(),
        fraction=r.fraction("fraction"),
        more_than=r.flag("more_than"),
        counts_proxies=r.flag("counts_proxies"),
        interested_excluded=r.flag("interested_excluded"),
        interested_article=r.text("interested_article"),
        reconvene_min_days=r.integer("reconvene_min_days", minimum=1),
        reconvene_without_quorum=r.flag("reconvene_without_quorum"),
    )


def _proxies(r: _Reader) -> ProxyRule:
    r.only((*_BASE_KEYS, "max_per_holder", "max_consecutive_sittings", "illness_exempt", "holder"))
    return ProxyRule(
        **r.base(),
        max_per_holder=r.integer("max_per_holder"),
        max_consecutive_sittings=r.integer("max_consecutive_sittings", minimum=1),
        illness_exempt=r.flag("illness_exempt"),
        holder=r.choice("holder", ("member_in_office",)),
    )


def _majority(r: _Reader) -> MajorityRule:
    r.only((*_BASE_KEYS, "base", "tie_public", "tie_secret"))
    return MajorityRule(
        **r.base(),
        base=r.choice("base", ("exprimes", "votants")),
        tie_public=r.choice("tie_public", ("president", "rejected")),
        tie_secret=r.choice("tie_secret", ("president", "rejected")),
    )


def _vote_modes(r: _Reader) -> VoteModeRule:
    r.only(
        (
            *_BASE_KEYS,
            "roll_call_request",
            "secret_request",
            "secret_for_appointments",
            "appointment_secret_waivable",
        )
    )
    return VoteModeRule(
        **r.base(),
        roll_call_request=r.fraction("roll_call_request"),
        secret_request=r.fraction("secret_request"),
        secret_for_appointments=r.flag("secret_for_appointments"),
        appointment_secret_waivable=r.flag("appointment_secret_waivable"),
    )


def _appointments(r: _Reader) -> AppointmentRule:
    r.only((*_BASE_KEYS, "absolute_rounds", "tie"))
    return AppointmentRule(
        **r.base(),
        absolute_rounds=r.integer("absolute_rounds"),
        tie=r.choice("tie", ("oldest",)),
    )


def _ballots(r: _Reader) -> BallotRule:
    r.only(_BASE_KEYS)
    return BallotRule(**r.base())
