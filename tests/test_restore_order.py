"""A restored laptop takes its own old blocks and the others' newer ones in any order: it ends
where its neighbours are, with no evidence, and signs again without a second block for a seq."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from app.core.errors import Rejected
from app.core.ledger.txtypes import TxType
from app.core.node import backups
from app.sync import segment
from app.sync.export import export
from app.sync.intake import import_
from tests.conftest import Network
from tests.sync_kit import post


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_restored_laptop_takes_blocks_in_any_order(
    net: Network, tmp_path: Path, seed: int
) -> None:
    a, b, c = net.nodes
    saved = backups.export(a, "sauvegarde")
    for n in range(4):
        post(a, f"après la sauvegarde {n}")
        net.sync()
        post(c, f"Campo répond {n}")  # refers to Ambam's blocks the backup lacks
        net.sync()
    restored = backups.restore(tmp_path / "new", saved, "sauvegarde", "nouveau")
    try:
        blocks = [bytes(d) for (d,) in b.store.all("SELECT data FROM blocks")]
        random.Random(seed).shuffle(blocks)
        for data in blocks:
            restored.receive(data)
        assert restored.heads() == b.heads()
        assert restored.store.value("SELECT count(*) FROM evidence") == 0
        with pytest.raises(Rejected, match="restored"):  # no word from a commune yet
            restored.submit(TxType.FORUM_THREAD, {"title": "trop tôt", "body": ""})
        stick = tmp_path / "stick"
        stick.mkdir()
        export(b, stick)
        import_(restored, stick)
        post(restored, "de retour")
        for node in (b, c):
            export(restored, stick)
            import_(node, stick)
            assert node.store.value("SELECT count(*) FROM evidence") == 0
        assert restored.heads() == b.heads() == c.heads()
    finally:
        restored.close()


def test_a_beacon_saying_this_laptop_signed_more_keeps_it_from_signing(
    net: Network, tmp_path: Path
) -> None:
    """Bipindi's beacon says Ambam reached a block the restored laptop does not hold: it
    refuses to sign, naming the blocks, until a stick brings them."""
    a, b, _ = net.nodes
    saved = backups.export(a, "sauvegarde")
    post(a, "après la sauvegarde")
    net.sync()
    stick = tmp_path / "stick"
    stick.mkdir()
    export(b, stick)  # Bipindi's beacon: Ambam's head is one block further than the backup
    restored = backups.restore(tmp_path / "new", saved, "sauvegarde", "nouveau")
    try:
        lacking = tmp_path / "only-beacons"
        (lacking / "OBAMBU" / "bcn").mkdir(parents=True)
        for beacon_file in (stick / "OBAMBU" / "bcn").iterdir():
            (lacking / "OBAMBU" / "bcn" / beacon_file.name).write_bytes(beacon_file.read_bytes())
        (lacking / "OBAMBU" / "NETWORK").write_bytes((stick / "OBAMBU" / "NETWORK").read_bytes())
        import_(restored, lacking)  # a stick that lost its segments: only the beacons
        with pytest.raises(Rejected, match="still lacks its commune's block 1"):
            restored.submit(TxType.FORUM_THREAD, {"title": "trop tôt", "body": ""})
        import_(restored, stick)
        post(restored, "de retour")
    finally:
        restored.close()


def test_a_trailer_signed_by_this_laptop_keeps_it_from_signing_again(
    net: Network, tmp_path: Path
) -> None:
    """Ambam's last visit left its beacon as it was: the segment it wrote, signed by it, shows
    its new head (docs/spec/stick.md, "A feed's own head"). Restored from a backup older than
    that block, it meets this stick with that block's record damaged: the trailer is the only
    trace of it, and the laptop must not give a second block that number."""
    a, b, _ = net.nodes
    saved = backups.export(a, "sauvegarde")
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    import_(b, stick)
    export(b, stick)  # both beacons on the stick
    beacons = _beacon_files(stick)
    post(a, "après la sauvegarde")
    report = export(a, stick)
    assert len(report.segments) == 1 and _beacon_files(stick) == beacons
    whole = tmp_path / "whole"
    shutil.copytree(stick, whole)
    (path,) = (stick / "OBAMBU" / "seg").rglob(report.segments[0])
    data = bytearray(path.read_bytes())
    data[segment.HEADER_BYTES + segment.FRAME_BYTES + 8] ^= 0xFF  # in the block's record only
    path.write_bytes(bytes(data))
    restored = backups.restore(tmp_path / "new", saved, "sauvegarde", "nouveau")
    try:
        taken = import_(restored, stick)
        assert taken.damaged == 1
        head = restored.heads()[a.feed]
        assert head == a.heads()[a.feed] - 1
        with pytest.raises(Rejected, match=f"still lacks its commune's block {head + 1}"):
            restored.submit(TxType.FORUM_THREAD, {"title": "trop tôt", "body": ""})
        import_(restored, whole)  # the block itself, from a sound copy
        post(restored, "de retour")
        export(restored, whole)
        import_(b, whole)
        assert b.store.value("SELECT count(*) FROM evidence") == 0
        assert b.heads()[a.feed] == head + 2
    finally:
        restored.close()


def _beacon_files(stick: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((stick / "OBAMBU" / "bcn").glob("*.obb"))}
