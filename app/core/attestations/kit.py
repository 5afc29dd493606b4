"""The verifier kit: what a gendarmerie, a school or a health post needs to check attestations
offline without joining the network. It is carried on a stick, like the sync data.

A kit (format `obambu-kit-2`, docs/spec/kit.md) carries the network's genesis, the proof that
each commune's node key follows from it (kit_proof.py: signed epochs and key records, never
blocks, which hold the council's forum), and each commune's own signed list of its members'
keys, cancellations and replacements. The town hall that writes it signs the file, but trust
comes from the genesis whose hash is the network id the verifier was told: the writer cannot
forge another commune's list. Imports are forward-only per commune: a list older than the one
held never replaces it (a stick cannot roll a cancellation back), the rest is merged. Kits of
the first format (`obambu-kit-1`, every list in the writer's word) still load.

A verify-only laptop keeps the merged kit in a plain folder: nothing in it is secret. Keys are
public; each carries the name of its holder (the commune, a mayor, a deputy, a clerk…), which
the verifier shows to compare with the "issued by" printed on the paper. Attestations are named
by their hash, never by the person's name.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.attestations import doctypes, kit_proof, status_list
from app.core.attestations.doctypes import DocType
from app.core.attestations.kit_proof import KitError as KitError  # kit.KitError, as before
from app.core.attestations.verdict import Status, Verdict, decide, opened, signed_by, signed_fields
from app.core.crypto.keys import KeyPair
from app.core.devices.service import need_first_laptop
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, Sign1, kid_of, parse_sign1, sign1, verify_sign1
from app.core.errors import Rejected
from app.core.ledger.objects import Genesis, parse_genesis
from app.core.ledger.txtypes import LATEST_TIME
from app.core.node.node import Node
from app.core.typography import french

FORMAT = "obambu-kit-2"
FORMAT_1 = "obambu-kit-1"  # every key and list in the writer's word: read, never written
FOLDER = "OBAMBU-KIT"
FILE = "kit.cose"
MAX_KIT_BYTES = 64 * 1024 * 1024


@dataclass
class Kit:
    network: bytes
    made: int
    by: str  # the town hall that wrote it
    keys: dict[bytes, dict[str, Any]]  # kid -> {pk, actor, commune, name, revoked, recorded}
    # id -> {name, height, as_of, cancelled, replaced}; `signed` when the list is the commune's
    # own (kit-2: `height` is then its aseq), else the writer's word (kit-1: its block height)
    communes: dict[bytes, dict[str, Any]]
    types: list[dict[str, Any]] = field(default_factory=list)
    genesis: bytes = b""  # the network's genesis, whose hash is the network id
    anchored: bool = False  # proven from the genesis of the id typed at import
    epoch: int = 0  # the epoch its proof reaches (kit-2)

    def doc_type(self, code: str) -> DocType | None:
        for entry in self.types:
            if entry.get("code") == code:
                return doctypes.parse_entry(entry)
        return None


# --- writing ------------------------------------------------------------------------------


def export(node: Node, target: Path) -> Path:
    """Writes the kit under `target`/OBAMBU-KIT and returns the file written."""
    return write(build(node), target)


def build(node: Node) -> bytes:
    """The signed kit, to write (its size can be shown first). The writer's own list is made
    first, so it is dated the moment of export."""
    need_first_laptop(node, "A verifier kit is signed with that key: write it there.")
    status_list.publish(node)
    with node.overlay():
        store = node.store
        by = str(store.value("SELECT name FROM actors WHERE id = ?", (node.commune,), "?"))
        proof = kit_proof.gather(store)
        genesis = store.meta("genesis") or b""
        proven = kit_proof.check(parse_genesis(genesis), proof)
        lists = kit_proof.vouching(proven, list(status_list.latest(store).values()))
    key = node.keyring.identity(node.commune).current  # the town hall's node key
    return sign(
        key,
        Contents(
            node.network_id,
            int(time.time()),
            by,
            genesis,
            proof,
            lists,
            [vars(t) for t in doctypes.load(node.home)],
        ),
    )


@dataclass(frozen=True)
class Contents:
    """What a kit-2 file holds, in its order (docs/spec/kit.md)."""

    network: bytes
    made: int
    by: str
    genesis: bytes
    proof: list[bytes]  # exact transactions, in the writer's order of application
    lists: list[bytes]  # each commune's newest STATUS_LIST, exact bytes
    types: list[dict[str, Any]]


def sign(key: KeyPair, contents: Contents) -> bytes:
    """The kit file: the contents signed by the writer's node key, with an empty AAD (the
    verifier knows the network only once the file is read)."""
    payload = {
        "format": FORMAT,
        "network": contents.network,
        "made": contents.made,
        "by": contents.by,
        "genesis": contents.genesis,
        "proof": contents.proof,
        "lists": contents.lists,
        "types": contents.types,
    }
    return sign1(cbor.encode(payload), key.signing_key, b"")


def write(data: bytes, target: Path) -> Path:
    folder = target / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE
    write_atomic(path, data)
    write_atomic(folder / "LISEZ-MOI.txt", french(README).encode("utf-8"))
    return path


README = """Kit vérificateur Obambu

Ce dossier permet de vérifier hors ligne les attestations des mairies du réseau, sans en
faire partie : ouvrez Obambu, choisissez « Vérifier seulement (kit) » et indiquez ce dossier,
ou tapez :  obambu attest kit import --from <ce dossier> --network-id <identifiant>
L'identifiant du réseau vous est donné par la mairie (il est aussi imprimé sur chaque
attestation) : le kit est vérifié avec lui, depuis la création du réseau, quelle que soit la
mairie qui l'a écrit.

Il contient les clés publiques du réseau, chacune avec le nom de qui la détient (la mairie, un
maire, un adjoint, un agent…), pour le comparer au signataire imprimé sur le papier ; et la
liste des annulations de chaque mairie, signée par elle, avec sa date. Rien de secret : les
attestations n'y figurent que par leur empreinte (avec le motif de celles qui sont annulées),
jamais par le nom de la personne.

Obambu verifier kit: check the network's attestations offline without joining it. It holds the
network's public keys, each with its holder's name (the commune, a mayor, a deputy, a clerk…),
and each town hall's list of cancellations, signed by that town hall, with its date.
Attestations appear by their hash only (with the reason of a cancellation), never by the
person's name. Import it with --network-id, the id the town hall gave you: the kit is checked
against it from the network's creation, whichever town hall wrote it.
"""


# --- reading and merging --------------------------------------------------------------------


def read(path: Path, network_id: bytes | None = None) -> Kit:
    """A kit file. Kit-2: checked from its genesis (docs/spec/kit.md, steps 1 to 5), against
    the network id the person was told when given (then anchored), else against the id the
    kit names. Kit-1: its signature checked against the key it names inside itself; with the
    network id, that key proven from the genesis."""
    if path.is_dir():
        path = path / FOLDER / FILE if (path / FOLDER).is_dir() else path / FILE
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KitError(
            f"No verifier kit in {path.parent}: {exc.strerror}. Choose the folder that holds "
            f"{FOLDER}.",
            code="kit_missing",
        ) from exc
    if len(data) > MAX_KIT_BYTES:
        raise KitError(
            "This file is too large to be a verifier kit. Choose another.", code="kit_not_a_kit"
        )
    try:
        envelope = parse_sign1(data, strict=True)
        raw: Any = cbor.decode(envelope.payload)
        if not isinstance(raw, dict) or raw.get("format") not in (FORMAT, FORMAT_1):
            raise KitError(
                "This is not an Obambu verifier kit. Choose another folder.", code="kit_not_a_kit"
            )
        if raw["format"] == FORMAT:
            return _read_2(envelope, raw, network_id)
        kit = _kit(raw)
        signer = kit.keys.get(envelope.kid or b"")
        if signer is None:
            raise CoseError("the kit's signer is not among its keys")
        verify_sign1(envelope, bytes(signer["pk"]), b"")
        if network_id is not None:
            _anchor(kit, signer, network_id)
    except (
        Rejected,
        CoseError,
        cbor.CanonicalError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
    ) as exc:
        raise KitError(
            f"This verifier kit is damaged or altered ({exc}). Ask the town hall for a new one.",
            code="kit_damaged",
        ) from exc
    return kit


def _read_2(envelope: Sign1, raw: dict[str, Any], told: bytes | None) -> Kit:
    """The steps of docs/spec/kit.md in their order; each refusal with its code."""
    _need(isinstance(raw["network"], bytes), "network")
    _need(type(raw["made"]) is int and 0 <= raw["made"] <= LATEST_TIME, "made")
    _need(isinstance(raw["by"], str), "by")
    genesis_bytes, proof, lists = raw["genesis"], raw["proof"], raw["lists"]
    _need(isinstance(genesis_bytes, bytes), "genesis")
    _need(isinstance(proof, list) and all(isinstance(t, bytes) for t in proof), "proof")
    _need(isinstance(lists, list) and all(isinstance(t, bytes) for t in lists), "lists")
    _need(isinstance(raw["types"], list), "types")
    for entry in raw["types"]:
        doctypes.parse_entry(entry)  # ValueError, KeyError or TypeError when it is not one
    # 1. The network: the id told (or, not told, the one the kit names) is the genesis's hash.
    network = raw["network"] if told is None else told
    if raw["network"] != network:
        raise KitError(_OTHER_NETWORK, code="kit_other_network")
    if hashlib.sha256(genesis_bytes).digest() != network:
        raise CoseError("its genesis is not the network it names")
    genesis = parse_genesis(genesis_bytes)  # Rejected: damaged
    verify_sign1(genesis.envelope, _founder_key(genesis), b"")
    # 2 and 3. Each commune's node key (and each approving laptop's) from the genesis on.
    proven = kit_proof.check(genesis, proof)
    # 4. Each commune's list, signed by a node key the proof gave it.
    own = kit_proof.check_lists(proven, lists, network)
    # 5. Who wrote the file: a node key of the proof. It adds no trust: 1 to 4 did.
    keys = proven.keys()
    signer = keys.get(envelope.kid or b"")
    if signer is None or signer["actor"] not in proven.communes:
        raise CoseError("the kit is not signed by a town hall's key of the network")
    verify_sign1(envelope, bytes(signer["pk"]), b"")
    names = {cid: holder.name for cid, holder in proven.communes.items()}
    for commune, listed in own.items():
        for entry in listed.keys:
            kid = bytes(entry["kid"])
            if kid in keys or kid != kid_of(bytes(entry["pk"])):
                continue  # a proven key is the proof's; a key not matching its kid is no key
            keys[kid] = {
                "kid": kid,
                "pk": bytes(entry["pk"]),
                "actor": bytes(entry["actor"]),
                "commune": commune,
                "name": entry["name"],
                "revoked": entry["revoked"],
                "recorded": list(entry.get("recorded", [])),
            }
    communes = {
        commune: {
            "id": commune,
            "name": names[commune],
            "height": listed.aseq,
            "as_of": listed.time,
            "cancelled": listed.cancelled,
            "replaced": listed.replaced,
            "signed": True,
        }
        for commune, listed in own.items()
    }
    kit = Kit(network, raw["made"], raw["by"], keys, communes, raw["types"], genesis_bytes)
    kit.anchored, kit.epoch = told is not None, proven.epoch
    return kit


def _founder_key(genesis: Genesis) -> bytes:
    """The genesis is signed by one of its authorities (chain.md)."""
    kid = genesis.envelope.kid or b""
    found = next((a.public_key for a in genesis.authorities if a.commune == kid), None)
    if found is None:
        raise CoseError("the genesis is not signed by one of its communes")
    return found


_OTHER_NETWORK = (
    "This kit belongs to another network than the one you were told. Ask for the kit of your "
    "own network, or check the network id you typed."
)


def parse_network_id(text: str) -> bytes:
    """The id as a person types it: 64 hex digits, spaces allowed (the paper groups them)."""
    try:
        value = bytes.fromhex("".join(text.split()))
    except ValueError:
        value = b""
    if len(value) != 32:
        raise KitError(
            "A network id is 64 characters, 0-9 and a-f, as the town hall gave it. Check it.",
            code="kit_network_id",
        )
    return value


def _anchor(kit: Kit, signer: dict[str, Any], network_id: bytes) -> None:
    """The chain a verifier can check from the id it was told alone: network id = hash of the
    genesis; the genesis names each founding commune's key and the digest of its next one; the
    kit is signed by one of those. Then every key and list in the kit is that commune's word."""
    if kit.network != network_id:
        raise KitError(_OTHER_NETWORK, code="kit_other_network")
    if not kit.genesis:
        raise KitError(_NOT_ANCHORED, code="kit_not_anchored")
    genesis = parse_genesis(kit.genesis)  # Rejected: damaged
    if genesis.id != network_id:
        raise CoseError("its genesis is not the network it names")
    pk = bytes(signer["pk"])
    digest = hashlib.sha256(pk).digest()
    # Its first key, or the one that replaced it (the genesis holds that key's digest).
    if not any(
        a.commune == signer["commune"] and (a.public_key == pk or a.next_digest == digest)
        for a in genesis.authorities
    ):
        raise KitError(_NOT_ANCHORED, code="kit_not_anchored")
    kit.anchored = True


_NOT_ANCHORED = (
    "This kit of the first format cannot be checked against the network: it is not signed by "
    "a founding town hall of the network. Ask the town hall for a new kit."
)


def _kit(raw: dict[str, Any]) -> Kit:
    """The kit's fields, each of the type the verifier uses it as: anyone can sign a kit with a
    key it names, so until the verifier compares networks, every field is a stranger's word."""
    _need(isinstance(raw["network"], bytes), "network")
    _need(type(raw["made"]) is int and 0 <= raw["made"] <= LATEST_TIME, "made")
    _need(isinstance(raw["by"], str), "by")
    keys, communes, types = raw["keys"], raw["communes"], raw["types"]
    _need(isinstance(keys, list) and all(map(_is_key, keys)), "keys")
    _need(isinstance(communes, list) and all(map(_is_commune, communes)), "communes")
    _need(isinstance(types, list), "types")
    for entry in types:
        doctypes.parse_entry(entry)  # ValueError, KeyError or TypeError when it is not one
    genesis = raw.get("genesis", b"")  # absent from kits written before it was carried
    _need(isinstance(genesis, bytes), "genesis")
    return Kit(
        raw["network"],
        raw["made"],
        raw["by"],
        {k["kid"]: dict(k) for k in keys},
        {c["id"]: dict(c) for c in communes},
        types,
        genesis,
    )


def _need(ok: bool, field: str) -> None:
    if not ok:
        raise TypeError(f"its field {field} is not what a kit holds")


def _is_key(key: Any) -> bool:
    return (
        isinstance(key, dict)
        and all(isinstance(key.get(f), bytes) for f in ("kid", "pk", "actor", "commune"))
        and isinstance(key.get("name"), str)
        and type(key.get("revoked")) is int
        and 0 <= key["revoked"] <= LATEST_TIME
        and isinstance(key.get("recorded"), list)
        and all(isinstance(r, bytes) for r in key["recorded"])
    )


def _is_commune(commune: Any) -> bool:
    return (
        isinstance(commune, dict)
        and isinstance(commune.get("id"), bytes)
        and isinstance(commune.get("name"), str)
        and type(commune.get("height")) is int
        and type(commune.get("as_of")) is int
        and 0 <= commune["as_of"] <= LATEST_TIME
        and kit_proof.are_entries(commune.get("cancelled"))
        and kit_proof.are_entries(commune.get("replaced"))
    )


@dataclass
class Merged:
    kit: Kit
    updated: list[str]  # communes whose list is newer now
    refused: list[str]  # communes whose list on the stick was older than the one held


def merge(held: Kit | None, incoming: Kit) -> Merged:
    """Union of keys, and per commune the newest list only."""
    if held is None:
        return Merged(incoming, [c["name"] for c in incoming.communes.values()], [])
    if held.network != incoming.network:
        raise KitError(
            "This kit belongs to another network than the one this laptop verifies. Ask for "
            "the kit of your own network, or start again with this one.",
            code="kit_other_network",
        )
    keys = dict(held.keys)
    for kid, key in incoming.keys.items():
        old = keys.get(kid)
        if old is None or (key["revoked"] and not old["revoked"]):
            keys[kid] = key  # a revocation, once known, stays
    communes = dict(held.communes)
    updated, refused = [], []
    for cid, commune in incoming.communes.items():
        old = communes.get(cid)
        if old is not None and _order(commune, old) < _order(old, commune):
            refused.append(commune["name"])
        elif old is None or _order(commune, old) > _order(old, commune):
            communes[cid] = commune
            updated.append(commune["name"])
    newest = max(held.made, incoming.made)
    types = incoming.types if incoming.made >= held.made else held.types
    merged = Kit(held.network, newest, incoming.by, keys, communes, types, held.genesis)
    merged.anchored = held.anchored and incoming.anchored  # every key merged in was proven
    merged.epoch = max(held.epoch, incoming.epoch)
    return Merged(merged, updated, refused)


def _order(commune: dict[str, Any], other: dict[str, Any]) -> int:
    """What orders two lists of one commune: the commune's own lists by their actor sequence,
    the writers' lists of kit-1 by block height; across the two formats, the list date."""
    if commune.get("signed", False) == other.get("signed", False):
        return int(commune["height"])
    return int(commune["as_of"])


def save(kit: Kit, folder: Path) -> None:
    """The merged kit of a verify-only laptop (atomic: a power cut keeps the old one)."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT,
        "network": kit.network,
        "made": kit.made,
        "by": kit.by,
        "keys": list(kit.keys.values()),
        "communes": list(kit.communes.values()),
        "types": kit.types,
        "genesis": kit.genesis,
        "anchored": kit.anchored,
        "epoch": kit.epoch,
    }
    write_atomic(folder / "trust.cbor", cbor.encode(payload))


def load(folder: Path) -> Kit | None:
    path = folder / "trust.cbor"
    if not path.exists():
        return None
    raw: Any = cbor.decode(path.read_bytes())
    kit = _kit(raw)
    kit.anchored = raw.get("anchored") is True  # this laptop's own folder: it proved it
    kit.epoch = int(raw.get("epoch", 0))
    return kit


def held_or_file(folder: Path, network_id: bytes | None = None) -> Kit | None:
    """The kit a verify-only laptop holds in `folder`; else the kit file in it (a stick, or
    docs/samples), read and checked against the network id when given."""
    held = load(folder)
    if held is not None:
        return held
    if (folder / FILE).is_file() or (folder / FOLDER / FILE).is_file():
        return read(folder, network_id)
    return None


def import_kit(source: Path, folder: Path, network_id: bytes | None = None) -> Merged:
    merged = merge(load(folder), read(source, network_id))
    save(merged.kit, folder)
    return merged


# --- verifying with a kit -----------------------------------------------------------------


def verify(kit: Kit, data: bytes, now: int | None = None) -> Verdict:
    """The seven outcomes, from the kit alone."""
    now = int(time.time()) if now is None else now
    verdict, att = opened(data)
    if att is None:
        return verdict
    kind = kit.doc_type(att.doc_type)
    verdict.fields = signed_fields(att, kind)
    key = kit.keys.get(att.kid)
    if not signed_by(verdict, att, bytes(key["pk"]) if key else None):
        return verdict
    assert key is not None
    commune = kit.communes.get(att.commune)
    # A commune with no list here is still named: its node key is the commune's (kit-2 proof).
    named = commune["name"] if commune else _node_name(kit, att.commune)
    verdict.fields.update({"issuer": key["name"], "commune": named})
    if not verdict.check("issuer_commune", key["commune"] == att.commune, "issuer's commune"):
        return verdict
    if key["revoked"] and att.id not in key["recorded"]:
        verdict.check("issuer_standing", False, "signed by a key revoked since")
        verdict.fields["key_revoked_at"] = key["revoked"]
        verdict.outcome = "key_revoked"
        return verdict
    verdict.check("issuer_standing", True, "the issuer's key is in good standing")
    if commune is None:
        verdict.check("revocation", False, "no list of cancellations for this commune in the kit")
        verdict.outcome = "status_unknown"
        return verdict
    return decide(verdict, att, kind, _status(commune, att.id), now)


def _node_name(kit: Kit, commune: bytes) -> str:
    return next((str(k["name"]) for k in kit.keys.values() if k["actor"] == commune), "?")


def _status(commune: dict[str, Any], att: bytes) -> Status:
    for old, number, when in commune["replaced"]:
        if bytes(old) == att:
            return Status(commune["as_of"], replaced_by=number, when=when)
    for old, reason, when in commune["cancelled"]:
        if bytes(old) == att:
            return Status(commune["as_of"], cancelled=reason, when=when)
    return Status(commune["as_of"])


def digest(kit: Kit) -> str:
    """A short fingerprint of the network a kit is for, to read out and compare."""
    return hashlib.sha256(kit.network).hexdigest()[:12]
