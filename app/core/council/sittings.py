"""Council sittings on the ledger: convocation, proxies, and the secretary's vote entries.

Each is a signed transaction of the commune that holds the sitting, checked by the pure rules
of `council.py` under the rule profile the convocation names (its digest is recorded, so a
later change of the profile cannot rewrite a past sitting). A breach of the law is refused
with its article, in the French sentence `council.py` wrote (quoted whole as the {detail} of
its code's sentence); every other refusal has a code of its own and an English sentence here,
the screens showing theirs from app/ui/sentences.py. What passes becomes the commune's list of
deliberations.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from app.core.council import council, pv
from app.core.council.ruleprofile import RuleProfile, RuleProfileError, load
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.fields import Fields
from app.core.ledger.objects import parse_tx
from app.core.ledger.txtypes import Role
from app.core.members import powers

if TYPE_CHECKING:
    from app.core.ledger.actors import Actor
    from app.core.ledger.context import RuleContext
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View

MAX_MEMBERS = 200  # the largest French councils have 69; bodies of mayors are larger
MAX_ITEMS = 100
CHOICES = {c.value: c for c in council.Choice}
MODES = {m.value: m for m in council.VoteMode}


def convene(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_officer(actor)
    profile = _profile(f.text("profile", 20))
    if f.bytes_("digest", 32).hex() != profile.digest:
        raise f.bad("the rule profile's digest does not match the packaged profile")
    population = f.int_("population")
    held = _date(f.text("date", 10), f)
    urgent = bool(f.int_("urgent", maximum=1))
    f.int_("number", minimum=1)
    members = [_member(item, f) for item in f.list_("members", MAX_MEMBERS, shortest=1)]
    if len({m.id for m in members}) != len(members):
        raise f.bad("a member is listed twice")
    if f.text("president", 64) not in {m.id for m in members}:
        raise f.bad("the president must be one of the members")
    motions = []
    for item in f.list_("items", MAX_ITEMS, shortest=1):
        entry = Fields(item if isinstance(item, dict) else {}, "agenda item")
        entry.text("title", 500)
        motions.append(entry.bytes_("motion", 32))
        entry.done()
    again = f.bytes_("reconvenes", 32, optional=True)
    if again is not None:
        _check_reconvocation(led, view, actor, profile, again, held, motions)
    sent = datetime.fromtimestamp(tx.time, UTC).date()
    notice = council.check_notice(profile, population, sent, held, urgent=urgent)
    if isinstance(notice, council.Breach):
        raise _breach("council_notice", notice)
    led.store.run(
        "INSERT INTO sittings (id, commune, body, date, author, seq) VALUES (?, ?, ?, ?, ?, ?)",
        (tx.id, actor.commune, cbor.encode(tx.body), held.isoformat(), view.author, view.seq),
    )


def _check_reconvocation(
    led: RuleContext,
    view: View,
    actor: Actor,
    profile: RuleProfile,
    earlier_id: bytes,
    held: date,
    motions: list[bytes],
) -> None:
    """A council convened again after a sitting without quorum deliberates without quorum, but
    only on what that sitting could not decide, and at three days' interval at least
    (L2121-17)."""
    earlier = _sitting(led, view, earlier_id, actor)
    rule = profile.quorum
    gap = (held - date.fromisoformat(str(earlier["date"]))).days
    if gap < rule.reconvene_min_days:
        raise Rejected(
            "reconvened_too_soon",
            f"The sitting without quorum was held on {earlier['date']}: the new sitting must be "
            f"held at least {rule.reconvene_min_days} days later ({rule.cite}). Choose a later "
            "date.",
            params={"date": earlier["date"], "days": rule.reconvene_min_days, "article": rule.cite},
        )
    decided = {
        int(n)
        for (n,) in led.store.all("SELECT item FROM deliberations WHERE sitting = ?", (earlier_id,))
    }
    open_motions = {
        bytes(item["motion"]) for n, item in enumerate(earlier["items"]) if n not in decided
    }
    if not set(motions) <= open_motions:
        raise Rejected(
            "reconvened_other_items",
            "A sitting convened again for lack of quorum may only take the items not decided "
            f"at the sitting of {earlier['date']} ({rule.cite}). Put the other items on the "
            "agenda of an ordinary sitting.",
            params={"date": earlier["date"], "article": rule.cite},
        )


def proxy(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_officer(actor)
    sitting_id = f.bytes_("sitting", 32)
    body = _sitting(led, view, sitting_id, actor)
    given = council.Proxy(
        f.text("mandant", 64),
        f.text("holder", 64),
        f.int_("first", minimum=1),
        f.int_("last", minimum=1),
        illness=bool(f.int_("illness", maximum=1)),
    )
    members = [_member(item, f) for item in body["members"]]
    checked = council.check_proxy(
        _profile(body["profile"]), members, given, _proxies(led, sitting_id)
    )
    if isinstance(checked, council.Breach):
        raise _breach("council_proxy", checked)
    led.store.run(
        "INSERT INTO sitting_proxies (id, sitting, body, author, seq) VALUES (?, ?, ?, ?, ?)",
        (tx.id, sitting_id, cbor.encode(tx.body), view.author, view.seq),
    )


def record_vote(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """The secretary's entry of one item's vote: the room, the mode and every ballot."""
    _need_officer(actor)
    sitting_id = f.bytes_("sitting", 32)
    body = _sitting(led, view, sitting_id, actor)
    number = f.int_("item", maximum=MAX_ITEMS - 1)
    if number >= len(body["items"]):
        raise f.bad("there is no such item on the agenda")
    item = body["items"][number]
    motion = f.bytes_("motion", 32)
    if motion != item["motion"]:
        raise Rejected(
            "council_motion",
            "This vote is on another text than the one on the agenda. Have the text of the "
            "notice voted on, or convene the council again.",
        )
    mode = MODES.get(f.text("mode", 20))
    if mode is None:
        raise f.bad("the mode is public, appel_nominal or secret")
    present = _ids(f.list_("present", MAX_MEMBERS), f)
    interested = _ids(f.list_("interested", MAX_MEMBERS), f)
    profile = _profile(body["profile"])
    sitting = council.Sitting(
        int(body["number"]),
        tuple(_member(m, f) for m in body["members"]),
        str(body["president"]),
        tuple(_proxies(led, sitting_id)),
        _reconvocation(led, body),
    )
    held = date.fromisoformat(str(body["date"]))
    presence = council.Attendance(frozenset(present), held).at(str(number), interested=interested)
    how = f.text("how", 10, optional=True) or "ballots"
    own = _own_ballots(led, view, sitting_id, number)
    if own and how != "ballots":
        _agree_with_own(own, [], mode, body, profile)
    if how == "ballots":
        if mode is council.VoteMode.SECRET:
            cite = profile.vote_modes.cite
            raise Rejected(
                "secret_ballot_totals",
                f"In a secret ballot nobody knows how each member voted ({cite}). Enter the "
                "totals of the count.",
                params={"article": cite},
            )
        ballots = [_ballot(entry, motion, f) for entry in f.list_("ballots", 2 * MAX_MEMBERS)]
        _agree_with_own(own, ballots, mode, body, profile)
        outcome = council.vote(
            profile, sitting, presence, council.Motion(str(number), motion.hex()), mode, ballots
        )
    elif how == "totals":
        counts = f.list_("totals", len(council.Choice), shortest=len(council.Choice))
        if not all(type(n) is int and 0 <= n <= 2 * MAX_MEMBERS for n in counts):
            raise f.bad("totals are six counts: pour, contre, abstention, blanc, nul, nppv")
        totals = council.Totals(*counts)
        casting = f.text("president_choice", 20, optional=True)
        if casting is not None and casting not in CHOICES:
            raise f.bad("the president's choice is pour, contre or abstention")
        outcome = council.vote_by_totals(
            profile,
            sitting,
            presence,
            mode,
            totals,
            president_choice=CHOICES[casting] if casting else None,
        )
    elif how == "noted":
        outcome = council.take_note(profile, sitting, presence)
    else:
        raise f.bad("'how' is ballots, totals or noted")
    if isinstance(outcome, council.Breach):
        raise _breach("council_vote", outcome)
    if led.store.one(
        "SELECT 1 FROM deliberations WHERE sitting = ? AND item = ?", (sitting_id, number)
    ):
        raise Rejected(
            "item_voted",
            f"Item {number + 1} has already been voted and recorded. Choose an item not voted yet.",
            params={"item": number + 1},
        )
    record = {
        "adopted": outcome.adopted,
        "label": outcome.label,
        "mode": "acte" if how == "noted" else outcome.mode.value,
        "totals": [getattr(outcome.totals, c.name.lower()) for c in council.Choice],
        "casting_vote": outcome.casting_vote,
        "flag": outcome.flag.message if outcome.flag else None,
        "entered_by": actor.id,
        "own": sorted(own),  # the roll-call votes the members signed themselves
    }
    led.store.run(
        "INSERT INTO deliberations (id, sitting, item, outcome, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (tx.id, sitting_id, number, cbor.encode(record), view.author, view.seq),
    )


def approve_minutes(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A member signs the minutes: their hash names the exact text approved, the minutes as
    they stand in the approval's own past. The mayor, a deputy or the secretary sign in their
    own name; any other member signs only if the convocation names them (their own key, their
    PIN typed on the town hall's laptop), once."""
    refused = _officer_refusal(actor)
    sitting_id = f.bytes_("sitting", 32)
    body = _sitting_or(led, view, sitting_id, actor, refused)
    member = _convened_as(actor, body)
    if refused is not None and member is None:
        raise _not_convened(actor, refused)
    digest = f.bytes_("minutes", 32)
    if digest != _minutes_digest(led, view, sitting_id, body):
        raise Rejected(
            "minutes_changed",
            "These are not the minutes as they stand: they changed since they were read. Read "
            "them again, then sign the digest they show.",
        )
    if led.store.one(
        "SELECT 1 FROM minutes_approvals m LEFT JOIN actors a ON a.id = m.actor "
        "WHERE m.sitting = ? AND (m.actor = ? OR (? AND a.commune = ? AND a.name = ?))",
        (sitting_id, actor.id, member is not None, actor.commune, actor.name),
    ):
        raise Rejected(
            "minutes_signed", "You have already signed these minutes. Nothing more is needed."
        )
    led.store.run(
        "INSERT INTO minutes_approvals (id, sitting, actor, digest, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (tx.id, sitting_id, actor.id, digest, view.author, view.seq),
    )


def own_ballot(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A convened member's own ballot on one item of a roll call, signed with their key (their
    PIN typed on the town hall's laptop) before the secretary enters the item. The secretary's
    entry must then agree with it (`record_vote`)."""
    sitting_id = f.bytes_("sitting", 32)
    body = _sitting(led, view, sitting_id, actor)
    member = _convened_as(actor, body)
    if member is None:
        raise _not_convened(actor, None)
    number = f.int_("item", maximum=MAX_ITEMS - 1)
    if number >= len(body["items"]):
        raise f.bad("there is no such item on the agenda")
    choice = f.text("choice", 20)
    if choice not in CHOICES:
        raise f.bad("the choice is pour, contre, abstention, blanc, nul or nppv")
    voted = led.store.one(
        "SELECT author, seq FROM deliberations WHERE sitting = ? AND item = ?",
        (sitting_id, number),
    )
    if voted is not None and view.has(bytes(voted[0]), int(voted[1])):
        raise Rejected(
            "item_voted",
            f"Item {number + 1} has already been voted and recorded. Choose an item not voted yet.",
            params={"item": number + 1},
        )
    if led.store.one(
        "SELECT 1 FROM sitting_ballots WHERE sitting = ? AND item = ? AND member = ?",
        (sitting_id, number, member),
    ):
        raise Rejected(
            "ballot_cast",
            f"{actor.name} has already signed their ballot on item {number + 1}. Nothing more "
            "is needed.",
            params={"name": actor.name, "item": number + 1},
        )
    led.store.run(
        "INSERT INTO sitting_ballots (id, sitting, item, member, choice, actor, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (tx.id, sitting_id, number, member, choice, actor.id, view.author, view.seq),
    )


def appoint(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """One round of an appointment (L2121-21): secret ballot, counts per candidate."""
    _need_officer(actor)
    sitting_id = f.bytes_("sitting", 32)
    body = _sitting(led, view, sitting_id, actor)
    office = f.text("office", 200)
    round_no = f.int_("round", minimum=1, maximum=9)
    members = {m.id: m for m in (_member(item, f) for item in body["members"])}
    chosen = _ids(f.list_("candidates", MAX_MEMBERS, shortest=1), f)
    if any(c not in members for c in chosen):
        raise f.bad("a candidate is not a member of the council")
    counts = Fields(f.map_("votes"), "votes")
    votes = {c: counts.int_(c) for c in chosen if c in counts.body}
    previous = led.store.value(
        "SELECT max(round) FROM appointments WHERE sitting = ? AND office = ?",
        (sitting_id, office),
    )
    if (previous or 0) + 1 != round_no:
        raise Rejected(
            "council_round",
            f"The next round for « {office} » is round {(previous or 0) + 1} (CGCT L2121-21). "
            "Enter the rounds in order.",
            params={"office": office, "round": (previous or 0) + 1, "article": "CGCT L2121-21"},
        )
    result = council.appointment_round(
        _profile(body["profile"]), round_no, [members[c] for c in chosen], votes
    )
    if isinstance(result, council.Breach):
        raise _breach("council_appointment", result)
    if led.store.one(
        "SELECT 1 FROM appointments WHERE sitting = ? AND office = ? AND elected IS NOT NULL",
        (sitting_id, office),
    ):
        raise Rejected(
            "office_filled",
            f"« {office} » is already filled at this sitting. Check the office's name.",
            params={"office": office},
        )
    led.store.run(
        "INSERT INTO appointments (id, sitting, office, round, elected, by_age, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            sitting_id,
            office,
            round_no,
            result.elected.id if result.elected else None,
            int(result.by_age),
            view.author,
            view.seq,
        ),
    )


RECEIPT_MEANS = ("hand", "home", "email", "post")


def receipt(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """How and when a member received the convocation (handed over, left at home, by e-mail,
    by post). The secretary records what the receipt says, or the convened member signs it
    themself, with their own key (registered in the commune under the name the convocation
    gives, their PIN typed on the town hall's laptop); `convocation_receipts` then flags anyone
    reached later than the notice period."""
    try:
        _need_officer(actor)
        refused: Rejected | None = None
    except Rejected as exc:
        refused = exc  # unless the member signs their own receipt, below
    sitting_id = f.bytes_("sitting", 32)
    try:
        body = _sitting(led, view, sitting_id, actor)
    except Rejected:
        if refused is not None:
            raise refused from None  # not an officer: that is the first thing wrong
        raise
    member = f.text("member", 64)
    names = {str(m[0]): str(m[1]) for m in body["members"]}
    if member not in names:
        raise f.bad("the member is not convened to this sitting")
    name = names[member]
    if refused is not None and (actor.is_node or actor.name != name):
        raise refused
    means = f.text("means", 10)
    if means not in RECEIPT_MEANS:
        raise f.bad("the means is hand, home, email or post")
    on = _date(f.text("date", 10), f)
    if on > date.fromisoformat(str(body["date"])):
        raise Rejected(
            "receipt_after_sitting",
            "A receipt of the notice cannot be dated after the sitting. Check the date.",
        )
    if led.store.one(
        "SELECT 1 FROM sitting_receipts WHERE sitting = ? AND member = ?", (sitting_id, member)
    ):
        raise Rejected(
            "receipt_recorded",
            f"The receipt of the notice by {name} is already recorded. Nothing more is needed.",
            params={"name": name},
        )
    led.store.run(
        "INSERT INTO sitting_receipts (id, sitting, member, means, date, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (tx.id, sitting_id, member, means, on.isoformat(), view.author, view.seq),
    )


ACT_STATUSES = ("published", "transmitted")


def act_status(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """An act is published (posted or notified) and transmitted to the prefecture; it becomes
    executory once both are done (CGCT L2131-1)."""
    _need_officer(actor)
    act = f.bytes_("act", 32)
    row = led.store.one("SELECT sitting, author, seq FROM deliberations WHERE id = ?", (act,))
    if row is None or not view.has(bytes(row[1]), int(row[2])):
        raise Rejected(
            "unknown_act",
            "This deliberation is not known at this point of the register. Sync first, then "
            "try again.",
        )
    _sitting(led, view, bytes(row[0]), actor)
    status = f.text("status", 20)
    if status not in ACT_STATUSES:
        raise f.bad("the status is published or transmitted")
    on = _date(f.text("date", 10), f)
    if led.store.one("SELECT 1 FROM act_status WHERE act = ? AND status = ?", (act, status)):
        raise Rejected(
            "act_status_recorded",
            "This state is already recorded for this deliberation. Nothing more is needed.",
        )
    led.store.run(
        "INSERT INTO act_status (id, act, status, date, author, seq) VALUES (?, ?, ?, ?, ?, ?)",
        (tx.id, act, status, on.isoformat(), view.author, view.seq),
    )


# --- helpers ----------------------------------------------------------------------------------


def _officer_refusal(actor: Actor) -> Rejected | None:
    """None for the mayor, a deputy or the secretary; otherwise the refusal to raise unless the
    member acts for themself (their own receipt, approval or ballot)."""
    try:
        _need_officer(actor)
    except Rejected as exc:
        return exc
    return None


def _sitting_or(
    led: RuleContext, view: View, sitting_id: bytes, actor: Actor, refused: Rejected | None
) -> dict[str, Any]:
    try:
        return _sitting(led, view, sitting_id, actor)
    except Rejected:
        if refused is not None:
            raise refused from None  # not an officer: that is the first thing wrong
        raise


def _convened_as(actor: Actor, body: dict[str, Any]) -> str | None:
    """The convocation's id (m1, m2…) of the person `actor` is: a member of the commune, not
    its node or a laptop, registered under the name the convocation gives."""
    if actor.is_node or actor.role not in Role.MEMBER_ROLES:
        return None
    return next((str(m[0]) for m in body["members"] if str(m[1]) == actor.name), None)


def _not_convened(actor: Actor, refused: Rejected | None) -> Rejected:
    if actor.is_node or actor.role not in Role.MEMBER_ROLES:
        return refused or Rejected(
            "not_convened",
            "Only a member the convocation names may sign this, with their own key. Sign as "
            "that member.",
            params={"name": actor.name},
        )
    return Rejected(
        "not_convened",
        f"{actor.name} is not among the members this sitting convened, so cannot sign for it. "
        "Check the sitting, or the name on the convocation.",
        params={"name": actor.name},
    )


def _minutes_digest(led: RuleContext, view: View, sitting_id: bytes, body: dict[str, Any]) -> bytes:
    """The digest of the minutes as they stand in `view`: what a member may approve."""
    data = led.store.value("SELECT data FROM txs WHERE id = ?", (sitting_id,))
    sent = datetime.fromtimestamp(parse_tx(bytes(data)).time, UTC).date()
    proxies = [
        cbor.decode(bytes(p))
        for p, author, seq in led.store.all(
            "SELECT body, author, seq FROM sitting_proxies WHERE sitting = ? ORDER BY rowid",
            (sitting_id,),
        )
        if view.has(bytes(author), int(seq))
    ]
    entries = {}
    for tx_id, number, outcome, author, seq in led.store.all(
        "SELECT d.id, d.item, d.outcome, d.author, d.seq FROM deliberations d WHERE sitting = ?",
        (sitting_id,),
    ):
        if view.has(bytes(author), int(seq)):
            vote = led.store.value("SELECT data FROM txs WHERE id = ?", (tx_id,))
            entries[int(number)] = (parse_tx(bytes(vote)).body, cbor.decode(bytes(outcome)))
    return pv.text(body, sent, proxies, entries)[1]  # type: ignore[arg-type]


def _own_ballots(led: RuleContext, view: View, sitting_id: bytes, number: int) -> dict[str, str]:
    """member -> choice: the ballots members signed themselves on this item, in `view`."""
    return {
        str(member): str(choice)
        for member, choice, author, seq in led.store.all(
            "SELECT member, choice, author, seq FROM sitting_ballots "
            "WHERE sitting = ? AND item = ?",
            (sitting_id, number),
        )
        if view.has(bytes(author), int(seq))
    }


def _agree_with_own(
    own: dict[str, str],
    ballots: list[council.Ballot],
    mode: council.VoteMode,
    body: dict[str, Any],
    profile: RuleProfile,
) -> None:
    """The secretary's entry must carry, by name in a roll call, every ballot a member signed
    themself on this item: present, with the same choice."""
    if not own:
        return
    names = {str(m[0]): str(m[1]) for m in body["members"]}
    if mode is not council.VoteMode.ROLL_CALL or not ballots:
        cite = profile.vote_modes.cite
        raise Rejected(
            "ballots_need_roll_call",
            "Members signed their own ballots on this item: enter it as a roll call, each "
            f"vote by name ({cite}).",
            params={"article": cite},
        )
    entered = {b.voter: b.choice.value for b in ballots if b.on_behalf_of is None}
    for member, choice in sorted(own.items()):
        if entered.get(member) != choice:
            raise Rejected(
                "ballot_mismatch",
                f"{names.get(member, member)} signed their own ballot on this item: {choice}. "
                "Enter their vote as they signed it, and mark them present.",
                params={"name": names.get(member, member), "choice": choice},
            )


def _breach(code: str, breach: council.Breach) -> Rejected:
    """council.py words each breach in the law's own language, with the names and counts of the
    case: the screens quote it whole as {detail} after their own sentence for the code."""
    return Rejected(
        code, breach.message, params={"article": breach.article, "detail": breach.message}
    )


def _need_officer(actor: Actor) -> None:
    # Who enters a sitting: the commune's own mayor, deputies or secretary, never another
    # commune, a councillor on their own or a machine (members/powers.py).
    powers.need(actor, "sitting_record")


def _profile(code: str) -> RuleProfile:
    try:
        return load(code)
    except RuleProfileError as exc:
        raise Rejected("unknown_profile", exc.message) from exc


def _sitting(led: RuleContext, view: View, sitting_id: bytes, actor: Actor) -> dict[str, Any]:
    row = led.store.one(
        "SELECT commune, body, author, seq FROM sittings WHERE id = ?", (sitting_id,)
    )
    if row is None or not view.has(bytes(row[2]), int(row[3])):
        raise Rejected(
            "unknown_sitting",
            "The sitting it refers to is not known at this point of the register. Sync first, "
            "then try again.",
        )
    if bytes(row[0]) != actor.commune:
        raise Rejected(
            "not_our_sitting",
            "Only the commune holding the sitting may record it. Do it from its town hall.",
        )
    body: dict[str, Any] = cbor.decode(bytes(row[1]))  # type: ignore[assignment]
    return body


def _reconvocation(led: RuleContext, body: dict[str, Any]) -> council.Reconvocation | None:
    """Every item of a sitting convened again after a failed quorum is carried over (the
    convocation's check allowed nothing else)."""
    if "reconvenes" not in body:
        return None
    failed_on = led.store.value("SELECT date FROM sittings WHERE id = ?", (body["reconvenes"],))
    items = frozenset(str(n) for n in range(len(body["items"])))
    return council.Reconvocation(date.fromisoformat(str(failed_on)), items)


def _proxies(led: RuleContext, sitting_id: bytes) -> list[council.Proxy]:
    out = []
    for (data,) in led.store.all(
        "SELECT body FROM sitting_proxies WHERE sitting = ? ORDER BY rowid", (sitting_id,)
    ):
        p: Any = cbor.decode(bytes(data))
        out.append(
            council.Proxy(
                p["mandant"], p["holder"], p["first"], p["last"], illness=bool(p["illness"])
            )
        )
    return out


def _member(item: Any, f: Fields) -> council.Member:
    if not (isinstance(item, list) and len(item) == 3 and all(isinstance(x, str) for x in item)):
        raise f.bad("a member is [id, name, birth date or empty]")
    born = date.fromisoformat(item[2]) if item[2] else None
    return council.Member(item[0], item[1], born)


def _ballot(entry: Any, motion: bytes, f: Fields) -> council.Ballot:
    if not (isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry)):
        raise f.bad("a ballot is [voter, choice, on behalf of or empty]")
    choice = CHOICES.get(entry[1])
    if choice is None:
        raise f.bad("a ballot's choice is pour, contre, abstention, blanc, nul or nppv")
    return council.Ballot(entry[0], motion.hex(), choice, entry[2] or None)


def _ids(values: list[Any], f: Fields) -> list[str]:
    if not all(isinstance(v, str) and 1 <= len(v) <= 64 for v in values):
        raise f.bad("members are named by their ids")
    return [str(v) for v in values]


def _date(text: str, f: Fields) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise f.bad("the date is YYYY-MM-DD") from exc
