"""What one row per transaction (schema 24) changes for a profile that already holds 100,000
objects: the one-time rebuild when the new version first opens it, and the forum's and the
status's questions, before and after, on the same profile (the person has read half the
messages). CPU time, median of 7, so that a loaded machine's neighbours count little.

The profile is built as `bench.open_profile` builds its own, by the previous version (schema
23, its message insert), and kept under bench/out/; it is copied, asked with the previous
version's query, then opened by today's code, which rebuilds it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.forum import queries
from app.core.forum import rules as forum_rules
from app.core.node.node import Node
from app.core.status import status
from app.core.store import profile, store
from app.core.store.schema import MIGRATIONS
from bench.apply_rate import OLD_INSERT
from bench.open_profile import OUT, PASSPHRASE, build

# The schema before one row per transaction (23): the message table keyed by its own id.
BEFORE = next(n for n, script in enumerate(MIGRATIONS) if "CREATE TABLE post_rows" in script)
# How the version at schema 23 counted a thread's unread messages (by each message's id).
PREVIOUS_UNREAD = (
    "(threads.actor != ? AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.person = ? "
    "AND m.item = threads.id)) + (SELECT count(*) FROM posts p WHERE p.thread = threads.id "
    "AND p.actor != ? AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.person = ? "
    "AND m.item = p.id))"
)


def cpu_ms(work: Callable[[], Any]) -> float:
    runs = []
    for _ in range(7):
        start = time.process_time()
        work()
        runs.append(time.process_time() - start)
    return statistics.median(runs) * 1000


def questions(node: Node) -> dict[str, float]:
    thread = node.store.value(
        "SELECT thread FROM posts GROUP BY thread ORDER BY count(*) DESC LIMIT 1"
    )
    some = [bytes(r[0]) for r in node.store.all("SELECT id FROM posts ORDER BY id LIMIT 200")]
    return {
        "the thread list with unread counts": cpu_ms(lambda: queries.threads(node)),
        "threads holding unread messages": cpu_ms(lambda: queries.unread_threads(node)),
        "200 messages of the largest thread": cpu_ms(lambda: queries.posts(node, thread)),
        "search into replies (no match)": cpu_ms(lambda: queries.threads(node, search="zzz")),
        "200 messages by id": cpu_ms(
            lambda: [node.store.value("SELECT thread FROM posts WHERE id = ?", (i,)) for i in some]
        ),
        "status": cpu_ms(lambda: status(node)),
    }


def main() -> None:
    source = OUT / "profile-100000-schema23"
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    today = queries._UNREAD, forum_rules.INSERT_POST
    # The previous version: its migrations, its message insert, its count of unread messages.
    setattr(store, "MIGRATIONS", MIGRATIONS[:BEFORE])  # noqa: B010
    queries._UNREAD, forum_rules.INSERT_POST = PREVIOUS_UNREAD, OLD_INSERT
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        home = Path(tmp) / "profile"
        try:
            build(source, 100_000)
            shutil.copytree(source, home, ignore=shutil.ignore_patterns("complete"))
            key = profile.unlock_key(home, PASSPHRASE)
            node = Node.open_with_key(home, key)
            node.store.run(  # the person acting here has read every other block's messages
                "INSERT OR IGNORE INTO read_marks SELECT ?, id FROM posts WHERE seq % 2 = 0",
                (queries.reader(node),),
            )
            posts = node.store.value("SELECT count(*) FROM posts")
            before = questions(node)
            node.close()
        finally:
            setattr(store, "MIGRATIONS", MIGRATIONS)  # noqa: B010
            queries._UNREAD, forum_rules.INSERT_POST = today
        wall, cpu = time.perf_counter(), time.process_time()
        node = Node.open_with_key(home, key)
        print(
            f"first open by the new version, rebuilding {posts:,} messages: "
            f"{time.perf_counter() - wall:.2f} s ({time.process_time() - cpu:.2f} s of CPU)"
        )
        after = questions(node)
        node.close()
        wall = time.perf_counter()
        Node.open_with_key(home, key).close()
        print(f"the next open: {(time.perf_counter() - wall) * 1000:.0f} ms")
    for name, ms in before.items():
        print(f"{name}: {ms:.2f} ms before, {after[name]:.2f} ms after (CPU)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
