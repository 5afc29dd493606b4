"""The kinds of attestation a town hall issues, as data: names in plain French, how long each
stays valid, and how old a commune's cancellation list may be before a verifier must say
"status unknown" for it.

The packaged list is `app/core/attestations/attestation_types/fr.json`; a commune replaces it with a
`doctypes.json` in its profile folder (same format). A verifier that meets a code it does not
know still verifies the signature and shows the code as is, with no age limit on the list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from app.core.errors import ObambuError

FORMAT = "obambu-document-types-1"
LOCAL_FILE = "doctypes.json"


class DocTypesError(ObambuError):
    code = "doctypes_invalid"


@dataclass(frozen=True)
class DocType:
    code: str  # what the QR code carries: short, stable
    label: str  # French, as printed
    label_en: str
    valid_days: int | None
    status_max_age_days: int | None
    born: bool  # the paper shows a birth date
    place: bool  # and a birth place
    detail: str | None  # label of the free field (address, act number…), or None


def load(home: Path | None = None) -> list[DocType]:
    """The commune's list if its profile has one, else the packaged French list."""
    local = home / LOCAL_FILE if home is not None else None
    if local is not None and local.exists():
        data, source = local.read_bytes(), str(local)
    else:
        data = (
            resources.files("app.core.attestations")
            .joinpath("attestation_types", "fr.json")
            .read_bytes()
        )
        source = "app/core/attestations/attestation_types/fr.json"
    try:
        raw: Any = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError(f"format is not {FORMAT}")
        return [parse_entry(entry) for entry in raw["types"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DocTypesError(
            f"The list of attestation types in {source} cannot be read ({exc}). Fix the file or "
            "remove it to use the packaged list."
        ) from exc


def find(types: list[DocType], code: str) -> DocType | None:
    return next((t for t in types if t.code == code), None)


def parse_entry(entry: dict[str, Any]) -> DocType:
    """One type of the list; ValueError, KeyError or TypeError when it is not one."""
    code = entry["code"]
    if not (isinstance(code, str) and 1 <= len(code) <= 16 and code.isascii()):
        raise ValueError(f"type code {code!r} is not 1 to 16 ASCII characters")
    for key in ("valid_days", "status_max_age_days"):
        if entry[key] is not None and not (isinstance(entry[key], int) and entry[key] > 0):
            raise ValueError(f"{key} of {code} must be a positive number of days or null")
    return DocType(
        code,
        str(entry["label"]),
        str(entry.get("label_en", entry["label"])),
        entry["valid_days"],
        entry["status_max_age_days"],
        bool(entry["born"]),
        bool(entry["place"]),
        entry["detail"],
    )
