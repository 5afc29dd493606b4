"""A process for tests/test_crash.py to SIGKILL at random points.

    python tests/crash_worker.py HOME seal [LIMIT]
    python tests/crash_worker.py HOME apply BLOCKFILE

The passphrase comes from OBAMBU_PASSPHRASE. After opening the profile the worker prints
"ready", then one line per committed step, flushed at once, so that a line read by the test
means the step's transaction has been committed:

- seal: loops forever (or LIMIT steps): submits a forum thread and two posts in it, then
  seals. Lines: "submit TXID" after each submit, "sealed BLOCKID NTXS" after each seal.
- apply: receives the blocks of BLOCKFILE (each one a 4-byte big-endian length, then the
  bytes) one by one. Lines: "STATUS BLOCKID" with the outcome of each receive, then "done".
- member NAME: registers one more member on this laptop (Node.add_member), then "done".

With CRASH_AT set, the worker SIGKILLs itself at one exact point, for crash windows too narrow
to hit by timing:

- CRASH_AT=retry: when the ledger starts retrying waiting blocks while some are waiting.
- CRASH_AT=member_submit: when Node._queue is called for a MEMBER_ADD.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.ledger.ledger import Ledger  # noqa: E402
from app.core.ledger.txtypes import TxType  # noqa: E402
from app.core.node.node import Node  # noqa: E402


def die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def install_crash_point(where: str) -> None:
    if where == "retry":
        retry = Ledger.retry_waiting

        def dying_retry(self: Ledger) -> None:
            if self.store.value("SELECT count(*) FROM waiting"):
                die()
            retry(self)

        Ledger.retry_waiting = dying_retry  # type: ignore[method-assign]
    elif where == "member_submit":
        queue = Node._queue

        def dying_queue(self: Node, kind: TxType, *args: Any, **kwargs: Any) -> bytes:
            if kind == TxType.MEMBER_ADD:
                die()
            return queue(self, kind, *args, **kwargs)

        Node._queue = dying_queue  # type: ignore[method-assign]
    elif where:
        raise SystemExit(f"unknown CRASH_AT {where!r}")


def read_blocks(path: Path) -> list[bytes]:
    data = path.read_bytes()
    blocks, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        blocks.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    return blocks


def write_blocks(path: Path, blocks: list[bytes]) -> None:
    path.write_bytes(b"".join(len(b).to_bytes(4, "big") + b for b in blocks))


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def seal_loop(node: Node, limit: int) -> None:
    step = 0
    while limit <= 0 or step < limit:
        # Bodies of a few kB, so that a commit spans several pages of the WAL.
        filler = f"corps {step} " * (50 + 40 * (step % 7))
        thread = node.submit(
            TxType.FORUM_THREAD, {"title": f"Sujet {step}", "body": filler}, prio=step % 4
        )
        say(f"submit {thread.hex()}")
        for n in range(2):
            post = node.submit(TxType.FORUM_POST, {"thread": thread, "body": f"{n} {filler}"})
            say(f"submit {post.hex()}")
        block = node.seal()
        if block is None:
            raise SystemExit("seal: nothing was pending after three submits")
        count = int(node.store.value("SELECT count(*) FROM txs WHERE block = ?", (block,)))
        say(f"sealed {block.hex()} {count}")
        step += 1
    say("done")


def apply_loop(node: Node, blocks: list[bytes]) -> None:
    for data in blocks:
        outcome = node.receive(data)
        say(f"{outcome.status} {outcome.id.hex()}")
    say("done")


def main(argv: list[str]) -> int:
    home, mode = Path(argv[0]), argv[1]
    install_crash_point(os.environ.get("CRASH_AT", ""))
    node = Node.open(home, os.environ["OBAMBU_PASSPHRASE"])
    try:
        say("ready")
        if mode == "seal":
            seal_loop(node, int(argv[2]) if len(argv) > 2 else 0)
        elif mode == "apply":
            apply_loop(node, read_blocks(Path(argv[2])))
        elif mode == "member":
            say(f"member {node.add_member(argv[2]).hex()}")
            say("done")
        else:
            raise SystemExit(f"unknown mode {mode!r}")
    finally:
        node.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
