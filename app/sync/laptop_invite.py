"""A commune's further laptop, by stick, in the town hall (docs/ledger.md, "A commune's devices").

The stick goes there and back twice, because the new laptop's proof of possession names the
network and the commune, which it learns first:

1. On the first laptop (`obambu device add-laptop`), with no request on the stick: an *offer*,
   the genesis and the commune's id and name, signed by the commune's node key.
2. On the new laptop (`obambu device join-laptop`): a new profile adopts the offer's genesis and
   writes its *request*: its name, public key, committed next key and `pop` (its signature over
   OBAMBU-LAPTOP-1 ‖ network id ‖ commune id), the whole signed by its own key.
3. On the first laptop again: `LAPTOP_ADD` signed and sealed, then an *invitation*: every
   transport key the commune holds, sealed to the new laptop's key, signed by the node key;
   the stick is then written as usual, so it carries the `LAPTOP_ADD` back.
4. On the new laptop (`obambu device accept-laptop`): it takes the keys, reads the stick, and
   takes its place as a feed of its commune once the `LAPTOP_ADD` is in its ledger.

    OBAMBU/laptop/<commune>.off     the offer
    OBAMBU/laptop/<laptop>.req      a request
    OBAMBU/laptop/<laptop>.inv      its invitation

Everything read here came from a stick: read through stickfiles.py within a size, checked
field by field and authenticated before anything is stored; refused with one sentence.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.crypto.boxes import seal_key
from app.core.devices import service
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, kid_of, parse_sign1, sign1, verify_sign1
from app.core.errors import NotFound, ObambuError, Rejected
from app.core.ledger.objects import parse_genesis
from app.core.node.backups import OFFER_META
from app.core.node.node import FEED, Node
from app.sync import stickfiles
from app.sync.keys import epoch_key
from app.sync.stick import ROOT, Stick

FOLDER = "laptop"
OFFER_LIMIT = 16 * 1024 * 1024  # the genesis: a few hundred bytes per founding commune
REQUEST_LIMIT = 64 * 1024  # keys, a name and two signatures
INVITATION_LIMIT = 1024 * 1024  # a sealed key per epoch
MAX_FILES = 64  # requests looked at on one stick: a commune adds at most two laptops

# meta on the new laptop from its request on (a backup carries them: backups.OFFER_META)
OFFER_COMMUNE, OFFER_KEY = OFFER_META  # the commune that offered; the node key that signed it


class LaptopInviteError(ObambuError):
    code = "laptop_request"


@dataclass(frozen=True)
class Offer:
    genesis: bytes
    commune: bytes
    name: str
    public_key: bytes  # the commune's node key that signed it


@dataclass(frozen=True)
class Request:
    commune: bytes
    body: dict[str, Any]  # the LAPTOP_ADD body: laptop, pk, next, name, pop

    @property
    def laptop(self) -> bytes:
        return bytes(self.body["laptop"])

    @property
    def name(self) -> str:
        return str(self.body["name"])


# --- 1. the offer, on the first laptop ---------------------------------------------------------


def write_offer(node: Node, folder: Path) -> Path:
    """The first laptop's offer: the genesis and the commune, signed by its node key."""
    need_first_laptop(node)
    key = node.keyring.identity(node.commune).current
    body = {
        "v": 1,
        "genesis": node.store.meta("genesis") or b"",
        "commune": node.commune,
        "name": (node.store.meta("commune_name") or b"").decode(),
        "pk": key.public_key,
        "time": int(time.time()),
    }
    signed = sign1(cbor.encode(body), key.signing_key, node.network_id)
    path = _folder(folder) / f"{node.commune.hex()}.off"
    stickfiles.write(path.parent.parent, path, signed)
    return path


def need_first_laptop(node: Node) -> None:
    service.need_first_laptop(node)


# --- 2. the request, on the new laptop ----------------------------------------------------------


def read_offer(folder: Path) -> Offer:
    """The one offer on the stick, its signature checked against the key it names and the
    genesis it carries (the request's pop names that network, so a forged one adds nobody)."""
    found = [
        e for e in stickfiles.entries(_folder(folder, create=False)) if e.path.name.endswith(".off")
    ]
    if not found:
        raise NotFound(
            "There is no laptop offer on this stick. Run `obambu device add-laptop` on the "
            "commune's first laptop first.",
            code="no_laptop_offer",
        )
    if len(found) > 1:
        raise LaptopInviteError(
            "This stick carries offers of several communes. Keep only your commune's, then "
            "try again.",
            code="several_laptop_offers",
        )
    try:
        envelope = parse_sign1(stickfiles.read(found[0].path, OFFER_LIMIT))
        body: Any = cbor.decode(envelope.payload)
        genesis = parse_genesis(_bytes(body, "genesis", None))
        offer = Offer(
            genesis.data,
            _bytes(body, "commune", 8),
            _text(body, "name", 80),
            _bytes(body, "pk", 32),
        )
        if envelope.kid != kid_of(offer.public_key):
            raise CoseError("signed by another key than the one it names")
        verify_sign1(envelope, offer.public_key, genesis.id)
    except (
        OSError,
        CoseError,
        cbor.CanonicalError,
        Rejected,
        KeyError,
        TypeError,
        ValueError,
    ) as exc:
        raise LaptopInviteError(
            "The laptop offer on this stick is damaged or forged. Write it again on the "
            "commune's first laptop.",
            code="damaged_laptop_offer",
        ) from exc
    return offer


def write_request(node: Node, folder: Path, offer: Offer, name: str) -> Path:
    """The new laptop adopts the offer's genesis and writes its request on the stick."""
    node.adopt(offer.genesis)
    with node.store.transaction():
        node.store.set_meta(OFFER_COMMUNE, offer.commune)
        node.store.set_meta(OFFER_KEY, offer.public_key)
        node.store.set_meta("commune_name", offer.name.encode())
    asked = service.request(node, offer.commune, name)
    key = node.keyring.identity(node.feed).current
    body = {"v": 1, "commune": offer.commune, "time": int(time.time()), **asked}
    signed = sign1(cbor.encode(body), key.signing_key, node.network_id)
    path = _folder(folder) / f"{node.feed.hex()}.req"
    stickfiles.write(path.parent.parent, path, signed)
    return path


# --- 3. the invitation, on the first laptop -------------------------------------------------


def read_requests(node: Node, folder: Path) -> tuple[list[Request], int]:
    """The requests on the stick that are signed by the key they name for this network, and
    how many were refused (damaged, forged, or another network's)."""
    found, refused = [], 0
    entries = [
        e for e in stickfiles.entries(_folder(folder, create=False)) if e.path.name.endswith(".req")
    ]
    for entry in entries[:MAX_FILES]:
        try:
            found.append(_request(node, stickfiles.read(entry.path, REQUEST_LIMIT)))
        except (OSError, CoseError, cbor.CanonicalError, KeyError, TypeError, ValueError):
            refused += 1
    return found, refused + max(0, len(entries) - MAX_FILES)


def _request(node: Node, data: bytes) -> Request:
    envelope = parse_sign1(data)
    body: Any = cbor.decode(envelope.payload)
    if not isinstance(body, dict) or body.get("v") != 1:
        raise TypeError("not a laptop request")
    laptop, public_key = _bytes(body, "laptop", 8), _bytes(body, "pk", 32)
    asked: dict[str, Any] = {
        "laptop": laptop,
        "pk": public_key,
        "next": _bytes(body, "next", 32),
        "name": _text(body, "name", 80),
        "pop": _bytes(body, "pop", 64),
    }
    if kid_of(public_key) != laptop or envelope.kid != laptop:
        raise ValueError("a request signed by another key than the laptop's")
    verify_sign1(envelope, public_key, node.network_id)
    return Request(_bytes(body, "commune", 8), asked)


def add(node: Node, folder: Path, requests: list[Request], name: str | None = None) -> list[bytes]:
    """Adds the laptops that asked this commune, and writes each its invitation. A request for
    another commune is refused; the ledger's rule judges the rest (pop, key, number)."""
    need_first_laptop(node)
    ours = [r for r in requests if r.commune == node.commune]
    if not ours:
        raise LaptopInviteError(
            "The laptop request on this stick is for another commune. Run `obambu device "
            "join-laptop` again with this commune's offer.",
            code="laptop_other_commune",
        )
    added = []
    for asked in ours:
        known = node.store.one("SELECT retired_seq FROM laptops WHERE id = ?", (asked.laptop,))
        if known is not None and known[0] is not None:
            continue  # retired: it gets no keys again (its key is refused as a new one)
        if known is None:
            body = dict(asked.body)
            if name:
                body["name"] = name
            service.add(node, body)
        _write_invitation(node, folder, asked)
        added.append(asked.laptop)
    return added


def _write_invitation(node: Node, folder: Path, asked: Request, *, answered: bool = True) -> None:
    public_key = bytes(asked.body["pk"])
    keys = []
    for (epoch,) in node.store.all(
        "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (node.commune,)
    ):
        key = epoch_key(node, int(epoch))
        if key is not None:
            keys.append([int(epoch), seal_key(key, public_key)])
    body = {"v": 1, "commune": node.commune, "laptop": asked.laptop, "keys": keys}
    signer = node.keyring.identity(node.commune).current
    signed = sign1(cbor.encode(body), signer.signing_key, node.network_id)
    path = _folder(folder) / f"{asked.laptop.hex()}.inv"
    stickfiles.write(path.parent.parent, path, signed)
    if answered:  # the request and the offer it answered are done with
        stickfiles.remove(path.parent.parent, path.with_suffix(".req"))
        stickfiles.remove(path.parent.parent, path.parent / f"{node.commune.hex()}.off")


def refresh(node: Node, folder: Path) -> int:
    """On the first laptop, at each export: a new invitation for each laptop in service whose
    invitation on the stick lacks a transport key this commune holds now (an epoch rotated it
    since), so the laptop opens the sticks written under it. Returns how many were written.
    (The epoch's own proposal seals its key to the authorities' node keys only.)"""
    if node.feed != node.commune:
        return 0
    laptops = node.store.all(
        "SELECT l.id, k.pk FROM laptops l JOIN actors a ON a.id = l.id "
        "JOIN keys k ON k.kid = a.kid WHERE l.commune = ? AND l.retired_seq IS NULL",
        (node.commune,),
    )
    if not laptops:
        return 0
    newest = node.store.value(
        "SELECT max(epoch) FROM transport_keys WHERE commune = ?", (node.commune,), default=None
    )
    written = 0
    for laptop, public_key in laptops:
        laptop = bytes(laptop)
        if newest is None or _newest_on_stick(folder, laptop) >= int(newest):
            continue
        asked = Request(node.commune, {"laptop": laptop, "pk": bytes(public_key)})
        _write_invitation(node, folder, asked, answered=False)
        written += 1
    return written


def _newest_on_stick(folder: Path, laptop: bytes) -> int:
    """The newest key epoch the invitation on the stick carries (unchecked: it only spares a
    write); -1 when there is none or it cannot be read."""
    try:
        path = _folder(folder, create=False) / f"{laptop.hex()}.inv"
        body: Any = cbor.decode(parse_sign1(stickfiles.read(path, INVITATION_LIMIT)).payload)
        return max((epoch for epoch, _ in _sealed_keys(body["keys"])), default=-1)
    except (OSError, ObambuError, CoseError, cbor.CanonicalError, KeyError, TypeError):
        return -1


# --- 4. the acceptance, on the new laptop --------------------------------------------------


def accept(node: Node, folder: Path) -> bytes:
    """Takes this laptop's invitation: the transport keys, kept under its own feed. Returns the
    commune it is a laptop of."""
    commune = node.store.meta(OFFER_COMMUNE)
    signer = node.store.meta(OFFER_KEY)
    if commune is None or signer is None:
        raise LaptopInviteError(
            "This profile did not ask to be a laptop of a commune. Run `obambu device "
            "join-laptop` with a new profile first.",
            code="no_laptop_request",
        )
    me = node.feed
    path = _folder(folder, create=False) / f"{me.hex()}.inv"
    try:
        envelope = parse_sign1(stickfiles.read(path, INVITATION_LIMIT))
        body: Any = cbor.decode(envelope.payload)
        if not isinstance(body, dict) or body.get("v") != 1:
            raise TypeError("not a laptop invitation")
        keys = _sealed_keys(body["keys"])
        named = (_bytes(body, "commune", 8), _bytes(body, "laptop", 8))
    except FileNotFoundError as exc:
        raise NotFound(
            "There is no invitation for this laptop on the stick yet. Take the stick to the "
            "commune's first laptop and run `obambu device add-laptop` there.",
            code="no_laptop_invitation",
        ) from exc
    except (OSError, CoseError, cbor.CanonicalError, KeyError, TypeError, ValueError) as exc:
        raise LaptopInviteError(
            "The laptop invitation on this stick is damaged. Run `obambu device add-laptop` "
            "on the commune's first laptop again.",
            code="damaged_laptop_invitation",
        ) from exc
    try:
        key = _commune_key(node, commune, signer)
        if envelope.kid != kid_of(key) or named != (commune, me):
            raise CoseError("not from the commune that offered, or not for this laptop")
        verify_sign1(envelope, key, node.network_id)
    except CoseError as exc:
        raise LaptopInviteError(
            "This laptop invitation is not signed by the commune whose offer this laptop "
            "took. Ask that commune's first laptop to write it again.",
            code="forged_laptop_invitation",
        ) from exc
    mine = node.keyring.identity(me).current.kid
    with node.store.transaction():
        for epoch, sealed in keys:
            node.store.run(
                "INSERT OR REPLACE INTO transport_keys (epoch, commune, kid, sealed) "
                "VALUES (?, ?, ?, ?)",
                (epoch, me, mine, sealed),
            )
    return commune


def take_keys(node: Node, folder: Path) -> bool:
    """Before a further laptop reads a stick: the keys of a newer invitation, if the stick
    carries one for it (refresh). True when one was taken; a bad one is left alone."""
    if node.feed == node.commune or node.store.meta(OFFER_COMMUNE) is None:
        return False
    try:
        accept(node, folder)
    except (ObambuError, OSError):
        return False
    return True


def _commune_key(node: Node, commune: bytes, offered: bytes) -> bytes:
    """The key the commune's invitations are signed with: its node key as the ledger knows it
    now (an epoch may have re-keyed it), else the one that signed the offer."""
    row = node.store.one(
        "SELECT k.pk FROM actors a JOIN keys k ON k.kid = a.kid WHERE a.id = ? AND k.revoked = 0",
        (commune,),
    )
    return bytes(row[0]) if row is not None else offered


def waiting(node: Node) -> str | None:
    """The name of the commune this laptop asked to join as a further laptop, while its
    invitation has not been taken yet (the window offers that step); None otherwise."""
    if node.store.meta(OFFER_COMMUNE) is None or node.store.meta(FEED) is not None:
        return None
    return (node.store.meta("commune_name") or b"").decode()


def take_place(node: Node) -> None:
    """Once the stick brought its LAPTOP_ADD: this laptop writes its own feed of its commune."""
    commune = node.store.meta(OFFER_COMMUNE)
    if commune is None:
        raise LaptopInviteError(
            "This profile did not ask to be a laptop of a commune. Run `obambu device "
            "join-laptop` with a new profile first.",
            code="no_laptop_request",
        )
    service.take_place(node, commune)


# --- checks -------------------------------------------------------------------------------


def _bytes(body: Any, name: str, size: int | None) -> bytes:
    value = body[name]
    if not isinstance(value, bytes) or (size is not None and len(value) != size):
        raise TypeError(f"{name} is not an id of its size")
    return value


def _text(body: Any, name: str, longest: int) -> str:
    value = body[name]
    if not isinstance(value, str) or not 0 < len(value) <= longest:
        raise TypeError(f"{name} is not a name")
    return value


def _sealed_keys(value: Any) -> list[tuple[int, bytes]]:
    """[epoch, sealed key] pairs, all checked before any is stored."""
    if not (
        isinstance(value, list)
        and len(value) <= 4096
        and all(
            isinstance(item, list)
            and len(item) == 2
            and type(item[0]) is int
            and 0 <= item[0] < 2**63
            and isinstance(item[1], bytes)
            and len(item[1]) <= 1024
            for item in value
        )
    ):
        raise TypeError("the invitation's keys are not [epoch, sealed key] pairs")
    return [(epoch, sealed) for epoch, sealed in value]


def _folder(folder: Path, *, create: bool = True) -> Path:
    """OBAMBU/laptop on the stick; made when writing, and never a link (refused then)."""
    if create:
        return stickfiles.folder(Stick.at(folder, create=True).root, FOLDER)
    folder = Path(folder)
    root = folder if folder.name == ROOT else folder / ROOT
    if stickfiles.exists(root / FOLDER):
        stickfiles.check_folder(root, root / FOLDER)
    return root / FOLDER
