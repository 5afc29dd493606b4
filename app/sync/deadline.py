"""A wait that ends at a deadline, taken in short slices so the waiter can look around between
them (is the link still alive? did the person press Stop?). The channel's `recv` and `drain` and
the gate's `first_caller` all wait this way."""

from __future__ import annotations

import time


class Deadline:
    """`seconds` from now on the monotonic clock; None never passes."""

    def __init__(self, seconds: float | None) -> None:
        self._at = None if seconds is None else time.monotonic() + seconds

    def pause(self, most: float) -> float | None:
        """How long the next slice of the wait may last: at most `most` seconds, never beyond the
        deadline; None once the deadline has passed."""
        if self._at is None:
            return most
        remaining = self._at - time.monotonic()
        if remaining <= 0:
            return None
        return min(remaining, most)
