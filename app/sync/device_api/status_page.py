"""The status page for technicians on the LAN: plain HTML, every value escaped."""

from __future__ import annotations

import html
import time
from collections.abc import Mapping
from typing import Any


def _when(stamp: float | None) -> str:
    if not stamp:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def render_status(page: Mapping[str, Any]) -> str:
    """Plain HTML, French first with the English after a slash; every value escaped."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>",
        "<title>Obambu — état / status</title>",
        "<style>body{font-family:sans-serif;margin:1em}td,th{padding:2px 8px;"
        "text-align:left}</style></head><body>",
        f"<h1>Obambu — {e(str(page.get('commune', '')))}</h1>",
        f"<p>Instantané / snapshot: {e(_when(page.get('built')))} · "
        f"en attente d'envoi / pending: {int(page.get('pending', 0))}</p>",
        "<h2>Fils / feeds</h2><table><tr><th>Commune</th><th>Hauteur / height</th></tr>",
    ]
    for feed in page.get("feeds", []):
        parts.append(f"<tr><td>{e(str(feed['commune']))}</td><td>{int(feed['head'])}</td></tr>")
    parts.append(
        "</table><h2>Dernières synchronisations / last syncs</h2><table><tr><th>Commune</th>"
        "<th>Balise / beacon</th><th>Blocs en retard / blocks behind</th></tr>"
    )
    for sync in page.get("syncs", []):
        parts.append(
            f"<tr><td>{e(str(sync['commune']))}</td><td>{e(_when(sync['time']))}</td>"
            f"<td>{int(sync['behind'])}</td></tr>"
        )
    api = page.get("api", {})
    seen = {s["id"]: s for s in api.get("seen", [])}
    parts.append(
        "</table><h2>Boîtiers / devices</h2><table><tr><th>Nom / name</th><th>Type</th>"
        "<th>Commune</th><th>Vu / seen</th><th>Dernier rapport / last report</th></tr>"
    )
    for board in page.get("devices", []):
        heard = seen.get(board["id"])
        report = board.get("report")
        said = "—"
        if report:
            said = (
                f"{_when(report['received'])}, file / queue {int(report['queued'])}, "
                f"{int(report['battery_mv'])} mV"
            )
        state = " (retiré / retired)" if board.get("retired") else ""
        where = f"{heard['ago_s']} s, {heard['address']}" if heard else "—"
        parts.append(
            f"<tr><td>{e(str(board['name']))}{state}</td><td>{e(str(board['kind']))}</td>"
            f"<td>{e(str(board['commune']))}</td>"
            f"<td>{e(where)}</td>"
            f"<td>{e(said)}</td></tr>"
        )
    refused = ", ".join(f"{e(k)} {int(v)}" for k, v in sorted(api.get("refused", {}).items()))
    parts.append(
        f"</table><p>Requêtes servies / served: {int(api.get('served', 0))} · "
        f"refusées / refused: {refused or '0'}</p></body></html>"
    )
    return "\n".join(parts)
