"""What reading a stick's cuts and acknowledgements costs a laptop (app/sync/cuts.py; docs/spec/
stick.md, "Cuts and acknowledgements"): the sizes of the files the module writes, and the CPU
time to open, check and read N acks and two cuts, then find what every commune holds
(`held_by_all`), at N communes.

The baseline, measured in the same run on the same files, is the bare work no reader can skip:
opening each sealed file and checking its Ed25519 signature. The ratio says what the module's
bounds, strict CBOR and judging add to it. CPU time of this process (time.process_time), so that
other sessions on the machine change the figure less than wall time; the load is printed beside.

    python -m bench.cut_reading [N ...]
"""

from __future__ import annotations

import os
import random
import sys
import time

from app.core.crypto.keys import KeyPair
from app.core.encoding.cose import parse_sign1, verify_sign1
from app.sync import cuts, sealed

NETWORK = bytes(range(32))
TRANSPORT = bytes(range(0x40, 0x60))
TIME = 1_767_225_720
SEQ = 19  # 20 blocks a commune, as bench.sync_simulation
EXCEPTIONS = 2  # an ack's exceptions while heads move (the simulation's acks: 0 to a few)


def network(n: int, rng: random.Random) -> tuple[list[KeyPair], bytes, list[bytes]]:
    """N communes' keys, a cut by the first holding SEQ of every feed, and each commune's
    sealed ack of it holding EXCEPTIONS feeds less."""
    keys = [KeyPair(rng.randbytes(32)) for _ in range(n)]
    order = tuple(k.kid for k in keys)
    payload = cuts.cut_payload(1, order[0], TIME, dict.fromkeys(order, SEQ), order)
    cut = cuts.seal(cuts.sign(payload, keys[0].signing_key, NETWORK), b"cut", TRANSPORT, 0)
    signed_cut = sealed.open_(cut, TRANSPORT, b"cut")
    name = cuts.name_of(signed_cut)
    acks = []
    for i, key in enumerate(keys):
        lacking = {j: rng.randrange(SEQ) for j in rng.sample(range(n), EXCEPTIONS) if j != i}
        body = cuts.ack_payload(1, TIME, name, lacking, SEQ + 1, 0, 0)
        acks.append(cuts.seal(cuts.sign(body, key.signing_key, NETWORK), b"ack", TRANSPORT, 0))
    return keys, cut, acks


def measure(n: int) -> dict[str, float]:
    rng = random.Random(n)
    keys, cut_file, ack_files = network(n, rng)
    signers = {k.kid: cuts.Signer(k.public_key, k.kid, True) for k in keys}
    bounds = cuts.Bounds(tuple(k.kid for k in keys))
    files = [cut_file, *ack_files]

    start = time.process_time()
    for blob in files:
        envelope = parse_sign1(
            sealed.open_(blob, TRANSPORT, b"ack" if blob is not cut_file else b"cut")
        )
        verify_sign1(envelope, signers[envelope.kid].public_key, NETWORK)  # type: ignore[index]
    baseline = time.process_time() - start

    start = time.process_time()
    keyring = {0: TRANSPORT}.get
    plain = cuts.open_file(cut_file, cuts.CUT_PURPOSE, keyring, bounds.cut_bytes)
    cut = cuts.read_cut(plain, signers.get, NETWORK, bounds)
    acks = {}
    for blob in ack_files:
        signed = cuts.open_file(blob, cuts.ACK_PURPOSE, keyring, bounds.ack_bytes)
        ack = cuts.read_ack(signed, signers.get, NETWORK, bounds, now=TIME)
        acks[ack.feed] = ack
    read = time.process_time() - start
    start = time.process_time()
    together = cuts.held_by_all(list(acks), acks, {cut.name: cut})
    judged = time.process_time() - start
    assert together is not None and len(together) <= n
    return {
        "cut": len(cut_file),
        "ack": sum(map(len, ack_files)) / n,
        "stick": 2 * len(cut_file) + sum(map(len, ack_files)),
        "baseline": baseline,
        "read": read,
        "and": judged,
    }


def main(sizes: list[int]) -> None:
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        "| N | a cut | an ack (2 exceptions) | two cuts and N acks | open and check (baseline) "
        "| read by cuts.py | ratio | held_by_all |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for n in sizes:
        m = measure(n)
        print(
            f"| {n:,} | {m['cut']:,} B | {m['ack']:.0f} B | {m['stick']:,} B "
            f"({m['stick'] / n:.0f} B a commune) | {m['baseline']:.2f} s | {m['read']:.2f} s "
            f"| {m['read'] / m['baseline']:.2f} | {m['and']:.3f} s |"
        )
        if n >= 10_000:
            print(
                f"goal (issue 21): what a stick carries at 10,000 communes <= 10 MB and O(N): "
                f"{m['stick'] / 1e6:.2f} MB, {m['stick'] / n:.0f} B a commune"
            )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000, 10_000])
