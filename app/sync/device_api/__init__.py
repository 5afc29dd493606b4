"""The device API: a small HTTP service the app runs while it is open, for the boards of the
commune on Wi-Fi (a "low-tech box" display in the town hall, a relay with Wi-Fi), and the
node's read-only status page for technicians on the LAN. docs/device-api.md is the reference.

Nothing here touches the store from the HTTP threads. `Snapshot.build` runs on the worker (the
thread that owns the node) and gathers everything the API may serve; the server only ever reads
the current snapshot, swapped in whole by `DeviceApi.update`. A board proves who it is with the
Ed25519 key registered in the ledger (DEVICE_REGISTER): hello → challenge, session → signed
challenge → token, then token-authenticated GETs. An unregistered, retired or foreign board gets
a clear refusal and nothing else.

Bodies are binary and little-endian so the C core (firmware/core/devapi.c) needs no JSON.

Where each part lives: `wire` (the binary records and the refusals), `snapshot` (what may be
served, built on the worker), `sessions` (hello, challenge, token, rate), `handler` (HTTP, one
connection at a time, bounded), `service` (`DeviceApi`: start, stop, counters), `network` (local
addresses, interfaces) and `status_page` (the technicians' HTML page).
"""

from app.sync.device_api.network import interfaces, is_local_address
from app.sync.device_api.service import DeviceApi, DeviceApiError
from app.sync.device_api.snapshot import Content, Device, Snapshot
from app.sync.device_api.status_page import render_status

__all__ = [
    "Content",
    "Device",
    "DeviceApi",
    "DeviceApiError",
    "Snapshot",
    "interfaces",
    "is_local_address",
    "render_status",
]
