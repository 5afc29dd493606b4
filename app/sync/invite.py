"""Joining a network by stick: a request from the newcomer, an invitation back.

1. The new commune's laptop writes a join request on the stick: its node identity (commune id,
   name, public key, committed next key), signed by that key. It is not secret.
2. A commune of the network reads it, proposes the next epoch with the newcomer among the
   authorities (and a fresh transport key sealed to all of them), approves its own proposal,
   and writes an invitation for the newcomer: the genesis, and every transport key it holds
   sealed to the newcomer's key, signed by the inviting node.
3. The newcomer accepts the invitation: it adopts the genesis and can then read the stick.
   It becomes an authority when two thirds of the current ones have approved the proposal;
   their approvals reach it by the next sticks like any other block.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from app.core.crypto.boxes import seal_key
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, Sign1, kid_of, parse_sign1, sign1, verify_sign1
from app.core.errors import NotFound, ObambuError, Rejected
from app.core.ledger import transport
from app.core.ledger.objects import Authority, parse_genesis
from app.core.ledger.txtypes import TxType
from app.core.members import service as members_service
from app.core.node.node import Node
from app.core.progress import Listener, ignore
from app.sync import beacon, intake, signed, stickfiles
from app.sync.intake import ImportReport
from app.sync.keys import epoch_key
from app.sync.stick import ROOT, Stick

JOIN = "join"
INVITE = "invite"
REQUEST_LIMIT = 64 * 1024  # an identity and a signature: a few hundred bytes
INVITATION_LIMIT = 16 * 1024 * 1024  # the genesis and every transport key, sealed


class InviteError(ObambuError):
    code = "invite"


def write_request(node: Node, folder: Path) -> Path:
    """The newcomer's request, on the stick at `folder`."""
    if node.store.meta("genesis") is not None:
        raise InviteError(
            "This laptop already belongs to a network. Use a new profile to join another.",
            code="already_joined",
        )
    me = node.authority()
    key = node.keyring.identity(node.commune).current
    signed = sign1(
        cbor.encode({"v": 1, "authority": me.to_cbor(), "time": int(time.time())}),
        key.signing_key,
        b"",
    )
    path = _folder(folder, JOIN) / f"{node.commune.hex()}.req"
    stickfiles.write(path.parent.parent, path, signed)
    return path


def read_requests(folder: Path) -> list[Authority]:
    """The join requests on the stick whose signature holds (by the key they name)."""
    found = []
    for entry in stickfiles.entries(_folder(folder, JOIN, create=False)):
        if not entry.path.name.endswith(".req"):
            continue
        try:
            envelope = parse_sign1(stickfiles.read(entry.path, REQUEST_LIMIT))
            body: Any = cbor.decode(envelope.payload)
            authority = Authority.from_cbor(body["authority"])
            verify_sign1(envelope, authority.public_key, b"")
        except (OSError, CoseError, cbor.CanonicalError, Rejected, KeyError, TypeError):
            continue  # damaged or forged: nobody is invited by mistake
        if kid_of(authority.public_key) == authority.commune:
            found.append(authority)
    return found


def invite(node: Node, folder: Path, newcomers: list[Authority]) -> bytes | None:
    """Proposes the next epoch with the newcomers, approves it, and writes their invitations.

    A request from a commune that is already an authority comes from one of its laptops
    rebuilt from the paper backup: it gets its invitation (genesis and keys) and no epoch.
    Returns the proposal's id, or None when nobody new was asking.
    """
    known = node.ledger.authorities(node.ledger.current_epoch())
    fresh = []
    for newcomer in newcomers:
        commune = _rekeyed_commune(node, newcomer) or newcomer.commune
        if commune not in known:
            fresh.append(newcomer)
            continue
        _write_invitation(node, folder, newcomer, extra=None, commune=commune)
        beacon.forget(node, commune)  # what its lost laptop held is no longer so
    if not fresh:
        return None
    members = [_authority(node, commune) for commune in sorted(known)] + fresh
    key = transport.new_key()
    epoch = node.ledger.current_epoch() + 1
    body = {
        "epoch": epoch,
        "authorities": [a.to_cbor() for a in members],
        "transport": transport.seal(key, members),
    }
    proposal = node.submit(TxType.EPOCH_PROPOSAL, body, actor=node.commune, prio=0)
    members_service.approve_epoch(node, proposal)  # seals both: they go out at once
    for newcomer in fresh:
        _write_invitation(node, folder, newcomer, extra=(epoch, key))
    return proposal


def accept(node: Node, folder: Path, progress: Listener = ignore) -> ImportReport:
    """Takes the invitation for this laptop's commune (the genesis and the transport keys),
    then everything the stick carries, and keeps it only if the invitation's signing key is
    then, in this laptop's ledger, the node key in force of an authority of the current epoch.

    The newcomer holds nothing but the genesis: a commune admitted later, or one re-keyed since,
    signs with a key only the stick's blocks (authenticated from the genesis) make known. So
    the genesis is adopted and the stick taken in as one tentative unit of the store, undone
    whole when the key is not in force: no half-joined profile stays behind.
    """
    path = _folder(folder, INVITE, create=False) / f"{node.commune.hex()}.inv"
    try:
        envelope = parse_sign1(stickfiles.read(path, INVITATION_LIMIT))
        body: Any = cbor.decode(envelope.payload)
        genesis = parse_genesis(_need_bytes(body["genesis"]))
        keys = _sealed_keys(body["keys"])
        commune = _commune_id(body.get("commune"))
        inviter = _commune_id(body.get("inviter"))
    except FileNotFoundError as exc:
        raise NotFound(
            "There is no invitation for this commune on the stick yet. Take the stick to a "
            "commune of the network first.",
            code="no_invitation",
        ) from exc
    except (OSError, CoseError, cbor.CanonicalError, Rejected, KeyError, TypeError) as exc:
        raise InviteError(
            "The invitation on this stick is damaged. Ask the inviting commune to write it again.",
            code="damaged_invitation",
        ) from exc
    founder = next((a for a in genesis.authorities if kid_of(a.public_key) == envelope.kid), None)
    if founder is not None:  # checked at once: a forged signature costs no adoption
        _verify(envelope, founder.public_key, genesis.id)
    network = node.ledger.network_id
    try:
        with node.store.tentative():
            node.adopt(genesis.data)
            _take_keys(node, keys, commune)
            report = intake.import_(node, folder, progress)
            signer = node.store.one(SIGNER, (envelope.kid,))
            if signer is None or bytes(signer[1]) not in _authorities(node):
                raise _forged()  # unknown here, revoked, or the thief's after a re-key
            if inviter is not None and bytes(signer[1]) != inviter:
                raise _forged()  # another commune's key than the one it names
            _verify(envelope, bytes(signer[0]), genesis.id)
    except BaseException:
        node.ledger.network_id = network  # the store forgot the genesis: so does the ledger,
        node.ledger.forget()  # and its caches (actors, keys, authorities) of what was undone
        raise
    return report


# The key an invitation is signed with, once the stick is taken in: a commune's node key the
# ledger has neither revoked nor limited by a re-key (the thief's, after a theft).
SIGNER = (
    "SELECT k.pk, a.id FROM keys k JOIN actors a ON a.id = k.actor "
    "LEFT JOIN laptops l ON l.id = a.id WHERE k.kid = ? AND a.role = 'node' AND " + signed.IN_FORCE
)


def _authorities(node: Node) -> set[bytes]:
    return set(node.ledger.authorities(node.ledger.current_epoch()))


def _verify(envelope: Sign1, public_key: bytes, network_id: bytes) -> None:
    try:
        verify_sign1(envelope, public_key, network_id)
    except CoseError as exc:
        raise _forged() from exc


def _forged() -> InviteError:
    return InviteError(
        "This invitation is not signed by a commune of the network. Ask a commune of the "
        "network to invite you.",
        code="forged_invitation",
    )


def _take_keys(node: Node, keys: list[tuple[int, bytes]], commune: bytes | None) -> None:
    with node.store.transaction():
        # The key the request was signed with: the paper's, whose kid is the commune id unless
        # an epoch re-keyed the commune before the paper was printed.
        paper = node.store.one("SELECT 1 FROM keyring WHERE kid = ?", (node.commune,))
        kid = node.commune if paper else node.keyring.identity(node.commune).current.kid
        if commune is not None and commune != node.commune:
            # Rebuilt from the paper of a re-keyed commune: the key is that commune's.
            node.store.run("UPDATE keyring SET actor = ? WHERE actor = ?", (commune, kid))
            node.store.set_meta("commune", commune)
        name = node.store.value("SELECT name FROM actors WHERE id = ?", (node.commune,))
        if name:  # a laptop rebuilt from paper learns its commune's name back
            node.store.set_meta("commune_name", str(name).encode())
        for epoch, sealed in keys:
            # Ours replace what the genesis sealed to the commune's first key: after a re-key
            # this laptop does not hold that key, and could not open them.
            node.store.run(
                "INSERT OR REPLACE INTO transport_keys (epoch, commune, kid, sealed) "
                "VALUES (?, ?, ?, ?)",
                (epoch, node.commune, kid, sealed),
            )


def _commune_id(value: Any) -> bytes | None:
    if value is not None and not (isinstance(value, bytes) and len(value) == 8):
        raise TypeError("the invitation's commune is not a commune id")
    return value


def _need_bytes(value: Any) -> bytes:
    if not isinstance(value, bytes):
        raise TypeError("the invitation's genesis is not a byte string")
    return value


def _sealed_keys(value: Any) -> list[tuple[int, bytes]]:
    """The transport keys an invitation carries, [epoch, sealed key] each, all checked before
    any is stored (the store takes epochs below 2**63 only)."""
    if not (
        isinstance(value, list)
        and all(
            isinstance(item, list)
            and len(item) == 2
            and type(item[0]) is int
            and 0 <= item[0] < 2**63
            and isinstance(item[1], bytes)
            for item in value
        )
    ):
        raise TypeError("the invitation's keys are not [epoch, sealed key] pairs")
    return [(epoch, sealed) for epoch, sealed in value]


def _rekeyed_commune(node: Node, request: Authority) -> bytes | None:
    """The commune whose current node key the request holds, when an epoch re-keyed it: its
    paper backup then holds a key whose kid is not the commune's id (docs/ledger.md)."""
    row = node.store.one(
        "SELECT a.id FROM keys k JOIN actors a ON a.id = k.actor "
        "WHERE k.kid = ? AND a.kid = k.kid AND a.id = a.commune AND a.id != ?",
        (kid_of(request.public_key), request.commune),
    )
    return bytes(row[0]) if row else None


def _write_invitation(
    node: Node,
    folder: Path,
    newcomer: Authority,
    extra: tuple[int, bytes] | None,
    commune: bytes | None = None,
) -> None:
    keys = [[epoch, seal_key(key, newcomer.public_key)] for epoch, key in _all_keys(node)]
    if extra is not None:
        keys.append([extra[0], seal_key(extra[1], newcomer.public_key)])
    body = {"v": 1, "genesis": node.store.meta("genesis"), "keys": keys, "inviter": node.commune}
    if commune is not None and commune != newcomer.commune:
        body["commune"] = commune  # the laptop learns which commune its re-keyed key is
    signer = node.keyring.identity(node.commune).current
    signed = sign1(cbor.encode(body), signer.signing_key, node.network_id)
    path = _folder(folder, INVITE) / f"{newcomer.commune.hex()}.inv"
    stickfiles.write(path.parent.parent, path, signed)


def _all_keys(node: Node) -> list[tuple[int, bytes]]:
    out = []
    for (epoch,) in node.store.all(
        "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (node.commune,)
    ):
        key = epoch_key(node, int(epoch))
        if key is not None:
            out.append((int(epoch), key))
    return out


def _authority(node: Node, commune: bytes) -> Authority:
    row = node.store.one(
        "SELECT a.name, k.pk, a.next_digest FROM actors a JOIN keys k ON k.kid = a.kid "
        "WHERE a.id = ?",
        (commune,),
    )
    if row is None:
        raise NotFound("A commune of the network is unknown here. Sync first, then invite.")
    return Authority(commune, str(row[0]), bytes(row[1]), bytes(row[2]))


def _folder(folder: Path, name: str, *, create: bool = True) -> Path:
    """OBAMBU/<name> on the stick; made when writing, and never a link (refused then)."""
    if create:
        return stickfiles.folder(Stick.at(folder, create=True).root, name)
    folder = Path(folder)
    root = folder if folder.name == ROOT else folder / ROOT
    if stickfiles.exists(root / name):
        stickfiles.check_folder(root, root / name)  # read through no link either
    return root / name
