"""The proof an `obambu-kit-2` verifier kit carries: how each commune's node key (and the
laptops that approved an epoch) follows from the network's genesis, transaction by transaction.

Why signed transactions and not blocks: a kit goes to schools and gendarmeries, and blocks
hold the council's forum in clear. Each transaction is a COSE_Sign1 with the network id as
external AAD, checkable alone, so the proof is the few of them that change who holds which
key: the certified epoch proposals, enough approvals for each, the further laptops that signed
those approvals, and every key rotation of a node key or of such a laptop.

Read top-down: what the writer picks from its ledger (`gather`), then what a verifier checks
(`check`, docs/spec/kit.md steps 2 and 3) and each commune's signed list (`check_lists`,
step 4). Anything that does not follow from the genesis refuses the whole kit: a kit is
believed whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import nacl.exceptions
import nacl.signing

from app.core.crypto.keys import next_digest
from app.core.devices.laptops import proof_of_possession
from app.core.encoding.cose import CoseError, kid_of, verify_sign1
from app.core.errors import ObambuError, Rejected
from app.core.ledger.ledger import threshold
from app.core.ledger.objects import Authority, Genesis, Tx, parse_tx
from app.core.ledger.txtypes import LATEST_TIME, TxType
from app.core.store.store import Store


class KitError(ObambuError):
    """A kit refused, with the code of the step that refused it (kit.py raises it too)."""

    code = "kit_invalid"


# --- writing: what a town hall's ledger holds that proves its keys --------------------------


def gather(store: Store) -> list[bytes]:
    """The proof's transactions, exact bytes, in the order this ledger applied them."""
    chosen: set[bytes] = set()
    signing_laptops: set[bytes] = set()
    commune_of = {bytes(i): bytes(c) for i, c in store.all("SELECT id, commune FROM actors")}
    approvals = [
        (tx.id, tx.actor, tx.body.get("proposal"))
        for tx in (
            parse_tx(bytes(data))
            for (data,) in store.all(
                "SELECT data FROM txs WHERE type = ? ORDER BY rowid", (int(TxType.EPOCH_APPROVE),)
            )
        )
    ]
    for epoch, proposal in store.all(
        "SELECT epoch, proposal FROM epochs WHERE epoch > 0 ORDER BY epoch"
    ):
        chosen.add(bytes(proposal))
        electors = {
            bytes(c)
            for (c,) in store.all("SELECT commune FROM authorities WHERE epoch = ?", (epoch - 1,))
        }
        # Only as many approvals as adopt it: a later one would name a proposal the verifier
        # has already adopted, which step 3 refuses.
        counted: set[bytes] = set()
        for tid, actor, approved in approvals:
            commune = commune_of.get(actor)
            if len(counted) >= threshold(len(electors)):
                break
            if commune in electors and commune not in counted and approved == proposal:
                counted.add(commune)
                chosen.add(tid)
                if actor != commune:
                    signing_laptops.add(actor)
    nodes = {bytes(i) for (i,) in store.all("SELECT id FROM actors WHERE role = 'node'")}
    for tid, kind, actor, data in store.all(
        "SELECT id, type, actor, data FROM txs WHERE type IN (?, ?) ORDER BY rowid",
        (int(TxType.KEY_ROTATE), int(TxType.LAPTOP_ADD)),
    ):
        actor = bytes(actor)
        if (kind == TxType.KEY_ROTATE and (actor in nodes or actor in signing_laptops)) or (
            kind == TxType.LAPTOP_ADD
            and parse_tx(bytes(data)).body.get("laptop") in signing_laptops
        ):
            chosen.add(bytes(tid))
    placed = [store.one("SELECT rowid, data FROM txs WHERE id = ?", (tid,)) for tid in chosen]
    return [bytes(row[1]) for row in sorted(row for row in placed if row is not None)]


# --- checking: steps 2 and 3 of docs/spec/kit.md --------------------------------------------


@dataclass
class Holder:
    """A commune's node, or one of its further laptops, as the proof has it so far."""

    commune: bytes
    name: str
    pk: bytes  # its current key
    next: bytes  # the digest its next key must have
    held: list[bytes] = field(default_factory=list)  # every key it held, oldest first
    # Keys an epoch re-keyed away: the commune's laptop was stolen with them, so they vouch for
    # no list (a thief could sign a later one dropping cancellations; kit.md step 4).
    stolen: set[bytes] = field(default_factory=set)


@dataclass
class Proven:
    """What the genesis and the proof establish: the epoch, its authorities, and the keys."""

    epoch: int
    authorities: set[bytes]
    communes: dict[bytes, Holder]
    laptops: dict[bytes, Holder]

    def keys(self) -> dict[bytes, dict[str, Any]]:
        """Every proven key, in the shape the verdict code reads (kit.Kit.keys)."""
        out: dict[bytes, dict[str, Any]] = {}
        for actor, holder in [*self.communes.items(), *self.laptops.items()]:
            for pk in holder.held:
                out[kid_of(pk)] = {
                    "kid": kid_of(pk),
                    "pk": pk,
                    "actor": actor,
                    "commune": holder.commune,
                    "name": holder.name,
                    "revoked": 0,  # a node's keys are replaced, never revoked: old papers stand
                    "recorded": [],
                }
        return out


def check(genesis: Genesis, proof: list[bytes]) -> Proven:
    """The state of keys and epochs that follows from `genesis` through `proof`, each
    transaction's signature checked with the network id (the genesis's hash) as AAD."""
    state = Proven(0, set(), {}, {})
    _take_authorities(state, genesis.authorities)
    proposals: dict[bytes, list[Authority]] = {}
    rekeys: dict[bytes, list[dict[str, Any]]] = {}
    approvals: dict[bytes, set[bytes]] = {}
    for number, data in enumerate(proof, 1):
        try:
            tx = parse_tx(data)
        except Rejected as exc:
            raise _refused(number, exc.message) from exc
        holder = state.communes.get(tx.actor) or state.laptops.get(tx.actor)
        if holder is None:
            raise _refused(number, "its signer is not proven by what comes before it")
        if tx.type == TxType.KEY_ROTATE:
            _rotate(holder, tx, genesis.id, number)
            continue
        _verify(tx, holder.pk, genesis.id, number)
        is_node = tx.actor in state.communes
        if tx.type == TxType.EPOCH_PROPOSAL and is_node and tx.actor in state.authorities:
            listed, rekey = _proposal(tx, state, number)
            proposals[tx.id], rekeys[tx.id] = listed, rekey
        elif tx.type == TxType.EPOCH_APPROVE and holder.commune in state.authorities:
            proposal = tx.body.get("proposal")
            if not isinstance(proposal, bytes) or proposal not in proposals:
                raise _refused(number, "it approves a proposal that is not the next epoch's")
            approvals.setdefault(proposal, set()).add(holder.commune)
            if len(approvals[proposal]) >= threshold(len(state.authorities)):
                _adopt(state, proposals[proposal], rekeys[proposal])
                proposals.clear()  # the other proposals were for the epoch just adopted
                approvals.clear()
        elif tx.type == TxType.LAPTOP_ADD and is_node:
            _laptop(state, tx, genesis.id, number)
        else:
            raise _refused(number, "it is not a step the proof may take")
    return state


def _take_authorities(state: Proven, authorities: list[Authority]) -> None:
    state.authorities = {a.commune for a in authorities}
    for a in authorities:
        if a.commune not in state.communes:
            # A new commune's id is the kid of its first key (the ledger's rule too).
            state.communes[a.commune] = Holder(
                a.commune, a.name, a.public_key, a.next_digest, [a.public_key]
            )


def _rotate(holder: Holder, tx: Tx, network: bytes, number: int) -> None:
    pk, digest = tx.body.get("pk"), tx.body.get("next")
    if not (isinstance(pk, bytes) and len(pk) == 32 and isinstance(digest, bytes)):
        raise _refused(number, "a key rotation without its new key")
    if next_digest(pk) != holder.next:
        raise _refused(number, "the new key is not the one its holder committed to")
    _verify(tx, pk, network, number)  # signed by the new key it reveals
    holder.pk, holder.next = pk, digest
    holder.held.append(pk)


def _proposal(tx: Tx, state: Proven, number: int) -> tuple[list[Authority], list[dict[str, Any]]]:
    body = tx.body
    if body.get("epoch") != state.epoch + 1:
        raise _refused(number, f"the proposal is not for epoch {state.epoch + 1}")
    try:
        listed = [Authority.from_cbor(item) for item in body["authorities"]]
        rekey = list(body.get("rekey", []))
    except (Rejected, KeyError, TypeError) as exc:
        raise _refused(number, "the proposal is malformed") from exc
    for a in listed:
        if a.commune not in state.communes and kid_of(a.public_key) != a.commune:
            raise _refused(number, "a new commune's id is not the kid of its key")
    for item in rekey:
        if not (
            isinstance(item, dict)
            and item.get("commune") in {a.commune for a in listed}
            and item.get("commune") in state.communes
            and isinstance(item.get("pk"), bytes)
            and len(item["pk"]) == 32
            and isinstance(item.get("next"), bytes)
        ):
            raise _refused(number, "a re-key is malformed")
    return listed, rekey


def _adopt(state: Proven, listed: list[Authority], rekey: list[dict[str, Any]]) -> None:
    state.epoch += 1
    _take_authorities(state, listed)
    for item in rekey:
        holder = state.communes[item["commune"]]
        holder.stolen.update(holder.held)
        holder.pk, holder.next = item["pk"], item["next"]
        holder.held.append(item["pk"])


def _laptop(state: Proven, tx: Tx, network: bytes, number: int) -> None:
    laptop, pk, digest, name = (tx.body.get(k) for k in ("laptop", "pk", "next", "name"))
    pop = tx.body.get("pop")
    if not (
        isinstance(pk, bytes)
        and len(pk) == 32
        and laptop == kid_of(pk)
        and isinstance(digest, bytes)
        and isinstance(name, str)
        and isinstance(pop, bytes)
    ):
        raise _refused(number, "the laptop's record is malformed")
    if laptop in state.laptops or laptop in state.communes:
        raise _refused(number, "the laptop is recorded twice")
    # Its proof of possession (records.md), as the ledger checks it (the reference verifier
    # found the kit reader did not): a laptop's record naming a key it never held proves none.
    try:
        nacl.signing.VerifyKey(pk).verify(proof_of_possession(network, tx.actor), pop)
    except (nacl.exceptions.BadSignatureError, ValueError) as exc:
        raise _refused(number, "the laptop did not sign its own record") from exc
    state.laptops[laptop] = Holder(tx.actor, name, pk, digest, [pk])


def _verify(tx: Tx, pk: bytes, network: bytes, number: int) -> None:
    try:
        verify_sign1(tx.envelope, pk, network)
    except CoseError as exc:
        raise _refused(number, "its signature does not match its signer's key") from exc


def _refused(number: int, why: str) -> KitError:
    return KitError(
        f"This kit cannot be checked against the network: step {number} of its proof does not "
        f"follow from the genesis ({why}). Ask the town hall for a new kit.",
        code="kit_not_anchored",
    )


# --- step 4: each commune's own list ---------------------------------------------------------


@dataclass(frozen=True)
class CommuneList:
    """One commune's STATUS_LIST as a verifier uses it."""

    commune: bytes
    aseq: int  # a newer list of the commune has a greater one
    time: int  # its list date
    keys: list[dict[str, Any]]
    cancelled: list[list[Any]]
    replaced: list[list[Any]]
    data: bytes  # its exact bytes, to write it again in a merged kit


def check_lists(state: Proven, lists: list[bytes], network: bytes) -> dict[bytes, CommuneList]:
    """Each list signed by a node key its commune held in the proof and that no epoch re-keyed
    away; one per commune."""
    out: dict[bytes, CommuneList] = {}
    for data in lists:
        try:
            tx = parse_tx(data)
        except Rejected as exc:
            raise _list_refused(exc.message) from exc
        holder = state.communes.get(tx.actor)
        if tx.type != TxType.STATUS_LIST or holder is None:
            raise _list_refused("it is not a commune's list of the network")
        if tx.actor in out:
            raise _list_refused("a commune has two lists in it")
        key = next((pk for pk in holder.held if kid_of(pk) == tx.kid), None)
        if key is None:
            raise _list_refused("it is signed by a key its commune never held")
        if key in holder.stolen:
            raise _list_refused("it is signed by a key the authorities re-keyed away")
        try:
            verify_sign1(tx.envelope, key, network)
        except CoseError as exc:
            raise _list_refused("its signature does not match: altered") from exc
        out[tx.actor] = _parse_list(tx)
    return out


def _parse_list(tx: Tx) -> CommuneList:
    body = tx.body
    keys, cancelled, replaced = body.get("keys"), body.get("cancelled"), body.get("replaced")
    if not (
        isinstance(keys, list)
        and all(map(_is_listed_key, keys))
        and are_entries(cancelled)
        and are_entries(replaced)
    ):
        raise _list_refused("it is malformed")
    assert isinstance(keys, list) and isinstance(cancelled, list) and isinstance(replaced, list)
    return CommuneList(tx.actor, tx.aseq, tx.time, keys, cancelled, replaced, tx.data)


def _is_listed_key(key: Any) -> bool:
    return (
        isinstance(key, dict)
        and all(isinstance(key.get(f), bytes) for f in ("kid", "pk", "actor"))
        and (len(key["kid"]), len(key["pk"]), len(key["actor"])) == (8, 32, 8)
        and isinstance(key.get("name"), str)
        and isinstance(key.get("role"), str)  # listed-key in transactions.cddl
        and type(key.get("revoked")) is int
        and 0 <= key["revoked"] <= LATEST_TIME
        and isinstance(key.get("recorded", []), list)
        and all(isinstance(r, bytes) and len(r) == 32 for r in key.get("recorded", []))
    )


def are_entries(value: Any) -> bool:
    """Cancellations and replacements: [attestation id, reason or new number, when]."""
    return isinstance(value, list) and all(
        isinstance(e, list)
        and len(e) == 3
        and isinstance(e[0], bytes)
        and isinstance(e[1], str)
        and type(e[2]) is int
        and 0 <= e[2] <= LATEST_TIME
        for e in value
    )


def _list_refused(why: str) -> KitError:
    return KitError(
        f"This kit cannot be checked against the network: a commune's list of cancellations in "
        f"it is not that commune's own ({why}). Ask the town hall for a new kit.",
        code="kit_not_anchored",
    )


def vouching(state: Proven, lists: list[bytes]) -> list[bytes]:
    """The lists a kit may carry: not those signed by a key an epoch re-keyed away (a list its
    commune made before the theft is dropped too: until the new laptop makes one, the
    commune's papers read "status unknown", never a thief's word)."""
    kept = []
    for data in lists:
        tx = parse_tx(data)
        holder = state.communes.get(tx.actor)
        if holder is None or not any(kid_of(pk) == tx.kid for pk in holder.stolen):
            kept.append(data)
    return kept
