"""The device API's wire formats (docs/device-api.md): binary, little-endian, so the C core
(firmware/core/devapi.c) needs no JSON; and its refusals, each a status and one sentence."""

from __future__ import annotations

import struct

CONTEXT = b"OBAMBU-DEVICE-HELLO-1"  # signed with the network tag, device and challenge
MAX_BODY = 256  # no request needs more
CHALLENGE_S = 30  # a challenge lives this long, and serves once
TOKEN_S = 600  # a session token lives this long
POLL_S = 60  # how often a board should look at content_index

HELLO = struct.Struct("<8s8s")  # device, network tag
GRANT = struct.Struct("<16sI")  # challenge or token, seconds it stays valid
SESSION = struct.Struct("<8s16s64s")  # device, challenge, signature
CONFIG_MAGIC = b"OBDV"
CONFIG_FORMAT = 1
# magic, format, kind, flags, network tag, device, commune, poll s, content version, token s,
# snapshot time (Unix s), board name, commune name
CONFIG = struct.Struct("<4sHBB8s8s8sIIII24s24s")
INDEX_HEAD = struct.Struct("<IH")  # content version, count
INDEX_ENTRY = struct.Struct("<16sBBI")  # id, type, class, length

KINDS = {"relay": 0, "display": 1}
DISPLAY, OBJECT = 0, 1  # content types
AUTH_SCHEME = "Obambu "

# --- refusals ---------------------------------------------------------------------------------

REFUSALS: dict[str, tuple[int, str]] = {
    "malformed": (400, "The request is malformed: update the board's firmware to match Obambu."),
    "too_large": (413, "The request body is too large: device requests are at most 256 bytes."),
    "not_found": (404, "There is nothing at this address."),
    "method": (405, "This method is not allowed at this address."),
    "rate_limited": (429, "Too many requests from this address: wait a few seconds, then retry."),
    "busy": (503, "The laptop is serving too many connections: try again in a few seconds."),
    "other_network": (
        403,
        "This board belongs to another network: configure it again from a laptop of this one.",
    ),
    "unknown_device": (
        403,
        "This board is not registered in this network: register it on the Devices screen first.",
    ),
    "device_retired": (
        403,
        "This board was retired: register it again before it may receive anything.",
    ),
    "challenge_unknown": (
        401,
        "This challenge is unknown, already used or expired: say hello again.",
    ),
    "bad_signature": (
        401,
        "The signature does not match the board's registered key: configure the board again.",
    ),
    "token_missing": (401, "This request needs a session token: say hello first."),
    "token_unknown": (401, "This session token is unknown or expired: say hello again."),
    "not_local": (403, "The status page is only served to addresses of the local network."),
}
