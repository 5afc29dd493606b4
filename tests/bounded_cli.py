"""`obambu` in a child process with its memory measured, for tests that hand it a hostile stick.

    python tests/bounded_cli.py PEAK_FILE ARGS...

Runs app.cli.main(ARGS) under tracemalloc and writes the peak of Python allocations, in bytes,
to PEAK_FILE (what the command itself held: Argon2's buffer is libsodium's, not counted). The
test runs it with a timeout and an address-space cap, so a hang or a runaway read on the old
code ends as a failed test, not a stuck or starved machine.
"""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main() -> int:
    peak_file, *argv = sys.argv[1:]
    tracemalloc.start()
    from app.cli import main as obambu  # imported under tracemalloc: its memory counts

    try:
        code = obambu(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        Path(peak_file).write_text(str(tracemalloc.get_traced_memory()[1]))
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
