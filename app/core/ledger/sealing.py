"""When pending transactions become a block."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SealPolicy:
    """Seal at `max_pending` waiting transactions or `max_age` seconds after the first one.

    Exports and explicit requests seal too (the node does that itself); batching keeps blocks
    few and full, the age bound keeps a quiet commune's last words from waiting for ever.
    """

    max_pending: int = 100
    max_age: float = 30.0

    def due(self, pending: int, oldest: float | None, now: float) -> bool:
        if pending == 0 or oldest is None:
            return False
        return pending >= self.max_pending or now - oldest >= self.max_age
