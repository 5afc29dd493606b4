"""The desktop application on a large profile: cold start, opening the forum, memory.

Each run is a fresh process (offscreen Qt) that starts from nothing, imports the application,
derives the key with Argon2id (timed apart), opens the 1,000,000-object profile on the worker,
shows the main window and waits for the home screen's data; then opens the forum and waits for
the first page of threads and the posts of the first thread. The profile holds about 10,000
threads of 99 replies (~1,000,000 posts). Baseline in the same run: the same on a profile of
two objects.

Goals: start to an unlocked home under 2 s (not counting Argon2id), forum open under 200 ms,
process memory after both under 400 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench.open_profile import OUT, PASSPHRASE, build

PROBE = """
import json, os, resource, sys, time
start = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from app.core.store import profile
from app.core.node.node import Node
from app.ui import i18n
from app.ui.window import MainWindow
from app.ui.worker import Worker
app = QApplication([])
i18n.install(app, "fr")
home, secret = Path(sys.argv[1]), sys.argv[2]
imported = time.perf_counter()
key = profile.unlock_key(home, secret)
kdf = time.perf_counter() - imported

def wait(check):
    while not check():
        app.processEvents()
        time.sleep(0.001)

worker = Worker()
worker.open(lambda: Node.open_with_key(home, key))
window = MainWindow(worker, home.parent)
window.show()
wait(lambda: window.home.title.text() != "")
home_shown = time.perf_counter()
forum_start = time.perf_counter()
window.nav.setCurrentRow(1)
threads = window.forum.threads
wait(lambda: threads.rowCount() > 0 or threads.exhausted)
threads_shown = time.perf_counter()
if threads.rowCount():
    window.forum.thread_view.selectRow(0)
    posts = window.forum.posts
    wait(lambda: posts.rowCount() > 0 or (posts.exhausted and not posts.loading))
forum_done = time.perf_counter()
# Resident memory now (max RSS would count Argon2id's 256 MiB, freed once the key is made).
status = Path("/proc/self/status").read_text()
rss = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmRSS:"))) / 1024
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
window.close()
print(json.dumps({"start": home_shown - start - kdf, "kdf": kdf, "imports": imported - start,
                  "threads": threads_shown - forum_start, "forum": forum_done - forum_start,
                  "rss_mb": rss, "peak_mb": peak, "rows": window.forum.threads.rowCount()}))
"""


def probe(home: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(home), PASSPHRASE],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--objects", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    big, small = OUT / f"profile-{args.objects}", OUT / "profile-small"
    build(big, args.objects)
    build(small, 0)
    runs = [probe(big) for _ in range(args.runs)]
    base = [probe(small) for _ in range(args.runs)]

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in rows)

    print(f"fresh processes: {args.runs} on each profile; medians")
    print(
        f"start to unlocked home, {args.objects:,}-object profile: "
        f"{median(runs, 'start'):.2f} s without Argon2id (goal < 2 s); "
        f"Argon2id {median(runs, 'kdf'):.2f} s; imports {median(runs, 'imports'):.2f} s"
    )
    print(f"baseline, a 2-object profile: {median(base, 'start'):.2f} s")
    print(
        f"forum open: first {int(runs[0]['rows'])} threads in "
        f"{median(runs, 'threads') * 1000:.0f} ms, first thread's posts shown at "
        f"{median(runs, 'forum') * 1000:.0f} ms (goal < 200 ms); baseline "
        f"{median(base, 'forum') * 1000:.0f} ms"
    )
    print(
        f"process memory (resident) after both: {median(runs, 'rss_mb'):.0f} MB (goal < 400 MB); "
        f"baseline {median(base, 'rss_mb'):.0f} MB; peak during Argon2id "
        f"{median(runs, 'peak_mb'):.0f} MB"
    )


if __name__ == "__main__":
    main()
