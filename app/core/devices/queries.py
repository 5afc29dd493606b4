"""What the Devices screen reads about the boards of the network."""

from __future__ import annotations

from typing import Any

from app.core.devices import devices
from app.core.node.node import Node


def boards(node: Node) -> list[dict[str, Any]]:
    """Every registered board with its newest report, our pending transactions included (a
    board registered a second ago shows before the next seal)."""
    with node.overlay():
        return devices.latest(node.store)
