"""An outside auditor reads real sticks, written by `obambu`, by docs/spec/stick.md and
docs/spec/paper.md alone: with a reader written from the spec (tests/stick_reader.py), a mayor's
paper backup, the genesis (`obambu object get`) and the list of blocks (`obambu object list`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cbor2

from tests import stick_reader as spec
from tests.journeys.conftest import Town
from tests.test_cli import program


@dataclass
class Given:
    """What the auditor holds: the network id, the node keys and the transport keys it opened."""

    network_id: bytes
    node_keys: dict[bytes, bytes]  # kid: public key
    keys: dict[int, bytes]  # key epoch: transport key
    kid: bytes  # the commune whose paper it was given
    order: list[bytes]  # the genesis' communes in its order: a beacon's head vector follows it


def demo(cli: Callable[..., Any], tmp_path: Path) -> tuple[bytes, Town, Town]:
    """`obambu demo --communes 2`, as a trainer makes it: the network id and the two towns."""
    made = cli("--json", "demo", "--dir", tmp_path / "demo", "--communes", "2")
    assert made.code == 0, made.err
    ambam, bipindi = (Town(cli, Path(home)) for home in made.json()["homes"])
    return bytes.fromhex(made.json()["network_id"]), ambam, bipindi


def given(town: Town, network_id: bytes, tmp_path: Path) -> Given:
    """The mayor's paper backup and the genesis (`obambu object get`), opened by the spec: the
    genesis is the network's and holds the transport key sealed to this commune's node key."""
    seed = spec.paper_seed(town.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"])
    got = program("--home", town.home, "object", "get", "--id", network_id.hex())
    assert got.returncode == 0, got.stderr
    genesis = got.stdout
    assert hashlib.sha256(genesis).digest() == network_id
    payload = cbor2.loads(cbor2.loads(genesis).value[2])
    authorities, sealed = payload[3], payload[4]
    node_keys = {bytes(kid): bytes(pk) for kid, _name, pk, _next in authorities}
    mine = [i for i, a in enumerate(authorities) if a[2] == spec.own_public_key(seed)]
    assert len(mine) == 1
    keys = {0: spec.open_sealed_key(sealed[mine[0]], seed)}
    order = [bytes(kid) for kid, _name, _pk, _next in authorities]
    return Given(network_id, node_keys, keys, bytes(authorities[mine[0]][0]), order)


def test_an_auditor_reads_the_stick_by_the_spec(
    cli: Callable[..., Any], tmp_path: Path, stick: Path
) -> None:
    """A trainer makes a two-commune demo; Ambam's clerk posts and exports to a stick, Bipindi's
    clerk takes it in and exports too (the stick forgets what both hold, and says so in
    `pruned.obp`), then Ambam posts again and exports. Ambam's mayor prints the paper backup of
    the node key and hands it, with the genesis (`obambu object get --id NETWORK-ID`) and the
    list of blocks (`obambu object list`), to an auditor. With nothing but those and a reader
    written from the spec (tests/stick_reader.py), the auditor opens the transport key, reads
    every file of the stick and finds on it exactly the blocks the laptop holds but those
    pruned, under trailers, cuts and acks signed by the two communes' node keys."""
    network_id, ambam, bipindi = demo(cli, tmp_path)
    ambam.run("forum", "thread", "--title", "Marché", "--body", "Mardi, place de la mairie.")
    ambam.visit(stick)
    bipindi.visit(stick)
    ambam.run("forum", "thread", "--title", "Eau", "--body", "Le forage est réparé.")
    ambam.visit(stick)
    for day in range(1, 10):  # a notice a day, each export a segment: the index is written
        ambam.run("forum", "thread", "--title", f"Avis n° {day}", "--body", "Voir le panneau.")
        ambam.run("sync", "export", "--to", stick)

    # What the auditor is given.
    auditor = given(ambam, network_id, tmp_path)
    node_keys, keys, ambam_kid = auditor.node_keys, auditor.keys, auditor.kid
    listed = ambam.json("object", "list")

    root = stick / "OBAMBU"
    network = cbor2.loads((root / "NETWORK").read_bytes())
    assert network == {"tag": spec.network_tag(network_id), "format": 1}

    # Every segment reads by the spec, and its trailer says what it holds.
    blocks: dict[bytes, bytes] = {}
    held: set[tuple[bytes, int]] = set()
    paths = spec.segment_paths(root)
    trailers: dict[str, tuple[int, bytes]] = {}
    by_signer: list[tuple[bytes, dict[str, Any]]] = []
    assert len(paths) >= 10
    for path in paths:
        assert spec.name_ok(path.name) and path.parent.name.isdigit()
        read = spec.read_segment(path.read_bytes(), network_id, keys)
        trailers[path.name] = (path.stat().st_size, read.trailer)
        trailer = spec.check_trailer(read, network_id, node_keys)
        by_signer.append((spec.signed(read.trailer, node_keys, network_id)[0], trailer))
        spec.assert_sorted([[bytes(a), f] for a, f, _ in trailer["feeds"]])
        parts = set()
        for kind, plain in read.records:
            if kind == 1:
                blocks[hashlib.sha256(plain).digest()] = plain
            else:  # a part of the document the demo shares
                parts.add(hashlib.sha256(plain).digest())
        assert parts == set(trailer["chunks"]) and trailer["evidence"] == []
        held |= spec.ranges(trailer["feeds"])
    # With what the stick pruned: exactly the blocks the laptop holds.
    pruned = cbor2.loads(spec.open_file((root / "pruned.obp").read_bytes(), b"pruned", keys))
    assert pruned["v"] == 1 and pruned["cut"]
    cut = {bytes(author): seq for author, seq in pruned["cut"]}
    by_id = {bytes.fromhex(b["id"]): b for b in listed["blocks"]}
    carried = {i for i, b in by_id.items() if b["seq"] > cut.get(bytes.fromhex(b["author"]), -1)}
    assert blocks.keys() == carried and len(carried) < len(by_id)
    assert held == {(bytes.fromhex(by_id[i]["author"]), by_id[i]["seq"]) for i in carried}

    # Every holder speaks by acks ("During the upgrade"): no beacon is left on the stick, and
    # each feed's ack, under its name, signed by its node key, names one of at most two cuts.
    heads = {
        bytes.fromhex(author): by_id[bytes.fromhex(head)]["seq"]
        for author, head in listed["heads"].items()
    }
    assert not list((root / "bcn").glob("*.obb"))
    cuts: dict[bytes, tuple[list[bytes], dict[bytes, int]]] = {}
    for path in sorted((root / "cut").glob("*.obc")):
        plain = spec.open_file(path.read_bytes(), b"cut", keys)
        kid, body = spec.signed(plain, node_keys, network_id)
        name = hashlib.sha256(plain).digest()[:16]
        assert path.name == name.hex() + ".obc" and body["v"] == 1 and body["by"] == kid
        others = body.get("others", [])
        # "heads" and "others" are written like a beacon's of version 2.
        said = spec.beacon_heads({**body, "v": 2, "others": others}, auditor.order)
        cuts[name] = (auditor.order + [bytes(a) for a, _ in others], said)
        assert all(seq <= heads.get(feed, -1) for feed, seq in said.items())
    assert 1 <= len(cuts) <= 2
    acks = sorted((root / "ack").glob("*.oba"))
    signers = set()
    for path in acks:
        plain = spec.open_file(path.read_bytes(), b"ack", keys)
        kid, body = spec.signed(plain, node_keys, network_id)
        signers.add(kid)
        assert path.name == spec.beacon_name(network_id, kid)[:16] + ".oba"
        assert body["v"] == 1 and body["cut"] in cuts
        feeds, held_by_it = cuts[body["cut"]][0], dict(cuts[body["cut"]][1])
        pairs, index = spec.leb128(body["except"]), -1
        for gap, count in zip(pairs[::2], pairs[1::2], strict=True):
            index += gap + 1
            held_by_it[feeds[index]] = count - 1
        held_by_it[kid] = body["head"] - 1
        # Never more than the laptop holds; and all the stick pruned.
        assert all(seq <= heads.get(feed, -1) for feed, seq in held_by_it.items())
        assert all(held_by_it.get(a, -1) >= cut[a] for a in cut)
        assert body["keys"] == 0 and body["inc"] == 0 and body["aseq"] >= 1
        assert all(spec.name_ok(name) for name in body["seen"])
    assert len(acks) == 2 and ambam_kid in signers and signers == set(auditor.order)
    # The index: a cache of the trailers, as the segments themselves hold them.
    index = cbor2.loads(spec.open_file((root / "index.obi").read_bytes(), b"index", keys))
    assert index["v"] == 2 and len(index["segments"]) >= 8
    spec.assert_sorted([name for name, _, _ in index["segments"]])
    for name, size, trailer in index["segments"]:
        assert trailers[name] == (size, trailer)


def test_a_further_laptops_keys_beacon_and_segments_read_by_the_spec(
    cli: Callable[..., Any], tmp_path: Path, stick: Path
) -> None:
    """Ambam's secretary's desktop becomes a further laptop of Ambam by the stick, then posts
    and exports. The auditor finds the desk's key in Ambam's LAPTOP_ADD on the stick, checks the
    invitation that gave the desk the transport keys (sealed to its key, signed by Ambam's node
    key), and the desk's own segment and beacon, signed by the desk's key."""
    network_id, ambam, _ = demo(cli, tmp_path)
    desk = Town(cli, tmp_path / "ambam-desk")
    ambam.run("device", "add-laptop", "--stick", stick)
    root = stick / "OBAMBU"
    (offer_path,) = (root / "laptop").glob("*.off")
    offer = offer_path.read_bytes()
    named = spec.cose_payload(offer)  # signed by the key it names, under the genesis it carries
    aad = hashlib.sha256(named["genesis"]).digest()
    _, offered = spec.signed(offer, {spec.kid_of(named["pk"]): named["pk"]}, aad)
    assert aad == network_id and offered["v"] == 1
    assert offer_path.name == f"{offered['commune'].hex()}.off"
    asked = desk.json("device", "join-laptop", "--stick", stick, "--name", "Secrétariat")
    laptop = bytes.fromhex(asked["laptop"])
    request = (root / "laptop" / f"{laptop.hex()}.req").read_bytes()
    pk = bytes(spec.cose_payload(request)["pk"])
    kid, wanted = spec.signed(request, {laptop: pk}, network_id)
    assert kid == laptop == spec.kid_of(pk) == wanted["laptop"]
    assert (wanted["commune"], wanted["name"]) == (offered["commune"], "Secrétariat")
    spec.verify(pk, b"OBAMBU-LAPTOP-1" + network_id + offered["commune"], wanted["pop"])
    ambam.run("device", "add-laptop", "--stick", stick)
    assert not (root / "laptop" / f"{laptop.hex()}.req").exists()  # answered: deleted
    desk.run("device", "accept-laptop", "--stick", stick)
    deputy = desk.json("member", "add", "--name", "Adjointe d'Ambam", "--role", "deputy")["id"]
    desk.run("member", "use", deputy)
    desk.run("forum", "thread", "--title", "Salle des fêtes", "--body", "Depuis le bureau.")
    desk.visit(stick)
    ambam.run("sync", "import", "--from", stick)

    auditor = given(ambam, network_id, tmp_path)
    assert offered["commune"] == auditor.kid
    feed_keys = dict(auditor.node_keys)
    blocks: dict[bytes, bytes] = {}
    writers = set()
    # Ambam's segments first (names sort by time): they bring the LAPTOP_ADD, so the desk's key.
    for path in spec.segment_paths(root):
        read = spec.read_segment(path.read_bytes(), network_id, auditor.keys)
        kid, _ = spec.signed(read.trailer, feed_keys, network_id)
        spec.check_trailer(read, network_id, feed_keys)
        writers.add(kid)
        for kind, plain in read.records:
            if kind == 1:
                blocks[hashlib.sha256(plain).digest()] = plain
                for body in laptop_adds(plain):
                    feed_keys[spec.kid_of(bytes(body["pk"]))] = bytes(body["pk"])
    assert spec.kid_of(feed_keys[laptop]) == laptop  # a laptop's id is its first key's kid
    assert writers == {auditor.kid, laptop}  # a segment by Ambam's laptop, one by the desk
    listed = ambam.json("object", "list")
    assert blocks.keys() == {bytes.fromhex(b["id"]) for b in listed["blocks"]}

    # The invitation: the transport keys sealed to the desk's key, signed by Ambam's node key.
    invitation = (root / "laptop" / f"{laptop.hex()}.inv").read_bytes()
    signer, body = spec.signed(invitation, auditor.node_keys, network_id)
    assert signer == auditor.kid and body["v"] == 1
    assert (body["commune"], body["laptop"]) == (auditor.kid, laptop)
    assert [epoch for epoch, _ in body["keys"]] == [0]
    assert all(len(box) == 80 for _, box in body["keys"])

    # The desk's beacon: its own file, signed by its own key.
    beacon = root / "bcn" / spec.beacon_name(network_id, laptop)
    kid, said = spec.signed(
        spec.open_file(beacon.read_bytes(), b"beacon", auditor.keys), feed_keys, network_id
    )
    assert kid == laptop and said["keys"] == 0
    assert spec.beacon_heads(said, auditor.order)[laptop] >= 0  # not a genesis feed: "others"
    assert [bytes(a) for a, _ in said["others"]] == [laptop]


def laptop_adds(block: bytes) -> list[dict[str, Any]]:
    """The bodies of the LAPTOP_ADD transactions (type 63, transactions.md) of a block."""
    return [body for code, body in transactions(block) if code == 63]


def test_a_commune_joining_by_stick_read_by_the_spec(
    cli: Callable[..., Any], tmp_path: Path, stick: Path
) -> None:
    """Djoum asks to join; Ambam invites it. By the spec alone: the request is signed by the key
    it names, with no network yet; the invitation carries the genesis and every transport key
    sealed to Djoum's node key, the newest being the one the epoch proposal on the stick seals
    to Djoum too; and Djoum's paper backup opens them all."""
    network_id, ambam, _ = demo(cli, tmp_path)
    djoum = Town(cli, tmp_path / "djoum")
    djoum.run("join", "request", "--commune", "Djoum", "--stick", stick)
    root = stick / "OBAMBU"
    (request_path,) = (root / "join").glob("*.req")
    request = request_path.read_bytes()
    commune, name, pk, _next = spec.cose_payload(request)["authority"]
    _, asked = spec.signed(request, {spec.kid_of(pk): pk}, b"")  # empty AAD: no network yet
    assert spec.kid_of(pk) == commune and name == "Djoum" and asked["v"] == 1
    assert request_path.name == f"{commune.hex()}.req"

    ambam.run("join", "invite", "--stick", stick)
    invitation = (root / "invite" / f"{commune.hex()}.inv").read_bytes()
    genesis = spec.cose_payload(invitation)["genesis"]
    assert hashlib.sha256(genesis).digest() == network_id
    authorities = cbor2.loads(cbor2.loads(genesis).value[2])[3]
    node_keys = {bytes(kid): bytes(key) for kid, _, key, _ in authorities}
    signer, invited = spec.signed(invitation, node_keys, network_id)
    assert invited["inviter"] == signer and invited["v"] == 1
    assert [epoch for epoch, _ in invited["keys"]] == [0, 1]

    djoum.run("join", "accept", "--stick", stick)
    seed = spec.paper_seed(djoum.json("backup", "paper", "--out", tmp_path / "qr.png")["seed"])
    assert spec.own_public_key(seed) == pk
    keys = {epoch: spec.open_sealed_key(box, seed) for epoch, box in invited["keys"]}
    auditor = given(ambam, network_id, tmp_path)
    assert keys[0] == auditor.keys[0]  # the genesis's key, as Ambam's paper opens it

    # The epoch proposal that admits Djoum, in Ambam's segment, seals key epoch 1 to it too.
    proposals = []
    for path in spec.segment_paths(root):
        read = spec.read_segment(path.read_bytes(), network_id, auditor.keys)
        for kind, plain in read.records:
            if kind == 1:
                proposals += [body for code, body in transactions(plain) if code == 5]
    (proposal,) = [p for p in proposals if p["epoch"] == 1]
    place = [bytes(a[0]) for a in proposal["authorities"]].index(commune)
    assert spec.open_sealed_key(proposal["transport"][place], seed) == keys[1]
    assert len(proposal["transport"]) == len(proposal["authorities"])  # one copy each


def transactions(block: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(type, body) of each transaction of a block (chain.md, transactions.md)."""
    txs = cbor2.loads(cbor2.loads(block).value[2])[7]
    payloads = [cbor2.loads(cbor2.loads(tx).value[2]) for tx in txs]
    return [(p[0], p[6]) for p in payloads]
