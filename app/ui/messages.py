"""Errors as a clerk reads them: one translated sentence with one action, chosen by the code.

The core's English sentences are the command line's; here each code has its own translated
sentence. An error without a code is a bug: it gets the report dialog instead.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.attestations import scan
from app.core.crypto import passphrases
from app.core.documents import documents
from app.core.errors import ObambuError
from app.core.safetext import block
from app.ui.relay_messages import relay_sentence


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
        "other_version": QCoreApplication.translate(
            "messages",
            "The other laptop runs another version of Obambu. Update both laptops to the same "
            "version.",
        ),
        "slow_peer": QCoreApplication.translate(
            "messages",
            "The other side did not prove in time that it belongs to your network. Check which "
            "laptop you connected to, then sync again.",
        ),
        "bad_peer": QCoreApplication.translate(
            "messages",
            "The other side sent something Obambu does not accept. Check which laptop you "
            "connected to, and that both run the same version.",
        ),
        "profile_busy": QCoreApplication.translate(
            "messages",
            "This profile is in use by another Obambu window or command. Close it, then try "
            "again; nothing was changed.",
        ),
        "restore_incomplete": QCoreApplication.translate(
            "messages",
            "This laptop was restored and may lack what it signed before. Take in a stick "
            "from another commune first.",
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
        "stick_unsafe": QCoreApplication.translate(
            "messages",
            "A folder Obambu writes in on this stick is a link or a file. Remove it from the "
            "stick, or use another stick.",
        ),
        "stick_write_failed": QCoreApplication.translate(
            "messages",
            "Writing to the stick failed. Check that it is still plugged in and not full, then "
            "sync again; nothing was lost.",
        ),
        "clock_behind": QCoreApplication.translate(
            "messages",
            "The laptop's clock is earlier than what this town hall already recorded: the "
            "attestation would carry a wrong date. Set the date and time, then issue again.",
        ),
        "oversized": QCoreApplication.translate(
            "messages",
            "The attestation would not fit its QR code. Shorten the name, the place or the detail.",
        ),
        "no_identity_note": QCoreApplication.translate(
            "messages", "Say why the attestation is issued without checking an identity document."
        ),
        "reason_needs_note": QCoreApplication.translate(
            "messages", "Say in a few words what happened: this reason needs it."
        ),
        "not_officer": QCoreApplication.translate(
            "messages",
            "Only the mayor or a deputy may cancel or replace an attestation. Ask them to do it "
            "from their account.",
        ),
        "already_revoked": QCoreApplication.translate(
            "messages", "This attestation is already cancelled or replaced. Refresh the list."
        ),
        "number_shape": QCoreApplication.translate(
            "messages",
            "This is not an attestation number: it has four letters or digits, the year, six "
            "digits and a check character, as in K7QP-2026-000412-X. Type it again.",
        ),
        "number_check": QCoreApplication.translate(
            "messages",
            "The check character does not match: a character was misread or mistyped. Read the "
            "number on the paper again.",
        ),
        "no_qr_in_file": QCoreApplication.translate(
            "messages",
            "No attestation QR code could be read in this file. Take a sharper photo, or type "
            "the number printed under the code.",
        ),
        "qr_not_an_attestation": QCoreApplication.translate(
            "messages", "This is not an Obambu attestation. Scan or type the attestation again."
        ),
        "qr_damaged": QCoreApplication.translate(
            "messages",
            "The attestation code is damaged or was typed wrongly. Scan it again, or type the "
            "number printed under it.",
        ),
        "kit_missing": QCoreApplication.translate(
            "messages", "There is no verifier kit there. Choose the folder that holds OBAMBU-KIT."
        ),
        "kit_not_a_kit": QCoreApplication.translate(
            "messages", "This is not an Obambu verifier kit. Choose another folder."
        ),
        "kit_damaged": QCoreApplication.translate(
            "messages", "This verifier kit is damaged or altered. Ask the town hall for a new one."
        ),
        "kit_other_network": QCoreApplication.translate(
            "messages",
            "This kit belongs to another network than the one this laptop verifies. Ask for the "
            "kit of your own network.",
        ),
        "kit_none_loaded": QCoreApplication.translate(
            "messages", "No verifier kit is loaded yet. Load the kit from the town hall's stick."
        ),
        "kit_number": QCoreApplication.translate(
            "messages",
            "A number can only be checked by a town hall. Scan the QR code, or call the town "
            "hall with the number.",
        ),
        "qr_empty": QCoreApplication.translate(
            "messages",
            "The attestation code has nothing after AT1:. Scan or type the whole attestation "
            "code again.",
        ),
        "damaged_pdf": QCoreApplication.translate(
            "messages",
            "This PDF file is damaged and cannot be read. Ask for the certificate again.",
        ),
        "scan_not_a_file": QCoreApplication.translate(
            "messages",
            "This is not a photo, a scan or a PDF file. Choose the file of the certificate.",
        ),
        "scan_too_large": QCoreApplication.translate(
            "messages",
            "This file is larger than %1 MB, too large for a photo or a scan of a certificate. "
            "Take a new photo, or scan the certificate alone.",
        ).replace("%1", str(scan.MAX_FILE_BYTES // (1024 * 1024))),
        "scan_too_many_pixels": QCoreApplication.translate(
            "messages",
            "This image has more than %1 million pixels, too many to read. Take the photo again "
            "at a lower resolution, or scan at 300 dpi.",
        ).replace("%1", str(scan.MAX_PIXELS // 1_000_000)),
        "scan_too_many_pages": QCoreApplication.translate(
            "messages",
            "This PDF has more than the %1 pages read for an attestation. Save the page with "
            "the certificate on its own and open that.",
        ).replace("%1", str(scan.MAX_PDF_PAGES)),
        "scan_unknown_format": QCoreApplication.translate(
            "messages",
            "This file is neither a photo nor a PDF that Obambu can read. Take a photo of the "
            "certificate (JPEG or PNG), or type the number printed under the code.",
        ),
        "scan_unreadable": QCoreApplication.translate(
            "messages",
            "This file cannot be read. Check that it is still there, then try again.",
        ),
        "scan_damaged_image": QCoreApplication.translate(
            "messages",
            "This image is empty, incomplete or damaged and cannot be read. Take the photo "
            "again, or ask for the file again.",
        ),
        "doc_too_large": QCoreApplication.translate(
            "messages",
            "This file is larger than a shared document may be (%1 MiB). Split it, or compress "
            "it first.",
        ).replace("%1", str(documents.MAX_DOCUMENT_BYTES // (1024 * 1024))),
        "doc_not_a_file": QCoreApplication.translate(
            "messages", "This is not a file that can be shared. Choose a document file."
        ),
        "profile_read_only": QCoreApplication.translate(
            "messages",
            "The profile folder cannot be written, so the profile cannot be opened: give this "
            "account the right to write there, or copy the folder somewhere it can.",
        ),
        "weak_passphrase": QCoreApplication.translate(
            "messages",
            "This passphrase is too short: choose one of at least %1 characters, for example "
            "three or four words you will remember.",
        ).replace("%1", str(passphrases.MIN_CHARACTERS)),
    }
    params = getattr(error, "params", {})
    return (
        sentences.get(error.code)
        or relay_sentence(error.code, params if isinstance(params, dict) else {})
        or block(error.message)  # may quote a name or a file name from elsewhere
    )
