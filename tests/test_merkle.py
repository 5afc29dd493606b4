"""RFC 6962/9162 vectors from transparency-dev/merkle (testonly/constants.go, proof/verify_test.go,
rfc6962/rfc6962_test.go)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.encoding.merkle import inclusion_proof, leaf_hash, node_hash, root, verify_inclusion

h = bytes.fromhex

LEAVES = [
    h(""),
    h("00"),
    h("10"),
    h("2021"),
    h("3031"),
    h("40414243"),
    h("5051525354555657"),
    h("606162636465666768696a6b6c6d6e6f"),
]

ROOTS = [
    h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]

LEAF_HASHES = [
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
    h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
    h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
    h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
    h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
    h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
    h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
]

# (zero-based index, size, path); the Go file counts leaves from 1.
PROOFS = [
    (0, 1, []),
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
]


def leaves_of(size: int) -> list[bytes]:
    return [i.to_bytes(4, "big") + b"entry" for i in range(size)]


def test_hashers() -> None:
    assert leaf_hash(b"") == hashlib.sha256(b"\x00").digest()
    assert leaf_hash(b"L123456") == h(
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert node_hash(b"N123", b"N456") == h(
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )
    assert [leaf_hash(d) for d in LEAVES] == LEAF_HASHES


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_roots(size: int) -> None:
    assert root(LEAVES[:size]) == ROOTS[size]


def test_empty_root() -> None:
    assert root([]) == hashlib.sha256(b"").digest()


@pytest.mark.parametrize(("index", "size", "path"), PROOFS)
def test_known_proofs(index: int, size: int, path: list[bytes]) -> None:
    assert inclusion_proof(LEAVES[:size], index) == path
    assert verify_inclusion(LEAVES[index], index, size, path, ROOTS[size])


@pytest.mark.parametrize("size", range(1, 21))
def test_all_proofs_up_to_20(size: int) -> None:
    leaves = leaves_of(size)
    r = root(leaves)
    for index in range(size):
        proof = inclusion_proof(leaves, index)
        assert verify_inclusion(leaves[index], index, size, proof, r)
        # Right proof, wrong claims.
        assert not verify_inclusion(leaves[index] + b"x", index, size, proof, r)
        if size > 1:
            assert not verify_inclusion(leaves[index], (index + 1) % size, size, proof, r)
            other = leaves[(index + 1) % size]
            assert not verify_inclusion(other, index, size, proof, r)
        assert not verify_inclusion(leaves[index], index, size, proof, r[:-1] + b"\x00")


@pytest.mark.parametrize("size", range(2, 21))
def test_tampered_proofs_fail(size: int) -> None:
    leaves = leaves_of(size)
    r = root(leaves)
    for index in range(size):
        proof = inclusion_proof(leaves, index)
        for k in range(len(proof)):
            flipped = list(proof)
            flipped[k] = bytes([proof[k][0] ^ 1]) + proof[k][1:]
            assert not verify_inclusion(leaves[index], index, size, flipped, r)
        assert not verify_inclusion(leaves[index], index, size, proof[:-1], r)
        assert not verify_inclusion(leaves[index], index, size, [*proof, r], r)
        assert not verify_inclusion(leaves[index], index, size, proof[::-1], r) or (
            proof == proof[::-1]
        )


def test_verify_never_raises_on_nonsense() -> None:
    r = root(LEAVES)
    assert not verify_inclusion(LEAVES[0], -1, 8, [], r)
    assert not verify_inclusion(LEAVES[0], 8, 8, [], r)
    assert not verify_inclusion(LEAVES[0], 0, 0, [], r)
    assert not verify_inclusion(LEAVES[0], 0, 8, [b"short"] * 3, r)
    assert not verify_inclusion(LEAVES[0], 0, 8, inclusion_proof(LEAVES, 0), b"")


def test_single_leaf_tree_needs_empty_proof() -> None:
    assert verify_inclusion(b"a", 0, 1, [], root([b"a"]))
    assert not verify_inclusion(b"a", 0, 1, [root([b"a"])], root([b"a"]))


@pytest.mark.parametrize("index", [-1, 3, 100])
def test_proof_index_out_of_range(index: int) -> None:
    with pytest.raises(ValueError):
        inclusion_proof(LEAVES[:3], index)


def _reference_root(leaves: list[bytes]) -> bytes:
    # Straight transcription of RFC 9162 §2.1.1 with slices, to compare against.
    n = len(leaves)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaf_hash(leaves[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(_reference_root(leaves[:k]), _reference_root(leaves[k:]))


@given(st.lists(st.binary(max_size=8), max_size=70), st.data())
def test_matches_reference(leaves: list[bytes], data: st.DataObject) -> None:
    r = root(leaves)
    assert r == _reference_root(leaves)
    if leaves:
        index = data.draw(st.integers(min_value=0, max_value=len(leaves) - 1))
        proof = inclusion_proof(leaves, index)
        assert verify_inclusion(leaves[index], index, len(leaves), proof, r)


def test_larger_tree() -> None:
    leaves = leaves_of(1000)
    r = root(leaves)
    for index in (0, 511, 512, 999):
        assert verify_inclusion(leaves[index], index, 1000, inclusion_proof(leaves, index), r)
