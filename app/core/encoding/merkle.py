"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing with SHA-256.

Leaves and nodes get different one-byte prefixes so a leaf can never be passed off as an inner
node (second-preimage attack). Inclusion proofs are the RFC's audit paths, so any RFC 6962/9162
verifier can check ours.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

HASH_SIZE = 32
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """Largest power of two strictly smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def _subtree(hashes: Sequence[bytes], lo: int, hi: int) -> bytes:
    # Index ranges instead of slices: slicing would copy the list at every level.
    if hi - lo == 1:
        return hashes[lo]
    mid = lo + _split(hi - lo)
    return node_hash(_subtree(hashes, lo, mid), _subtree(hashes, mid, hi))


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) of the leaf data; the empty tree's root is SHA-256 of nothing."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    return _subtree([leaf_hash(d) for d in leaves], 0, len(leaves))


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) per RFC 9162 §2.1.3.1, ordered from the leaf upwards."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"Leaf index {index} is outside a tree of {len(leaves)} leaves.")
    hashes = [leaf_hash(d) for d in leaves]
    path: list[bytes] = []
    lo, hi = 0, len(hashes)
    # Walk down from the root, noting the sibling subtree at each level; reversed at the end.
    while hi - lo > 1:
        mid = lo + _split(hi - lo)
        if index < mid:
            path.append(_subtree(hashes, mid, hi))
            hi = mid
        else:
            path.append(_subtree(hashes, lo, mid))
            lo = mid
    path.reverse()
    return path


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """True if leaf *data* `leaf` sits at `index` in the tree of `size` leaves with this root.

    The algorithm of RFC 9162 §2.1.3.2, step for step. Never raises on hostile input.
    A proof does not pin the size on its own (a path can fit several sizes of the same shape),
    so take `size` and `root` together from one signed tree head, never from the prover.
    """
    if not 0 <= index < size:
        return False
    if len(root) != HASH_SIZE or any(len(p) != HASH_SIZE for p in proof):
        return False
    fn, sn = index, size - 1
    r = leaf_hash(leaf)
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and hmac.compare_digest(r, root)
