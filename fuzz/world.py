"""A real network to fuzz against: two communes of a demo network on disk, opened, and the real
objects (blocks, segments, beacons, kits, attestations, requests) the seed corpus is made of.

Ambam (`a`) is the laptop under attack: every harness feeds it what came from outside. Bipindi
(`b`) is a commune of the same network, whose keys sign the hostile-but-signed inputs: what a
member who turned against the others, or a stolen laptop, could send.
"""

from __future__ import annotations

import os
import shutil
import struct
from functools import cached_property
from pathlib import Path
from typing import Any

os.environ.setdefault("OBAMBU_KDF", "interactive")

import cbor2

from app.core import demo
from app.core.attestations import kit
from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.store import profile
from app.sync import beacon, laptop_invite, sealed, segment
from app.sync.device_api import DeviceApi, Snapshot
from app.sync.export import export
from app.sync.invite import write_request
from app.sync.relay import relay_public_key
from app.sync.stick import Stick

PASSPHRASE = "demo"
BOX = bytes.fromhex("246f28fffe0000b1")  # a display board registered on Ambam
BOX_SEED = b"\x11" * 32
TOKEN = bytes.fromhex("70" * 16)  # a session token the board holds (see `device_api`)
CHALLENGE = bytes.fromhex("c4" * 16)  # a challenge the board was given


class World:
    def __init__(self, root: Path, keys: dict[str, bytes] | None = None) -> None:
        """The world kept in `root`, made there first if it is not (a fuzzing run works on a
        copy of one world, so that its seed corpus stays valid: same network, same keys).
        `keys`: the profiles' unlock keys when known (a copy has its original's), which spares
        the passphrase's key derivation."""
        self.root = root
        self.keys = dict(keys or {})
        homes = [root / "network" / name.lower() for name, _ in demo.COMMUNES[:2]]
        if not homes[0].exists():
            demo.build(root / "network", communes=2, passphrase=PASSPHRASE)
        self.a = self._open(homes[0])
        self.b = self._open(homes[1])
        self.network_id = self.a.network_id
        self.scratch = root / "scratch"
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir()
        self.state: dict[str, Any] = {}  # what a harness keeps from one run to the next
        self._newcomer: Node | None = None
        self._desk: Node | None = None

    def _open(self, home: Path) -> Node:
        key = self.keys.get(home.name)
        if key is None:
            key = self.keys[home.name] = profile.unlock_key(home, PASSPHRASE)
        node = Node.open_with_key(home, key)
        member = node.store.meta("member")
        if member is not None:  # the demo's mayor signs, her PIN typed (a newcomer has none)
            node.keyring.unlock(member, demo.DEMO_PIN)
        return node

    def prepare(self) -> World:
        """Makes now what harnesses would make on first use (a copy then holds it all)."""
        for name in ("stick", "newcomer", "join_request", "desk", "laptop_offer"):
            getattr(self, name)
        return self

    def close(self) -> None:
        for node in (self.a, self.b, self._newcomer, self._desk):
            if node is not None:
                node.close()

    # --- keys -------------------------------------------------------------------------------

    @cached_property
    def founder_key(self) -> KeyPair:
        """Ambam founded the demo network: its node key signed the genesis."""
        return self.a.keyring.identity(self.a.commune).current

    @cached_property
    def node_key(self) -> KeyPair:
        """Bipindi's node key: blocks, beacons, trailers, announcements, kits."""
        return self.b.keyring.identity(self.b.commune).current

    @cached_property
    def member_key(self) -> KeyPair:
        """Bipindi's mayor: transactions and attestations."""
        return self.b.keyring.identity(self.b.member).current

    def signed(self, payload: bytes, key: KeyPair, aad: bytes | None = None) -> bytes:
        """`payload` in a COSE_Sign1 by `key`, external aad the network id unless given."""
        return sign1(payload, key.signing_key, self.network_id if aad is None else aad)

    @cached_property
    def transport(self) -> tuple[int, bytes]:
        """The transport key epoch and key Bipindi writes sticks under."""
        return beacon.writing_key(self.b)

    # --- ledger objects ---------------------------------------------------------------------

    @cached_property
    def genesis(self) -> bytes:
        return bytes(self.a.store.meta("genesis") or b"")

    @cached_property
    def blocks(self) -> list[bytes]:
        """The smallest and the largest block, and one of each of the first few sizes between."""
        rows = self.a.store.all("SELECT data FROM blocks ORDER BY length(data)")
        data = [bytes(r[0]) for r in rows]
        return _spread(data, 5)

    @cached_property
    def txs(self) -> list[bytes]:
        """One transaction of each type the demo holds."""
        rows = self.a.store.all("SELECT data FROM txs GROUP BY type ORDER BY type")
        return [bytes(r[0]) for r in rows]

    @cached_property
    def attestations(self) -> list[bytes]:
        rows = self.a.store.all("SELECT data FROM attestations ORDER BY issued")
        return [bytes(r[0]) for r in rows]

    # --- a stick ----------------------------------------------------------------------------

    @cached_property
    def stick(self) -> Path:
        """A stick Bipindi wrote: its segments, its beacon, and an index of its trailers."""
        folder = self.root / "stick"
        if not folder.exists():
            folder.mkdir()
            export(self.b, folder)
            stick = Stick.at(folder)
            (stick.root / "index.obi").write_bytes(self._index(stick))
        return folder

    def _index(self, stick: Stick) -> bytes:
        """The index Stick.write_index means to write. It cannot today: segment names have 25
        bytes, and the strict CBOR profile takes map keys of at most 23 (see
        tests/test_fuzz_regressions.py); so the map is encoded by cbor2 itself."""
        holding = stick.holding(self.b)
        entries = {name: [i.size, i.trailer] for name, i in sorted(holding.segments.items())}
        epoch, key = self.transport
        payload = cbor2.dumps({"v": 1, "segments": entries}, canonical=True)
        return sealed.seal(payload, key, epoch, b"index")

    @cached_property
    def segments(self) -> list[bytes]:
        return [p.read_bytes() for p in Stick.at(self.stick).segment_paths()]

    @cached_property
    def trailers(self) -> list[bytes]:
        out = []
        for data in self.segments:
            scan = segment.scan(data, self.network_id, self.key_for)
            if scan.trailer is not None:
                out.append(scan.trailer)
        return out

    @cached_property
    def beacon_blobs(self) -> list[bytes]:
        return Stick.at(self.stick).beacon_blobs()[0]

    @cached_property
    def index_blob(self) -> bytes:
        return (Stick.at(self.stick).root / "index.obi").read_bytes()

    @cached_property
    def network_file(self) -> bytes:
        return (Stick.at(self.stick).root / "NETWORK").read_bytes()

    def key_for(self, epoch: int) -> bytes | None:
        from app.sync.keys import epoch_key

        return epoch_key(self.a, epoch)

    # --- verifier kits ----------------------------------------------------------------------

    @cached_property
    def kit(self) -> bytes:
        """Bipindi's verifier kit, signed by its node key."""
        return kit.build(self.b)

    @cached_property
    def held_kit(self) -> kit.Kit:
        """The kit a verify-only laptop already holds: Ambam's."""
        path = self.scratch / "held" / kit.FOLDER / kit.FILE
        path.parent.mkdir(parents=True)
        path.write_bytes(kit.build(self.a))
        return kit.read(path)

    # --- the device API ---------------------------------------------------------------------

    @cached_property
    def device_api(self) -> DeviceApi:
        """Ambam's device service with a registered display board; the board holds TOKEN, and
        CHALLENGE is outstanding for it (the harness hands it out again before each request).
        Its clock stands still, so nothing expires during a run, and it has no rate limit."""
        if self.a.store.one("SELECT 1 FROM devices WHERE id = ?", (BOX,)) is None:
            technician = self.a.add_member("Technicien Ekani", "technician")
            body = {
                "device": BOX,
                "kind": "display",
                "name": "Boîte de la mairie",
                "pk": relay_public_key(BOX_SEED),
                "chip": "ESP32-D0WDQ6",
                "firmware": "relay-0.1.0",
                "pack": b"\x01" * 32,
            }
            self.a.submit(TxType.DEVICE_REGISTER, body, actor=technician)
            self.a.seal()
        api = DeviceApi("127.0.0.1", 0, Snapshot.build(self.a), rate=None, clock=lambda: 1000.0)
        api.sessions.tokens[TOKEN] = (BOX, 1e12)
        return api

    # --- joining ----------------------------------------------------------------------------

    @cached_property
    def newcomer(self) -> Node:
        """A laptop that is in no network yet, wanting to join this one."""
        home = self.root / "newcomer"
        if not home.exists():
            Node.create(home, PASSPHRASE, "Campo").close()
        node = self._open(home)
        self._newcomer = node
        return node

    @cached_property
    def join_request(self) -> bytes:
        path = self.root / "join-stick" / "OBAMBU" / "join" / f"{self.newcomer.commune.hex()}.req"
        if not path.exists():
            (self.root / "join-stick").mkdir(exist_ok=True)
            write_request(self.newcomer, self.root / "join-stick")
        return path.read_bytes()

    @cached_property
    def invitation(self) -> bytes:
        """An invitation for the newcomer as `invite._write_invitation` makes it, signed by
        Ambam (a founding commune), without proposing a new epoch on the ledger."""
        from app.core.crypto.boxes import seal_key
        from app.sync.keys import epoch_key

        pk = self.newcomer.authority().public_key
        keys = []
        for (epoch,) in self.a.store.all(
            "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (self.a.commune,)
        ):
            key = epoch_key(self.a, int(epoch))
            if key is not None:
                keys.append([int(epoch), seal_key(key, pk)])
        body = {"v": 1, "genesis": self.genesis, "keys": keys, "inviter": self.a.commune}
        return self.signed(cbor.encode(body), self.founder_key)

    # --- a commune's second laptop (app/sync/laptop_invite.py) -------------------------------

    @cached_property
    def desk(self) -> Node:
        """A new laptop that took Ambam's offer and asked to be its second laptop."""
        home = self.root / "desk"
        stick = self.root / "laptop-stick"
        if not home.exists():
            stick.mkdir(exist_ok=True)
            laptop_invite.write_offer(self.a, stick)
            node = Node.create(home, PASSPHRASE, "Ambam")
            offer = laptop_invite.read_offer(stick)
            laptop_invite.write_request(node, stick, offer, "Secrétariat")
            node.close()
        node = self._open(home)
        self._desk = node
        return node

    @cached_property
    def desk_key(self) -> KeyPair:
        return self.desk.keyring.identity(self.desk.feed).current

    def _laptop_file(self, name: str) -> bytes:
        self.desk  # noqa: B018 (made with the stick that holds the file)
        return (self.root / "laptop-stick" / "OBAMBU" / "laptop" / name).read_bytes()

    @cached_property
    def laptop_offer(self) -> bytes:
        return self._laptop_file(f"{self.a.commune.hex()}.off")

    @cached_property
    def laptop_request(self) -> bytes:
        return self._laptop_file(f"{self.desk.feed.hex()}.req")

    @cached_property
    def laptop_invitation(self) -> bytes:
        """The desk's invitation as `laptop_invite._write_invitation` makes it, signed by
        Ambam's node key, without the LAPTOP_ADD on the ledger."""
        from app.core.crypto.boxes import seal_key
        from app.sync.keys import epoch_key

        keys = []
        for (epoch,) in self.a.store.all(
            "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (self.a.commune,)
        ):
            key = epoch_key(self.a, int(epoch))
            if key is not None:
                keys.append([int(epoch), seal_key(key, self.desk_key.public_key)])
        body = {"v": 1, "commune": self.a.commune, "laptop": self.desk.feed, "keys": keys}
        return self.signed(cbor.encode(body), self.founder_key)


def payload_of(signed: bytes) -> bytes:
    """The CBOR payload of one of our COSE_Sign1 envelopes."""
    return parse_sign1(signed).payload


def mode(number: int, data: bytes) -> bytes:
    """A seed for a harness with several modes: the mode byte, then the content."""
    return bytes([number]) + data


def _spread(items: list[bytes], count: int) -> list[bytes]:
    if len(items) <= count:
        return items
    step = (len(items) - 1) / (count - 1)
    return [items[round(i * step)] for i in range(count)]


def u16(n: int) -> bytes:
    return struct.pack(">H", n)
