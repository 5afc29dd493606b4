"""The rules of a council sitting, read from a rule profile: pure functions, no I/O.

Each check returns its result or a `Breach`: the article (or statute clause) broken and one
plain French sentence with one action, which the vote screen shows as is. Articles below are
those of the French profile (CGCT); the values come from the profile, never from constants, so
another country is a data file (see docs/council.md).

All arithmetic is on integers: every node recomputing a result must reach the same answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from app.core.council.ruleprofile import RuleProfile
from app.core.typography import french


@dataclass(frozen=True)
class Breach:
    article: str
    message: str

    def __post_init__(self) -> None:
        # Written with plain spaces; said with the French ones (app/core/typography.py).
        object.__setattr__(self, "message", french(self.message))


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    born: date | None = None  # needed for the oldest-wins tie of appointments (L2121-21)


# --- Convocation: CGCT L2121-11 (< 3,500 inh.) and L2121-12 (≥ 3,500 inh.) -------------------


@dataclass(frozen=True)
class NoticeOk:
    clear_days: int
    required: int
    article: str
    urgency_to_confirm: bool  # the council rules on the urgency at the opening (L2121-11/12)


def clear_days(sent: date, sitting: date) -> int:
    """Jours francs: neither the day of sending nor the day of the sitting counts."""
    return max(0, (_day(sitting) - _day(sent)).days - 1)


def check_notice(
    profile: RuleProfile, population: int, sent: date, sitting: date, *, urgent: bool = False
) -> NoticeOk | Breach:
    # The send date is the legal reference, not the receipt (L2121-11; notes §(b)2).
    rule = profile.notice
    tier = rule.tier(population)
    need = tier.urgent_clear_days if urgent else tier.clear_days
    got = clear_days(sent, sitting)
    cite = rule.cite_tier(tier)
    if got >= need:
        return NoticeOk(got, need, cite, urgency_to_confirm=urgent)
    which = "La convocation d'urgence" if urgent else "La convocation"
    return Breach(
        cite,
        f"{which} a été envoyée {_jours(got)} avant la séance ; il en faut {need}"
        f"{' même en urgence' if urgent else ''} ({cite}). Reportez la séance.",
    )


def earliest_sitting(
    profile: RuleProfile, population: int, sent: date, *, urgent: bool = False
) -> date:
    tier = profile.notice.tier(population)
    need = tier.urgent_clear_days if urgent else tier.clear_days
    return date.fromordinal(_day(sent).toordinal() + need + 1)


def check_urgency_ruling(profile: RuleProfile, population: int, confirmed: bool) -> Breach | None:
    """At the opening the council rules on the urgency; if it refuses, the items are sent back."""
    if confirmed:
        return None
    cite = profile.notice.cite_tier(profile.notice.tier(population))
    return Breach(
        cite,
        f"Le conseil n'a pas reconnu l'urgence de la convocation ({cite}). "
        "Renvoyez les points à une séance convoquée dans le délai normal.",
    )


# --- Proxies: CGCT L2121-20 -------------------------------------------------------------------


@dataclass(frozen=True)
class Proxy:
    mandant: str
    holder: str
    first_sitting: int  # sittings are numbered in the body's order, so "successive" is +1
    last_sitting: int
    illness: bool = False  # "maladie dûment constatée" lifts the three-sitting limit
    revoked: bool = False  # a proxy is always revocable; revocation is a later signed object

    def covers(self, sitting: int) -> bool:
        return not self.revoked and self.first_sitting <= sitting <= self.last_sitting

    def overlaps(self, other: Proxy) -> bool:
        return not (
            self.revoked
            or other.revoked
            or self.last_sitting < other.first_sitting
            or other.last_sitting < self.first_sitting
        )


def check_proxy(
    profile: RuleProfile, members: Sequence[Member], proxy: Proxy, active: Sequence[Proxy] = ()
) -> Proxy | Breach:
    """A new proxy against the members in office and the proxies already given."""
    rule = profile.proxies
    cite = rule.cite
    names = _names(members)
    mandant, holder = names.get(proxy.mandant), names.get(proxy.holder)
    if rule.max_per_holder == 0:  # e.g. statutes that exclude voting by proxy
        return Breach(
            cite,
            f"Les pouvoirs ne sont pas admis pour ce conseil ({cite}). Retirez ce pouvoir.",
        )
    if mandant is None:
        return Breach(
            cite,
            f"Le mandant « {proxy.mandant} » n'est pas membre en exercice et ne peut pas "
            f"donner pouvoir ({cite}). Retirez ce pouvoir.",
        )
    if holder is None or proxy.holder == proxy.mandant:
        return Breach(
            cite,
            f"Le pouvoir de {mandant} doit être donné à un autre membre en exercice du conseil "
            f"({cite}). Choisissez un collègue comme mandataire.",
        )
    span = proxy.last_sitting - proxy.first_sitting + 1
    if span < 1:
        return Breach(
            cite,
            f"Le pouvoir de {mandant} ne couvre aucune séance ({cite}). "
            "Indiquez la ou les séances concernées.",
        )
    limit = rule.max_consecutive_sittings
    if span > limit and not (proxy.illness and rule.illness_exempt):
        return Breach(
            cite,
            f"Le pouvoir de {mandant} couvre {span} séances successives ; il est limité à "
            f"{limit} sauf maladie dûment constatée ({cite}). Limitez-le à {limit} séances.",
        )
    for other in active:
        if other.overlaps(proxy) and other.mandant == proxy.mandant:
            return Breach(
                cite,
                f"{mandant} a déjà donné pouvoir à {names.get(other.holder, other.holder)} pour "
                f"ces séances ({cite}). Révoquez d'abord ce pouvoir.",
            )
    held = [p for p in active if p.overlaps(proxy) and p.holder == proxy.holder]
    if len(held) >= rule.max_per_holder:
        others = ", ".join(names.get(p.mandant, p.mandant) for p in held) or "aucun"
        return Breach(
            cite,
            f"{holder} détient déjà le pouvoir de {others} pour ces séances ; un membre ne peut "
            f"porter que {_at_most(rule.max_per_holder, 'pouvoir')} ({cite}). "
            "Choisissez un autre mandataire.",
        )
    return proxy


# --- Quorum, item by item: CGCT L2121-17, L2131-11 ----------------------------------------------


@dataclass(frozen=True)
class Sitting:
    number: int  # rank among the body's sittings, for the three-sitting proxy limit
    members: tuple[Member, ...]  # members in office at this sitting
    president: str
    proxies: tuple[Proxy, ...] = ()
    reconvocation: Reconvocation | None = None

    @property
    def in_office(self) -> frozenset[str]:
        return frozenset(m.id for m in self.members)

    def name(self, member: str) -> str:
        return _names(self.members).get(member, member)


@dataclass(frozen=True)
class Reconvocation:
    """A sitting convened again after quorum failed: those items need no quorum (L2121-17)."""

    failed_on: date
    items: frozenset[str]


@dataclass(frozen=True)
class Attendance:
    """Who is physically in the room; members come and go, so it changes between items."""

    present: frozenset[str] = field(default_factory=frozenset)
    held_on: date = field(default_factory=date.today)

    def arrive(self, *members: str) -> Attendance:
        return replace(self, present=self.present | set(members))

    def leave(self, *members: str) -> Attendance:
        return replace(self, present=self.present - set(members))

    def at(self, item: str, *, interested: Collection[str] = ()) -> ItemPresence:
        return ItemPresence(item, self.present, frozenset(interested), self.held_on)


@dataclass(frozen=True)
class ItemPresence:
    """The room when one item is put to the council: quorum is judged at that moment."""

    item: str
    present: frozenset[str]
    interested: frozenset[str] = frozenset()  # must leave; neither count nor vote (L2131-11)
    held_on: date = field(default_factory=date.today)


@dataclass(frozen=True)
class QuorumOk:
    counted: int
    required: int  # 0 when a reconvened sitting needs no quorum for this item


def check_quorum(
    profile: RuleProfile, sitting: Sitting, presence: ItemPresence
) -> QuorumOk | Breach:
    rule = profile.quorum
    office = sitting.in_office
    counted = presence.present & office
    if rule.counts_proxies:  # never in France: proxies do not make a quorum (L2121-17)
        counted |= {p.mandant for p in sitting.proxies if p.covers(sitting.number)} & office
    if rule.interested_excluded:
        counted -= presence.interested
    again = sitting.reconvocation
    if rule.reconvene_without_quorum and again is not None and presence.item in again.items:
        gap = (_day(presence.held_on) - _day(again.failed_on)).days
        if gap < rule.reconvene_min_days:
            return Breach(
                rule.cite,
                f"La nouvelle séance sans quorum a lieu {_count(gap, 'jour')} après la séance "
                f"où le quorum manquait ; il faut au moins {rule.reconvene_min_days} jours "
                f"d'intervalle ({rule.cite}). Reportez la séance.",
            )
        return QuorumOk(len(counted), 0)
    need = rule.required(len(office))
    if len(counted) >= need:
        return QuorumOk(len(counted), need)
    n = len(counted)
    return Breach(
        rule.cite,
        f"Le quorum n'est pas atteint pour le point « {presence.item} » : "
        f"{_count(n, 'membre')} en exercice {'comptent' if n > 1 else 'compte'} (pouvoirs et "
        f"membres intéressés exclus) pour {need} requis sur {len(office)} ({rule.cite}). "
        f"Reconvoquez le conseil pour ce point à {rule.reconvene_min_days} jours au moins "
        "d'intervalle.",
    )


# --- Vote mode: CGCT L2121-21 -------------------------------------------------------------------


class VoteMode(StrEnum):
    PUBLIC = "public"  # show of hands, entered as totals
    ROLL_CALL = "appel_nominal"  # public, with each name and vote in the registre
    SECRET = "secret"


@dataclass(frozen=True)
class ModeChoice:
    mode: VoteMode
    article: str
    requested_by: frozenset[str] = frozenset()


def choose_mode(
    profile: RuleProfile,
    sitting: Sitting,
    presence: ItemPresence,
    *,
    roll_call_requests: Collection[str] = (),
    secret_requests: Collection[str] = (),
    appointment: bool = False,
    secret_waived_unanimously: bool = False,
) -> ModeChoice | Breach:
    rule = profile.vote_modes
    present = presence.present & sitting.in_office
    for member in (*roll_call_requests, *secret_requests):
        if member not in present:
            return Breach(
                rule.cite,
                f"{sitting.name(member)} n'est pas présent : seule la demande d'un membre présent "
                f"compte ({rule.cite}). Retirez sa demande.",
            )
    secrets, calls = frozenset(secret_requests), frozenset(roll_call_requests)
    if _reaches(len(secrets), len(present), rule.secret_request):
        # When both requests succeed the secret wins: it is the one that protects voters.
        return ModeChoice(VoteMode.SECRET, rule.cite, secrets)
    waived = rule.appointment_secret_waivable and secret_waived_unanimously
    if appointment and rule.secret_for_appointments and not waived:
        return ModeChoice(VoteMode.SECRET, rule.cite)
    if _reaches(len(calls), len(present), rule.roll_call_request):
        return ModeChoice(VoteMode.ROLL_CALL, rule.cite, calls)
    return ModeChoice(VoteMode.PUBLIC, rule.cite)


# --- Ballots and count: CGCT L2121-20 -----------------------------------------------------------


class Choice(StrEnum):
    POUR = "pour"
    CONTRE = "contre"
    ABSTENTION = "abstention"
    BLANC = "blanc"
    NUL = "nul"
    NPPV = "nppv"  # ne prend pas part au vote


@dataclass(frozen=True)
class Motion:
    item: str
    text_hash: str  # SHA-256 (hex) of the exact text put to the vote


@dataclass(frozen=True)
class Ballot:
    voter: str  # the member who casts it, in the room
    motion_hash: str  # the text version this ballot is for
    choice: Choice
    on_behalf_of: str | None = None  # the mandant, when cast under a proxy


@dataclass(frozen=True)
class Totals:
    pour: int = 0
    contre: int = 0
    abstention: int = 0
    blanc: int = 0
    nul: int = 0
    nppv: int = 0

    @property
    def exprimes(self) -> int:
        return self.pour + self.contre

    @classmethod
    def of(cls, choices: Sequence[Choice]) -> Totals:
        seen = Counter(choices)
        return cls(**{c.name.lower(): seen[c] for c in Choice})


@dataclass(frozen=True)
class Collected:
    totals: Totals
    counted: tuple[Ballot, ...]
    set_aside: tuple[Ballot, ...]  # proxy ballots of mandants who were there to vote themselves


def collect(
    profile: RuleProfile,
    sitting: Sitting,
    presence: ItemPresence,
    motion: Motion,
    ballots: Sequence[Ballot],
) -> Collected | Breach:
    """Checks every ballot of one item and keeps one per member."""
    proxies, text, quorum = profile.proxies, profile.ballots, profile.quorum
    office = sitting.in_office
    interested = presence.interested if quorum.interested_excluded else frozenset()
    counted: list[Ballot] = []
    set_aside: list[Ballot] = []
    for ballot in ballots:
        voter = sitting.name(ballot.voter)
        if ballot.motion_hash != motion.text_hash:
            return Breach(
                text.cite,
                f"Le bulletin de {voter} porte sur une autre version du texte du point "
                f"« {motion.item} » ({text.cite}). Faites revoter {voter} sur le texte actuel.",
            )
        if ballot.voter not in presence.present or ballot.voter not in office:
            return Breach(
                proxies.cite,
                f"{voter} n'est pas présent pour ce point et ne peut voter que par un pouvoir "
                f"donné à un collègue ({proxies.cite}). Retirez ce bulletin.",
            )
        member = ballot.on_behalf_of or ballot.voter
        barred = [m for m in (member, ballot.voter) if m in interested]
        if barred:  # an interested member neither votes nor votes for another (L2131-11)
            who, cite = sitting.name(barred[0]), quorum.cite_interested
            return Breach(
                cite,
                f"{who} a un intérêt personnel à l'affaire « {motion.item} » et ne peut pas "
                f"prendre part au vote ({cite}). Retirez ce bulletin.",
            )
        if member != ballot.voter:
            grant = _proxy_for(proxies.cite, sitting, member, ballot.voter)
            if grant is not None:
                return grant
            if member in presence.present:  # the mandant's own vote overrides the proxy
                set_aside.append(ballot)
                continue
        counted.append(ballot)
    per_voter = Counter(b.voter for b in counted)
    for voter_id, cast in per_voter.items():
        if cast > 1 + proxies.max_per_holder:
            return Breach(
                proxies.cite,
                f"{sitting.name(voter_id)} a déposé {cast} bulletins ; un membre vote pour "
                f"lui-même et pour {_at_most(proxies.max_per_holder, 'pouvoir')} au plus "
                f"({proxies.cite}). Retirez les bulletins en trop.",
            )
    per_member = Counter(b.on_behalf_of or b.voter for b in counted)
    for member_id, cast in per_member.items():
        if cast > 1:
            return Breach(
                text.cite,
                f"{sitting.name(member_id)} a {cast} bulletins pour le point « {motion.item} » ; "
                f"un membre n'a qu'une voix ({text.cite}). Retirez les bulletins en double.",
            )
    totals = Totals.of([b.choice for b in counted])
    return Collected(totals, tuple(counted), tuple(set_aside))


@dataclass(frozen=True)
class Outcome:
    adopted: bool
    totals: Totals
    mode: VoteMode
    label: str  # what the registre and the PV print
    casting_vote: bool = False
    flag: Breach | None = None  # set when the result rests on a rule the PV must mention


def decide(
    profile: RuleProfile,
    mode: VoteMode,
    totals: Totals,
    *,
    president_choice: Choice | None = None,
) -> Outcome | Breach:
    """Absolute majority of votes cast; a tie follows the profile (L2121-20)."""
    rule = profile.majority
    base = totals.exprimes
    if rule.base == "votants":
        base += totals.blanc + totals.nul
    if base == 0:
        flag = Breach(
            rule.cite,
            f"Aucun suffrage n'a été exprimé : la proposition n'est pas adoptée ({rule.cite}). "
            "Inscrivez ce point à une prochaine séance.",
        )
        return Outcome(False, totals, mode, "non adopté (aucun suffrage exprimé)", flag=flag)
    if 2 * totals.pour > base:
        return Outcome(True, totals, mode, "adopté")
    if totals.pour != totals.contre:
        return Outcome(False, totals, mode, "rejeté")
    tie = rule.tie_secret if mode is VoteMode.SECRET else rule.tie_public
    if tie == "rejected":
        where = "au scrutin secret" if mode is VoteMode.SECRET else "au scrutin public"
        flag = Breach(
            rule.cite,
            f"Partage égal des voix {where} : la proposition est rejetée et la voix du "
            f"président n'est pas prépondérante ({rule.cite}). Inscrivez le rejet au "
            "procès-verbal.",
        )
        return Outcome(False, totals, mode, "rejeté (partage égal des voix)", flag=flag)
    if president_choice is None:
        return Breach(
            rule.cite,
            f"Partage égal des voix : la voix du président est prépondérante ({rule.cite}). "
            "Indiquez comment le président a voté.",
        )
    if president_choice in (Choice.POUR, Choice.CONTRE):
        adopted = president_choice is Choice.POUR
        label = f"{'adopté' if adopted else 'rejeté'} (voix prépondérante du président)"
        return Outcome(adopted, totals, mode, label, casting_vote=True)
    flag = Breach(
        rule.cite,
        f"Partage égal des voix et le président ne s'est prononcé ni pour ni contre : il n'y a "
        f"pas de voix prépondérante et la proposition est rejetée ({rule.cite}). Inscrivez le "
        "rejet au procès-verbal.",
    )
    return Outcome(False, totals, mode, "rejeté (partage égal des voix)", flag=flag)


def vote(
    profile: RuleProfile,
    sitting: Sitting,
    presence: ItemPresence,
    motion: Motion,
    mode: VoteMode,
    ballots: Sequence[Ballot],
) -> Outcome | Breach:
    """One item from quorum to result: the order a secretary follows in the room."""
    quorum = check_quorum(profile, sitting, presence)
    if isinstance(quorum, Breach):
        return quorum
    got = collect(profile, sitting, presence, motion, ballots)
    if isinstance(got, Breach):
        return got
    own = [b.choice for b in got.counted if b.voter == sitting.president and not b.on_behalf_of]
    return decide(profile, mode, got.totals, president_choice=own[0] if own else None)


def voices(profile: RuleProfile, sitting: Sitting, presence: ItemPresence) -> int:
    """How many votes the room can cast on this item: each member present, plus each valid
    proxy held by a member present for a mandant who is absent (neither interested)."""
    office = sitting.in_office
    interested = presence.interested if profile.quorum.interested_excluded else frozenset()
    voters = (presence.present & office) - interested
    held: Counter[str] = Counter()
    mandants: set[str] = set()
    for p in sitting.proxies:
        usable = p.covers(sitting.number) and p.holder in voters and p.mandant in office
        absent = p.mandant not in presence.present | interested | mandants
        if usable and absent and held[p.holder] < profile.proxies.max_per_holder:
            held[p.holder] += 1
            mandants.add(p.mandant)
    return len(voters) + len(mandants)


def vote_by_totals(
    profile: RuleProfile,
    sitting: Sitting,
    presence: ItemPresence,
    mode: VoteMode,
    totals: Totals,
    *,
    president_choice: Choice | None = None,
) -> Outcome | Breach:
    """A show of hands or a secret count entered as totals: no more votes than the room holds.

    A roll call names every voter in the registre (L2121-21), so it cannot be entered as
    totals; a secret ballot can only be (its secrecy is the point)."""
    quorum = check_quorum(profile, sitting, presence)
    if isinstance(quorum, Breach):
        return quorum
    if mode is VoteMode.ROLL_CALL:
        cite = profile.vote_modes.cite
        return Breach(
            cite,
            "Un scrutin à l'appel nominal inscrit au registre le nom et le vote de chaque "
            f"membre ({cite}). Saisissez le vote de chaque membre, pas les totaux.",
        )
    cast = sum(getattr(totals, c.name.lower()) for c in Choice)
    room = voices(profile, sitting, presence)
    if cast > room:
        cite = profile.ballots.cite
        return Breach(
            cite,
            f"Le décompte du point « {presence.item} » compte {cast} voix "
            f"alors que {_count(room, 'membre')} {'peuvent' if room > 1 else 'peut'} voter, "
            f"pouvoirs compris ({cite}). Recomptez les voix.",
        )
    if mode is VoteMode.SECRET:
        president_choice = None  # nobody knows it; the profile decides a secret tie
    return decide(profile, mode, totals, president_choice=president_choice)


def take_note(profile: RuleProfile, sitting: Sitting, presence: ItemPresence) -> Outcome | Breach:
    """'Le conseil prend acte': no vote, but the council must be validly assembled (L2121-17)."""
    quorum = check_quorum(profile, sitting, presence)
    if isinstance(quorum, Breach):
        return quorum
    return Outcome(False, Totals(), VoteMode.PUBLIC, "le conseil prend acte")


# --- Appointments: CGCT L2121-21 ----------------------------------------------------------------


@dataclass(frozen=True)
class RoundResult:
    round: int
    elected: Member | None  # None: another round is needed
    by_age: bool = False  # elected as the oldest of tied candidates

    @property
    def next_round(self) -> int | None:
        return None if self.elected is not None else self.round + 1


def appointment_round(
    profile: RuleProfile,
    round_no: int,
    candidates: Sequence[Member],
    votes: Mapping[str, int],
) -> RoundResult | Breach:
    """One round; `votes` are per candidate id, blank and null ballots left out (exprimés)."""
    rule = profile.appointments
    last = rule.absolute_rounds + 1
    if not 1 <= round_no <= last:
        return Breach(
            rule.cite,
            f"Il n'y a pas de tour n° {round_no} : l'élection se joue en {last} tours au plus "
            f"({rule.cite}). Reprenez le résultat du tour {last}.",
        )
    by_id = {c.id: c for c in candidates}
    strangers = sorted(v for v in votes if v not in by_id)
    if strangers:
        return Breach(
            rule.cite,
            f"Des voix sont attribuées à « {strangers[0]} », qui n'est pas candidat "
            f"({rule.cite}). Comptez ces bulletins comme nuls.",
        )
    if any(n < 0 for n in votes.values()):
        raise ValueError("a vote count cannot be negative")
    cast = sum(votes.values())
    top = max(votes.values(), default=0)
    leaders = [by_id[c] for c, n in votes.items() if n == top and n > 0]
    if round_no < last:
        won = [c for c in leaders if 2 * top > cast]
        return RoundResult(round_no, won[0] if won else None)
    if not leaders:
        return Breach(
            rule.cite,
            f"Aucune voix n'a été exprimée au tour {last}, qui se joue à la majorité relative "
            f"({rule.cite}). Recommencez ce tour.",
        )
    if len(leaders) == 1:
        return RoundResult(round_no, leaders[0])
    return _oldest(rule.cite, round_no, leaders)


def _oldest(cite: str, round_no: int, tied: list[Member]) -> RoundResult | Breach:
    for c in tied:
        if c.born is None:
            return Breach(
                cite,
                f"{c.name} est à égalité de voix et sa date de naissance manque pour désigner le "
                f"plus âgé ({cite}). Saisissez sa date de naissance.",
            )
    ranked = sorted(tied, key=lambda c: c.born or date.max)
    if ranked[0].born == ranked[1].born:
        return Breach(
            cite,
            f"{ranked[0].name} et {ranked[1].name} sont à égalité de voix et nés le même jour, "
            f"cas que la règle du plus âgé ne tranche pas ({cite}). Demandez l'avis de la "
            "préfecture.",
        )
    return RoundResult(round_no, ranked[0], by_age=True)


# --- helpers ------------------------------------------------------------------------------------


def _proxy_for(cite: str, sitting: Sitting, mandant: str, holder: str) -> Breach | None:
    """None when `holder` may vote for `mandant` at this sitting."""
    grants = [p for p in sitting.proxies if p.mandant == mandant and p.holder == holder]
    if any(p.covers(sitting.number) for p in grants):
        return None
    who, by = sitting.name(mandant), sitting.name(holder)
    live = [p for p in grants if not p.revoked]
    if live:  # a real proxy, but for other sittings: the three-sitting limit at work
        p = live[0]
        return Breach(
            cite,
            f"Le pouvoir donné par {who} à {by} vaut pour les séances n° {p.first_sitting} à "
            f"{p.last_sitting}, pas pour la séance n° {sitting.number} ({cite}). "
            "Retirez ce bulletin.",
        )
    return Breach(
        cite,
        f"{by} vote au nom de {who} sans détenir son pouvoir pour cette séance ({cite}). "
        "Retirez ce bulletin.",
    )


def _reaches(requests: int, present: int, share: tuple[int, int]) -> bool:
    num, den = share
    return requests > 0 and requests * den >= num * present


def _names(members: Sequence[Member]) -> dict[str, str]:
    return {m.id: m.name for m in members}


def _day(value: date) -> date:
    # A datetime is a date too; only the calendar day matters for jours francs.
    return value.date() if isinstance(value, datetime) else value


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n > 1 else ''}"


def _at_most(n: int, noun: str) -> str:
    return f"un seul {noun}" if n == 1 else _count(n, noun)


def _jours(n: int) -> str:
    return f"{n} jour{'s' if n > 1 else ''} franc{'s' if n > 1 else ''}"
