"""Reading a vote's result from its tally: quorum and the winning option under the rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    total: int
    quorum_reached: bool
    winner: int | None  # index of the option that met the rule, if one did

    def as_dict(self, options: list[str]) -> dict[str, Any]:
        return {
            "total": self.total,
            "quorum_reached": self.quorum_reached,
            "winner": None if self.winner is None else options[self.winner],
        }


def result(rule: str, quorum: int, tally: list[int]) -> Result:
    total = sum(tally)
    reached = total >= quorum and total > 0
    winner = None
    if reached:
        for index, weight in enumerate(tally):
            # Integer arithmetic only: every node must reach the same answer.
            if (rule == "majority" and 2 * weight > total) or (
                rule == "two_thirds" and 3 * weight >= 2 * total
            ):
                winner = index
    return Result(total, reached, winner)
