"""A foreign commune's feed for benchmarks: real signed blocks and transactions.

Built straight from the object formats, without a store, so that producing 100,000 signed
transactions costs only the signing.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from app.core.attestations.attestation import make_attestation
from app.core.crypto.keys import Identity
from app.core.ledger import transport
from app.core.ledger.objects import Authority, make_block, make_genesis, make_tx, object_id
from app.core.ledger.txtypes import TxType


@dataclass
class Feed:
    """Ambam's node and mayor, writing blocks for a network that also counts `receiver`."""

    receiver: Authority
    node: Identity = field(default_factory=Identity.generate)
    mayor: Identity = field(default_factory=Identity.generate)

    def __post_init__(self) -> None:
        me = Authority(
            self.node.actor, "Ambam", self.node.current.public_key, self.node.next_digest
        )
        authorities = [me, self.receiver]
        self.transport_key = transport.new_key()
        sealed = transport.seal(self.transport_key, authorities)
        self.genesis = make_genesis(self.node.current, "Bench", 1, authorities, sealed)
        self.network_id = object_id(self.genesis)
        self.seq = -1
        self.prev: bytes | None = None
        self.aseq = 0

    def _tx(self, kind: TxType, body: dict[str, object], *, node: bool = False) -> bytes:
        who = self.node if node else self.mayor
        if not node:
            self.aseq += 1
        return make_tx(
            who.current,
            self.network_id,
            type=kind,
            actor=who.actor,
            aseq=1 if node else self.aseq,
            body=body,
            time=int(time.time()),
        )

    def _block(self, txs: list[bytes]) -> bytes:
        self.seq += 1
        data = make_block(
            self.node.current,
            self.network_id,
            author=self.node.actor,
            seq=self.seq,
            prev=self.prev,
            refs=[],
            epoch=0,
            time=int(time.time()),
            txs=txs,
        )
        self.prev = object_id(data)
        return data

    def first_block(self) -> bytes:
        body = {
            "id": self.mayor.actor,
            "pk": self.mayor.current.public_key,
            "next": self.mayor.next_digest,
            "name": "Marie Ndongo",
            "role": "mayor",
        }
        return self._block([self._tx(TxType.MEMBER_ADD, body, node=True)])

    def forum_blocks(self, blocks: int, per_block: int) -> Iterator[bytes]:
        """Each block: one thread and per_block - 1 replies in it."""
        for n in range(blocks):
            thread = self._tx(TxType.FORUM_THREAD, {"title": f"Sujet {n}", "body": "Bonjour"})
            txs = [thread]
            for m in range(per_block - 1):
                txs.append(
                    self._tx(
                        TxType.FORUM_POST,
                        {
                            "thread": object_id(thread),
                            "body": f"Réponse {m} : d'accord pour jeudi.",
                        },
                    )
                )
            yield self._block(txs)

    def attestation_blocks(self, blocks: int, per_block: int) -> Iterator[bytes]:
        """Each block: per_block attestations of distinct documents."""
        for n in range(blocks):
            txs = []
            for m in range(per_block):
                number = n * per_block + m + 1  # the commune's next number of the year
                att = make_attestation(
                    self.mayor.current,
                    commune=self.node.actor,
                    doc_type="res",
                    subject=f"Habitant {n}-{m}",
                    seq=number,
                    doc_hash=document_hash(number - 1),
                    issued=1_700_000_000,
                )
                body = {"att": att, "requester": "self", "id_checked": 1}
                txs.append(self._tx(TxType.ATTEST, body))
            yield self._block(txs)


def document_hash(index: int) -> bytes:
    return hashlib.sha256(f"document {index}".encode()).digest()
