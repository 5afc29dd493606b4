"""A process for tests/test_stick_faults.py that kills itself in the middle of a stick sync.

    python tests/stick_worker.py HOME STICK import|export PHASE COUNT

The passphrase comes from OBAMBU_PASSPHRASE. The worker SIGKILLs itself (a pulled stick or a
power cut, as far as the store and the stick can tell) at the COUNT-th progress event of
PHASE (read, verify, apply, write, flush, check), or finishes and prints "done".
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.node.node import Node  # noqa: E402
from app.core.progress import Progress  # noqa: E402
from app.sync import intake  # noqa: E402
from app.sync.export import export  # noqa: E402


def main() -> None:
    home, stick, action, phase, count = sys.argv[1:6]
    seen = 0

    def listener(event: Progress) -> None:
        nonlocal seen
        if event.phase.value == phase:
            seen += 1
            if seen >= int(count):
                os.kill(os.getpid(), signal.SIGKILL)

    node = Node.open(Path(home), os.environ["OBAMBU_PASSPHRASE"])
    if action == "import":
        intake.import_(node, Path(stick), listener)
    else:
        export(node, Path(stick), progress=listener)
    node.close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
