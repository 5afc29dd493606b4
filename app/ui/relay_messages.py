"""Translated sentences for what can go wrong with a relay board: flashing, packs, the relay's
own answers. `app.ui.messages.user_message` looks here by the error's code; the English text
of each lives next to the code that raises it (app/provision/hints.py, pack.py,
app/sync/relay.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def relay_sentence(code: str, params: dict[str, str]) -> str | None:
    sentences = {
        "no_answer": QCoreApplication.translate(
            "relay",
            "The relay does not answer. Hold its BOOT button, tap RESET, "
            'release BOOT, tick "I hold the BOOT button" and try again.',
        ),
        "wrong_boot_mode": QCoreApplication.translate(
            "relay",
            "The relay started its program instead of waiting to "
            "be flashed. Hold BOOT, tap RESET, release BOOT and try again.",
        ),
        "tx_path_down": QCoreApplication.translate(
            "relay", "The relay does not hear the computer. Try another USB cable."
        ),
        "serial_noise": QCoreApplication.translate(
            "relay",
            "The USB link garbles data. Plug the relay straight into "
            "the computer or a powered hub and flash again.",
        ),
        "flash_write_failed": QCoreApplication.translate(
            "relay",
            "The relay's memory refused a write. Plug it into a powered USB port and flash again.",
        ),
        "verify_failed": QCoreApplication.translate(
            "relay",
            "What the relay stored differs from the firmware. Flash "
            "again with the relay on steady power.",
        ),
        "disconnected": QCoreApplication.translate(
            "relay",
            "The relay was unplugged during flashing. It is not "
            "damaged: plug it in again and flash again.",
        ),
        "flash_interrupted": QCoreApplication.translate(
            "relay",
            "Flashing stopped before the end: the relay will not "
            "start, but it can be recovered. Hold BOOT and flash again.",
        ),
        "cancelled": QCoreApplication.translate(
            "relay", "Flashing was cancelled before anything was written: the relay is unchanged."
        ),
        "no_port": QCoreApplication.translate(
            "relay",
            "No relay port appeared. Plug the relay in with a USB data "
            "cable: charge-only cables carry no data.",
        ),
        "port_vanished": QCoreApplication.translate(
            "relay",
            "The port appeared and vanished at once (the brltty "
            "program takes CH340 adapters). Ask the administrator to remove "
            "brltty, then plug the relay in again.",
        ),
        "port_permission": QCoreApplication.translate(
            "relay",
            "This account may not use serial ports. Ask the "
            "administrator to add it to the dialout group.",
        ),
        "port_missing": QCoreApplication.translate(
            "relay", "The relay's port has gone. Plug the relay in again and choose its port."
        ),
        "wrong_chip": QCoreApplication.translate(
            "relay",
            "This relay has a %1 chip but the firmware is for %2. Choose firmware made for %1.",
        ),
        "flash_too_small": QCoreApplication.translate(
            "relay",
            "This relay has %1 of flash but the firmware needs %2. Use a relay with more flash.",
        ),
        "config_mismatch": QCoreApplication.translate(
            "relay",
            "The relay did not keep the settings it was given. "
            "Flash the firmware pack again, then configure it.",
        ),
        "pack_damaged": QCoreApplication.translate(
            "relay", "This firmware pack is damaged or incomplete. Ask for the pack again."
        ),
        "pack_hash_mismatch": QCoreApplication.translate(
            "relay", "A part of this firmware pack was altered or damaged. Ask for the pack again."
        ),
        "pack_forged": QCoreApplication.translate(
            "relay",
            "This firmware pack's signature does not match: do not "
            "flash it. Ask your technician for the pack.",
        ),
        "pack_unknown_signer": QCoreApplication.translate(
            "relay",
            "This pack is signed by someone this network does "
            "not know. Use a pack signed by one of your technicians.",
        ),
        "pack_not_technician": QCoreApplication.translate(
            "relay",
            "This pack's signer may not sign firmware. Use a pack signed by a current technician.",
        ),
        "pack_wrong_chip": QCoreApplication.translate(
            "relay", "This pack was built for another chip. Use a pack made for this board."
        ),
        "pack_version_mismatch": QCoreApplication.translate(
            "relay",
            "The application inside the pack is not the "
            "version its manifest names. Ask for the pack again.",
        ),
        "relay_not_configured": QCoreApplication.translate(
            "relay", "This relay is not configured yet. Give it its settings from this screen."
        ),
        "relay_other_network": QCoreApplication.translate(
            "relay", "This relay belongs to another network. Use a relay of your own network."
        ),
        "relay_silent": QCoreApplication.translate(
            "relay", "The relay did not answer in time. Check the cable, then try again."
        ),
        "device_api_error": QCoreApplication.translate(
            "relay",
            "The service for boards cannot listen there. Choose another interface or port, or "
            "close the program that uses it.",
        ),
        "relay_full": QCoreApplication.translate(
            "relay", "The relay is full. Let another laptop collect what it holds, then try again."
        ),
    }
    sentence = sentences.get(code)
    if sentence is None:
        return None
    values = list(params.values())
    for number, value in enumerate(values, 1):  # hints give {found}, {expected} in that order
        sentence = sentence.replace(f"%{number}", str(value))
    return sentence
