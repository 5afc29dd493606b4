"""Errors as a clerk reads them: one translated sentence with one action, chosen by the code.

The core's English sentences are the command line's; here each code has its own translated
sentence. An error without a code is a bug: it gets the report dialog instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.errors import ObambuError


def user_message(error: BaseException) -> str:
    """The sentence for a user-facing error; falls back to the core's own sentence."""
    if not isinstance(error, ObambuError):
        return QCoreApplication.translate(
            "messages",
            "Something went wrong inside Obambu. Save the report and send it to support.",
        )
    sentences = {
        "wrong_passphrase": QCoreApplication.translate(
            "messages", "The passphrase is wrong. Type it again, minding capitals and accents."
        ),
        "profile_missing": QCoreApplication.translate(
            "messages", "There is no profile in this folder. Create one or open the demo."
        ),
        "foreign_stick": QCoreApplication.translate(
            "messages", "This stick belongs to another network. Use a stick of your own network."
        ),
        "no_stick_folder": QCoreApplication.translate(
            "messages", "There is no OBAMBU folder on this stick. Check that you chose the stick."
        ),
        "backup_not_a_backup": QCoreApplication.translate(
            "messages",
            "This file is not an Obambu backup. Choose the file that Obambu saved as a backup.",
        ),
        "backup_truncated": QCoreApplication.translate(
            "messages",
            "The backup file is incomplete, probably cut short while copying. Copy it again "
            "from the original and retry.",
        ),
        "backup_corrupted": QCoreApplication.translate(
            "messages", "The backup file is damaged. Open another copy of the backup."
        ),
        "backup_unsupported_version": QCoreApplication.translate(
            "messages",
            "This backup was made by a newer version of Obambu. Update Obambu, then open the "
            "backup again.",
        ),
        "backup_wrong_passphrase_or_damaged": QCoreApplication.translate(
            "messages",
            "The passphrase does not open this backup, or the backup is damaged. Type the "
            "passphrase of the laptop it came from.",
        ),
        "stick_write_failed": QCoreApplication.translate(
            "messages",
            "Writing to the stick failed. Check that it is still plugged in and not full, then "
            "sync again; nothing was lost.",
        ),
    }
    return sentences.get(error.code, error.message)
