"""The factory NVS image that holds the relay's CONFIG record (defined in app/sync/relaycfg.py).

On the board the record is the blob `config` in namespace `relay` of the NVS
partition `relaycfg`; a new install writes a whole image of that partition, made by Espressif's
esp-idf-nvs-partition-gen in memory, in the same esptool session as the firmware.
"""

from __future__ import annotations

import io

from app.provision.nvs import NvsFormatError, read_nvs_blob
from app.sync.relaycfg import (
    FLAG_CONFIGURED,
    FORMAT_VERSION,
    MAGIC,
    SIZE,
    RelayConfig,
    RelayConfigError,
)

NVS_PARTITION = "relaycfg"
NVS_NAMESPACE = "relay"
NVS_KEY = "config"
NVS_SIZE = 0x6000


def nvs_image(config: RelayConfig, size: int = NVS_SIZE) -> bytes:
    """The `relaycfg` partition holding `config`, byte-identical to what
    `python -m esp_idf_nvs_partition_gen generate` makes from the equivalent CSV."""
    if size % 0x1000 or size < 0x3000:
        raise ValueError("an NVS partition is a multiple of 4 KiB, at least 12 KiB")
    # Imported here: the generator pulls in cryptography and rich, only needed to provision.
    from esp_idf_nvs_partition_gen import nvs_partition_gen as gen

    out = io.BytesIO()
    # Like the CLI's check_size: the last page stays free for the firmware's page rotation.
    nvs = gen.nvs_open(out, size - gen.Page.PAGE_PARAMS["max_size"], gen.Page.VERSION2)
    gen.write_entry(nvs, NVS_NAMESPACE, "namespace", "", None)
    gen.write_entry(nvs, NVS_KEY, "data", "binary", config.pack())
    gen.nvs_close(nvs)
    return out.getvalue()


def config_from_nvs(image: bytes) -> RelayConfig:
    """The record stored in a `relaycfg` partition image (e.g. read back after flashing)."""
    try:
        return RelayConfig.unpack(read_nvs_blob(image, NVS_NAMESPACE, NVS_KEY))
    except (KeyError, NvsFormatError) as exc:
        raise RelayConfigError(str(exc).strip("'\"")) from exc


__all__ = [
    "FLAG_CONFIGURED",
    "FORMAT_VERSION",
    "MAGIC",
    "NVS_KEY",
    "NVS_NAMESPACE",
    "NVS_PARTITION",
    "NVS_SIZE",
    "SIZE",
    "RelayConfig",
    "RelayConfigError",
    "config_from_nvs",
    "nvs_image",
    "read_nvs_blob",
]
