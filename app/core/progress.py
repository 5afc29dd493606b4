"""Progress events: one type for every phase of every sync, shown by the CLI and the screens.

Like borg's progress helpers, the work reports plain events and does not know who listens;
the command line prints them on stderr, the Qt screens turn them into bars.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum


class Phase(str, Enum):
    READ = "read"  # copying records from the stick or the link
    VERIFY = "verify"  # checksums, decryption and format of each record
    APPLY = "apply"  # the ledger rules, a block per savepoint, a group per store commit
    WRITE = "write"  # writing segments and beacons to the stick
    FLUSH = "flush"  # forcing the stick to hold what was written
    CHECK = "check"  # reading back what was written


@dataclass(frozen=True)
class Progress:
    phase: Phase
    done: int  # items done in this phase
    total: int  # items expected, 0 when unknown
    bytes: int = 0  # bytes done in this phase

    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None


Listener = Callable[[Progress], None]


def ignore(event: Progress) -> None:
    """The listener of callers that do not show progress."""
