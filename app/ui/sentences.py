"""Every sentence a screen shows for an error, by code, in English here and in French in
i18n/obambu_fr.ts: the one table of them.

The core raises errors with a code and an English sentence for the command line
(app/core/errors.py); a screen shows the sentence of this table instead, so the code is the
contract. A value the sentence needs is a named placeholder, {port} or {article}, filled from
the error's `params` or from values() (limits the screens know as well as the core); never a
number read back out of the English. tests/test_error_sentences.py fails if a code raised
anywhere in app/ has no sentence here, or no French one, or a French one with other
placeholders.

council.py words the breaches of a council's rules in the law's own language, with the names
and counts of the case; until each has a code of its own, their sentence here quotes it whole
as {detail}.

A sentence that counts (a wait of 1 or 3 days) says its count as Qt's %n, so that the count picks
the plural form the language needs; COUNTS names, for each such code, the error's value that is
the count, and table() is given the error's values to choose the form.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QObject

from app.core.attestations import scan
from app.core.crypto import passphrases
from app.core.documents import documents

translate = QCoreApplication.translate

MIB = 1024 * 1024

# Code -> the error's value its sentence counts (%n), for the plural form.
COUNTS = {"reconvened_too_soon": "days", "pin_wait": "seconds"}


def values() -> dict[str, str]:
    """The placeholders a screen fills from the limits it knows, not from the error."""
    return {
        "megabytes": str(scan.MAX_FILE_BYTES // MIB),
        "megapixels": str(scan.MAX_PIXELS // 1_000_000),
        "pages": str(scan.MAX_PDF_PAGES),
        "mebibytes": str(documents.MAX_DOCUMENT_BYTES // MIB),
        "minimum": str(passphrases.MIN_CHARACTERS),
    }


class Counted(QObject):
    """The sentences that count: through self.tr, the one call lupdate knows to have plural
    forms (Qt's %n), where translate() would be read as a sentence with one form."""

    def sentences(self, days: int, seconds: int) -> dict[str, str]:
        return {
            "reconvened_too_soon": self.tr(
                "The sitting without quorum was held on {date}: the new sitting must be held at "
                "least %n day(s) later ({article}). Choose a later date.",
                "",
                days,
            ),
            "pin_wait": self.tr(
                "Too many wrong PINs: wait %n second(s) before typing it again.", "", seconds
            ),
        }


def count(params: Mapping[str, object] | None, name: str) -> int:
    """The count an error carries under `name`; -1 (no plural chosen, %n left) when it has none."""
    value = (params or {}).get(name)
    try:
        return int(str(value))
    except ValueError:
        return -1


def table(params: Mapping[str, object] | None = None) -> dict[str, str]:
    """Code -> sentence in the language installed now, placeholders not yet filled; a counted
    sentence (COUNTS) takes its plural form from `params`, the error's values."""
    counted = Counted().sentences(count(params, "days"), count(params, "seconds"))
    return counted | {
        # --- the profile, its passphrase and its backups
        "wrong_passphrase": translate(
            "messages", "The passphrase is wrong. Type it again, minding capitals and accents."
        ),
        "weak_passphrase": translate(
            "messages",
            "This passphrase is too short: choose one of at least {minimum} characters, for "
            "example three or four words you will remember.",
        ),
        "profile_missing": translate(
            "messages", "There is no profile in this folder. Create one or open the demo."
        ),
        "profile_exists": translate(
            "messages",
            "A profile already exists in this folder. Open it, or choose another folder.",
        ),
        "profile_busy": translate(
            "messages",
            "This profile is in use by another Obambu window or command. Close it, then try "
            "again; nothing was changed.",
        ),
        "profile_read_only": translate(
            "messages",
            "The profile folder cannot be written, so the profile cannot be opened: give this "
            "account the right to write there, or copy the folder somewhere it can.",
        ),
        "profile_damaged": translate(
            "messages",
            "This profile or this backup is damaged. Restore the profile from a backup, or "
            "choose another backup file.",
        ),
        "restore_incomplete": translate(
            "messages",
            "This laptop was restored and may lack what it signed before. Take in a stick "
            "from another commune first.",
        ),
        "backup_not_a_backup": translate(
            "messages",
            "This file is not an Obambu backup. Choose the file that Obambu saved as a backup.",
        ),
        "backup_truncated": translate(
            "messages",
            "The backup file is incomplete, probably cut short while copying. Copy it again "
            "from the original and retry.",
        ),
        "backup_corrupted": translate(
            "messages", "The backup file is damaged. Open another copy of the backup."
        ),
        "backup_unsupported_version": translate(
            "messages",
            "This backup was made by a newer version of Obambu. Update Obambu, then open the "
            "backup again.",
        ),
        "backup_wrong_passphrase_or_damaged": translate(
            "messages",
            "The passphrase does not open this backup, or the backup is damaged. Type the "
            "passphrase of the laptop it came from.",
        ),
        "paper_bad_character": translate(
            "messages",
            "The paper backup contains {characters}, which paper backups never use. Check "
            "those characters against the paper and type them again.",
        ),
        "paper_wrong_length": translate(
            "messages",
            "A paper backup has {expected} characters ({groups} groups of {size}), but "
            "{entered} were typed. Check for a missing or repeated group.",
        ),
        "paper_checksum_mismatch": translate(
            "messages",
            "The paper backup has a mistake: its check characters do not match the rest. "
            "Compare each group with the paper and correct it.",
        ),
        "release_invalid": translate(
            "messages",
            "This release cannot be trusted: it is incomplete, altered or not signed by a "
            "known key. Copy it again from the release stick.",
        ),
        # --- joining a network
        "already_joined": translate(
            "messages",
            "This laptop already belongs to a network. Use a new profile to join another.",
        ),
        "wrong_network": translate(
            "messages",
            "This laptop already belongs to another network. Use a new profile for this one.",
        ),
        "no_invitation": translate(
            "messages",
            "There is no invitation for this commune on the stick yet. Take the stick to a "
            "commune of the network first.",
        ),
        "damaged_invitation": translate(
            "messages",
            "The invitation on this stick is damaged. Ask the inviting commune to write it again.",
        ),
        "forged_invitation": translate(
            "messages",
            "This invitation is not signed by a commune of the network. Ask a commune of the "
            "network to invite you.",
        ),
        # --- sticks
        "foreign_stick": translate(
            "messages", "This stick belongs to another network. Use a stick of your own network."
        ),
        "no_stick_folder": translate(
            "messages", "There is no OBAMBU folder on this stick. Check that you chose the stick."
        ),
        "stick_damaged": translate(
            "messages",
            "The stick's NETWORK file is damaged. Copy the OBAMBU folder aside and start it "
            "again from this laptop.",
        ),
        "stick_too_new": translate(
            "messages",
            "This stick was written by a newer version of Obambu. Update this laptop, then "
            "sync again.",
        ),
        "statement_refused": translate(
            "messages",
            "A cut or an acknowledgement on the stick is damaged, forged or too large: it was "
            "left aside, and the rest of the stick was read.",
        ),
        "stick_unsafe": translate(
            "messages",
            "A folder Obambu writes in on this stick is a link or a file. Remove it from the "
            "stick, or use another stick.",
        ),
        "stick_write_failed": translate(
            "messages",
            "Writing to the stick failed. Check that it is still plugged in and not full, "
            "then sync again; nothing was lost.",
        ),
        # --- links and the other laptop
        "other_version": translate(
            "messages",
            "The other laptop runs another version of Obambu. Update both laptops to the same "
            "version.",
        ),
        "slow_peer": translate(
            "messages",
            "The other side did not prove in time that it belongs to your network. Check "
            "which laptop you connected to, then sync again.",
        ),
        "bad_peer": translate(
            "messages",
            "The other side sent something Obambu does not accept. Check which laptop you "
            "connected to, and that both run the same version.",
        ),
        "foreign_peer": translate(
            "messages",
            "The other side belongs to another network. Connect to a laptop of your own network.",
        ),
        "unauthenticated_peer": translate(
            "messages",
            "The other side could not prove it is a town hall of your network. Check which "
            "laptop you connected to.",
        ),
        "peer_unreachable": translate(
            "messages",
            "The other laptop could not be reached. Start the sync on it first, check the "
            "address and the cable or Wi-Fi, then try again.",
        ),
        "listen_failed": translate(
            "messages",
            "Obambu cannot wait for syncs on port {port}: another program may be using it. "
            "Close that program, or choose another port.",
        ),
        "link_closed": translate("messages", "The link is closed. Start the sync again."),
        "link_lost": translate(
            "messages",
            "The other side stopped answering. Check the cable or the radio link, then sync again.",
        ),
        "device_api_error": translate(
            "relay",
            "The service for boards cannot listen there. Choose another interface or port, or "
            "close the program that uses it.",
        ),
        # --- what the ledger refuses, in sync or from a screen
        "not_found": translate(
            "messages", "This is not known on this laptop. Check what you typed, or sync first."
        ),
        "duplicate": translate(
            "messages",
            "This is already recorded. Refresh the screen to see it; nothing more is needed.",
        ),
        "replay": translate(
            "messages",
            "This was already recorded once, so the copy was refused. Nothing needs to be done.",
        ),
        "gap": translate(
            "messages",
            "Earlier records of this signer are missing. Sync with a stick or a laptop that "
            "has them, then try again.",
        ),
        "malformed": translate(
            "messages",
            "This is not in the form Obambu expects, so it was refused. Sync again, and if it "
            "comes back, update Obambu on both laptops.",
        ),
        "unsupported_version": translate(
            "messages",
            "This was made by another version of Obambu. Update Obambu on both laptops, then "
            "sync again.",
        ),
        "unknown_type": translate(
            "messages",
            "This kind of record is not known to this version of Obambu. Update Obambu, then "
            "sync again.",
        ),
        "bad_signature": translate(
            "messages",
            "The signature does not match: this was altered, forged or comes from another "
            "network. Sync again with a stick or a laptop of your own network.",
        ),
        "wrong_key": translate(
            "messages",
            "This is not signed with the right key. Sync first to bring the keys up to date, "
            "then try again.",
        ),
        "wrong_next_key": translate(
            "messages",
            "This change of key is not signed by the key announced before, so it was refused. "
            "Sync again with a laptop of your network.",
        ),
        "key_retired": translate(
            "messages",
            "The signing key was replaced by a newer one. Sync first to bring this laptop up "
            "to date, then try again.",
        ),
        "key_revoked": translate(
            "messages",
            "This key was revoked and no longer signs for the network. Use a current key, "
            "shown under Network and signatures.",
        ),
        "unknown_key": translate(
            "messages",
            "This key is not registered for this member or commune. Sync first, then try again.",
        ),
        "wrong_feed": translate(
            "messages",
            "This record travels outside its own commune's history, so it was refused. "
            "Nothing needs to be done here.",
        ),
        "wrong_epoch": translate(
            "messages",
            "This refers to another period of the network's authorities. Sync first, then try "
            "again.",
        ),
        "feed_frozen": translate(
            "messages",
            "This commune signed two different histories, so nothing more from it is "
            "accepted. Tell the mayors of the network: two thirds of them can re-key the "
            "commune with `obambu rekey propose`, naming the history that stands.",
        ),
        "stolen_key": translate(
            "messages",
            "This was signed with a commune's old key after the point where the communes "
            "revoked it: it may come from a stolen laptop, so it was refused. Tell that "
            "commune's mayor.",
        ),
        "branch_set_aside": translate(
            "messages",
            "This belongs to the history of a commune that the communes set aside when they "
            "re-keyed it, so it was refused. Nothing needs to be done here.",
        ),
        "not_rekeyed": translate(
            "messages",
            "This is signed with a commune's new key before two thirds of the communes "
            "approved it, so it was refused. Sync first, then try again.",
        ),
        "rekey_twice": translate(
            "messages",
            "A proposal may give a commune only one new key. Propose it again with one code.",
        ),
        "rekey_claimed": translate(
            "messages",
            "A new key for this commune is already proposed. Approve that proposal or let it "
            "lapse, and check with the commune's mayor which laptop is theirs.",
        ),
        "duplicate_key": translate(
            "messages",
            "This key is already registered. Ask the new laptop for a new code with "
            "`obambu rekey request`.",
        ),
        "rekey_waiting": translate(
            "messages",
            "This laptop's new key is not approved yet. Take in a stick that brings the "
            "approvals of two thirds of the communes.",
        ),
        "unknown_block": translate(
            "messages",
            "The news of the commune this refers to has not arrived here yet. Sync first, then "
            "try again.",
        ),
        "rekey_not_authority": translate(
            "messages",
            "Only a commune that stays an authority of the network can be given a new key. "
            "Check the code with the commune's mayor.",
        ),
        "bad_rekey_code": translate(
            "messages",
            "This is not a re-key code. Copy the 144 characters the new laptop printed.",
        ),
        "waiting_for_parents": translate(
            "messages",
            "Earlier records this depends on have not arrived yet. It is kept, and applied "
            "after a sync that brings them.",
        ),
        "not_authority": translate(
            "messages",
            "Only a commune that is an authority of the network may do this. Ask one of them "
            "to do it.",
        ),
        "not_allowed": translate(
            "messages",
            "Your role does not allow this. Ask the mayor or a deputy of the commune "
            "concerned to do it.",
        ),
        "unknown_actor": translate(
            "messages",
            "The signer is not a registered member or commune here. Sync first, then try again.",
        ),
        "actor_removed": translate(
            "messages",
            "This member or commune was removed from the network, so this cannot be done. "
            "Check the list of members.",
        ),
        "unknown_member": translate(
            "messages", "This commune has no such member. Check the list of members."
        ),
        "role_needed": translate(
            "messages", "Only {needed} may {what} ({article}): ask them to do it."
        ),
        "actor_suspended": translate(
            "messages",
            "This member is suspended by their commune and may sign nothing. Ask the mayor to "
            "reinstate them.",
        ),
        "already_suspended": translate(
            "messages", "This member is already suspended. Look at the list of members."
        ),
        "not_suspended": translate(
            "messages", "This member is not suspended. Look at the list of members."
        ),
        "duplicate_member": translate(
            "messages", "This member is already registered. Look for them in the list of members."
        ),
        "unknown_commune": translate(
            "messages",
            "A recipient commune is not known here. Sync first, or choose another commune.",
        ),
        "unknown_proposal": translate(
            "messages", "The proposal it refers to is not known here. Sync first, then try again."
        ),
        "unknown_subject": translate(
            "messages",
            "The vote or the sitting it is about is not known here. Sync first, then try again.",
        ),
        # --- forum, documents and votes
        "unknown_thread": translate(
            "messages",
            "The forum thread it refers to is not known here. Sync first, then try again.",
        ),
        "unknown_post": translate(
            "messages", "The message it refers to is not known here. Sync first, then try again."
        ),
        "unknown_document": translate(
            "messages", "The document it refers to is not known here. Sync first, then try again."
        ),
        "not_recipient": translate(
            "messages",
            "This document was not shared with your commune. Ask the commune that published it.",
        ),
        "doc_not_for_laptop": translate(
            "messages",
            "This document was sent to your commune before this laptop was added, or after it "
            "was retired, so it cannot open it. Open it on the commune's first laptop.",
        ),
        "damaged_document": translate(
            "messages", "This document is damaged or altered. Sync again to get a sound copy."
        ),
        "doc_too_large": translate(
            "messages",
            "This file is larger than a shared document may be ({mebibytes} MiB). Split it, "
            "or compress it first.",
        ),
        "doc_not_a_file": translate(
            "messages", "This is not a file that can be shared. Choose a document file."
        ),
        "unknown_vote": translate(
            "messages", "This vote is not known here. Check its number, or sync first."
        ),
        "vote_closed": translate(
            "messages", "This vote is closed. See its result in the list of votes."
        ),
        "unknown_choice": translate(
            "messages", "This is not one of the vote's options. Choose one of the options shown."
        ),
        "not_in_electorate": translate(
            "messages",
            "This voter is not among those who vote on this question. Choose a member who may "
            "vote on it.",
        ),
        "second_ballot": translate(
            "messages",
            "This voter has already voted in this vote, and a ballot cannot be changed. "
            "Nothing more is needed.",
        ),
        "not_convener": translate(
            "messages",
            "Only the member who opened the vote may close it, or, once two thirds of the "
            "voters asked, one of those voters. Ask one of them to close it.",
        ),
        "wrong_tally": translate(
            "messages",
            "The count given when closing does not match the ballots received. Sync, then "
            "close the vote again from this laptop.",
        ),
        "vote_not_due": translate(
            "messages",
            "This vote's closing date has not passed yet. Wait for the closing date, or ask "
            "the member who opened it to close it.",
        ),
        "second_close_request": translate(
            "messages",
            "This voter has already asked to close this vote. Nothing more is needed.",
        ),
        "too_few_close_requests": translate(
            "messages",
            "Fewer than two thirds of the voters have asked to close this vote. Sync with the "
            "other communes to receive their requests, then close it.",
        ),
        # --- council sittings
        "not_our_sitting": translate(
            "messages",
            "Only the commune holding the sitting may record it. Do it from its town hall.",
        ),
        "unknown_sitting": translate(
            "messages",
            "The sitting it refers to is not known at this point of the register. Sync first, "
            "then try again.",
        ),
        "unknown_profile": translate(
            "messages",
            "This sitting follows a rule profile this version does not know. Update Obambu, "
            "then try again.",
        ),
        "rule_profile_invalid": translate(
            "messages",
            "The council's rule profile is missing or not valid. Reinstall Obambu, or ask "
            "your technician to fix the profile file.",
        ),
        "unknown_act": translate(
            "messages",
            "This deliberation is not known at this point of the register. Sync first, then "
            "try again.",
        ),
        "council_notice": translate(
            "messages", "The notice of this sitting breaks the council's rules: {detail}"
        ),
        "reconvened_other_items": translate(
            "messages",
            "A sitting convened again for lack of quorum may only take the items not decided "
            "at the sitting of {date} ({article}). Put the other items on the agenda of an "
            "ordinary sitting.",
        ),
        "receipt_after_sitting": translate(
            "messages", "A receipt of the notice cannot be dated after the sitting. Check the date."
        ),
        "council_proxy": translate("messages", "This proxy breaks the council's rules: {detail}"),
        "council_motion": translate(
            "messages",
            "This vote is on another text than the one on the agenda. Have the text of the "
            "notice voted on, or convene the council again.",
        ),
        "council_vote": translate("messages", "This vote cannot be recorded as entered: {detail}"),
        "secret_ballot_totals": translate(
            "messages",
            "In a secret ballot nobody knows how each member voted ({article}). Enter the "
            "totals of the count.",
        ),
        "council_round": translate(
            "messages",
            "The next round for « {office} » is round {round} ({article}). Enter the rounds "
            "in order.",
        ),
        "council_appointment": translate(
            "messages", "This round of the appointment cannot be recorded as entered: {detail}"
        ),
        "item_voted": translate(
            "messages",
            "Item {item} has already been voted and recorded. Choose an item not voted yet.",
        ),
        "minutes_signed": translate(
            "messages", "You have already signed these minutes. Nothing more is needed."
        ),
        "office_filled": translate(
            "messages", "« {office} » is already filled at this sitting. Check the office's name."
        ),
        "receipt_recorded": translate(
            "messages",
            "The receipt of the notice by {name} is already recorded. Nothing more is needed.",
        ),
        "act_status_recorded": translate(
            "messages",
            "This state is already recorded for this deliberation. Nothing more is needed.",
        ),
        "not_a_councillor": translate(
            "messages",
            "Sitting no. {number} has no member {member}. Use the members' ids as the sitting "
            "lists them (m1, m2…).",
        ),
        "not_in_the_room": translate(
            "messages",
            "{name} is absent or interested in this item, so has no vote on it. Mark them "
            "present, or leave their vote out.",
        ),
        "proxy_not_usable": translate(
            "messages",
            "No proxy of {name} can be used on this item: its holder must be in the room, and "
            "the mandant away. Leave this vote out.",
        ),
        "motion_text_lost": translate(
            "messages",
            "The text of item {item} of sitting no. {number} was longer than its title, so it "
            "cannot be convened again from here. Convene it with its full text.",
        ),
        # --- attestations
        "clock_behind": translate(
            "messages",
            "The laptop's clock is earlier than what this town hall already recorded: the "
            "attestation would carry a wrong date. Set the date and time, then issue again.",
        ),
        "oversized": translate(
            "messages",
            "The attestation would not fit its QR code. Shorten the name, the place or the detail.",
        ),
        "no_identity_note": translate(
            "messages", "Say why the attestation is issued without checking an identity document."
        ),
        "reason_needs_note": translate(
            "messages", "Say in a few words what happened: this reason needs it."
        ),
        "already_revoked": translate(
            "messages", "This attestation is already cancelled or replaced. Refresh the list."
        ),
        "unknown_attestation": translate(
            "messages", "This attestation is not known here. Check its number, or sync first."
        ),
        "wrong_issuer": translate(
            "messages",
            "This attestation names another commune than the one that signed it. Issue it "
            "again from the right commune.",
        ),
        "wrong_number": translate(
            "messages",
            "This attestation number is not the next one of the commune. Issue the "
            "attestation again.",
        ),
        "wrong_copy": translate(
            "messages",
            "This print number is not the next one for this attestation. Print it again from "
            "this laptop.",
        ),
        "status_list_full": translate(
            "messages",
            "The list of this town hall's cancelled attestations has grown too long to be "
            "signed in one piece: verifiers keep its previous list. Tell the network's "
            "technician.",
        ),
        "doctypes_invalid": translate(
            "messages",
            "The list of attestation types cannot be read. Fix the file, or remove it to use "
            "the list that comes with Obambu.",
        ),
        "number_shape": translate(
            "messages",
            "This is not an attestation number: it has four letters or digits, the year, six "
            "digits and a check character, as in K7QP-2026-000412-Y. Type it again.",
        ),
        "number_check": translate(
            "messages",
            "The check character does not match: a character was misread or mistyped. Read "
            "the number on the paper again.",
        ),
        "no_qr_in_file": translate(
            "messages",
            "No attestation QR code could be read in this file. Take a sharper photo, or type "
            "the number printed under the code.",
        ),
        "qr_not_an_attestation": translate(
            "messages", "This is not an Obambu attestation. Scan or type the attestation again."
        ),
        "qr_damaged": translate(
            "messages",
            "The attestation code is damaged or was typed wrongly. Scan it again, or type the "
            "number printed under it.",
        ),
        "qr_empty": translate(
            "messages",
            "The attestation code has nothing after AT1:. Scan or type the whole attestation "
            "code again.",
        ),
        "damaged_pdf": translate(
            "messages",
            "This PDF file is damaged and cannot be read. Ask for the certificate again.",
        ),
        "scan_not_a_file": translate(
            "messages",
            "This is not a photo, a scan or a PDF file. Choose the file of the certificate.",
        ),
        "scan_too_large": translate(
            "messages",
            "This file is larger than {megabytes} MB, too large for a photo or a scan of a "
            "certificate. Take a new photo, or scan the certificate alone.",
        ),
        "scan_too_many_pixels": translate(
            "messages",
            "This image has more than {megapixels} million pixels, too many to read. Take the "
            "photo again at a lower resolution, or scan at 300 dpi.",
        ),
        "scan_too_many_pages": translate(
            "messages",
            "This PDF has more than the {pages} pages read for an attestation. Save the page "
            "with the certificate on its own and open that.",
        ),
        "scan_unknown_format": translate(
            "messages",
            "This file is neither a photo nor a PDF that Obambu can read. Take a photo of the "
            "certificate (JPEG or PNG), or type the number printed under the code.",
        ),
        "scan_unreadable": translate(
            "messages", "This file cannot be read. Check that it is still there, then try again."
        ),
        "scan_damaged_image": translate(
            "messages",
            "This image is empty, incomplete or damaged and cannot be read. Take the photo "
            "again, or ask for the file again.",
        ),
        # --- verifier kits
        "kit_missing": translate(
            "messages", "There is no verifier kit there. Choose the folder that holds OBAMBU-KIT."
        ),
        "kit_not_a_kit": translate(
            "messages", "This is not an Obambu verifier kit. Choose another folder."
        ),
        "kit_damaged": translate(
            "messages", "This verifier kit is damaged or altered. Ask the town hall for a new one."
        ),
        "kit_other_network": translate(
            "messages",
            "This kit belongs to another network than the one this laptop verifies. Ask for "
            "the kit of your own network.",
        ),
        "kit_not_anchored": translate(
            "messages",
            "This kit could not be checked against the network's id: part of it does not come "
            "from the town halls it names. Ask a town hall of your network for a new kit.",
        ),
        "kit_network_id": translate(
            "messages",
            "A network id is 64 characters, 0-9 and a-f, as the town hall gave it. Check it.",
        ),
        "kit_none_loaded": translate(
            "messages", "No verifier kit is loaded yet. Load the kit from the town hall's stick."
        ),
        "kit_number": translate(
            "messages",
            "A number can only be checked by a town hall. Scan the QR code, or call the town "
            "hall with the number.",
        ),
        # --- boards and relays: ports and flashing
        "no_port": translate(
            "relay",
            "No relay port appeared. Plug the relay in with a USB data cable: charge-only "
            "cables carry no data.",
        ),
        "port_vanished": translate(
            "relay",
            "The port appeared and vanished at once (the brltty program takes CH340 "
            "adapters). Ask the administrator to remove brltty, then plug the relay in again.",
        ),
        "port_permission": translate(
            "relay",
            "This account may not use serial ports. Ask the administrator to add it to the "
            "dialout group.",
        ),
        "port_denied": translate(
            "relay",
            "This account may not open serial ports. Ask the administrator to add it to the "
            "dialout group.",
        ),
        "port_busy": translate(
            "relay", "Another program is using this port. Close it, then try again."
        ),
        "port_missing": translate(
            "relay", "The relay's port has gone. Plug the relay in again and choose its port."
        ),
        "port_invalid": translate(
            "relay", "This port setting is not valid. Pick the port again from the list."
        ),
        "port_failed": translate(
            "relay",
            "The port could not be opened. Unplug the relay, plug it in again, then try again.",
        ),
        "no_answer": translate(
            "relay",
            "The relay does not answer. Hold its BOOT button, tap RESET, release BOOT, tick "
            '"I hold the BOOT button" and try again.',
        ),
        "wrong_boot_mode": translate(
            "relay",
            "The relay started its program instead of waiting to be flashed. Hold BOOT, tap "
            "RESET, release BOOT and try again.",
        ),
        "tx_path_down": translate(
            "relay", "The relay does not hear the computer. Try another USB cable."
        ),
        "serial_noise": translate(
            "relay",
            "The USB link garbles data. Plug the relay straight into the computer or a "
            "powered hub and flash again.",
        ),
        "adapter_timeout": translate(
            "relay",
            "The USB adapter stopped answering in time. Use a shorter cable or another USB "
            "port and flash again.",
        ),
        "stub_failed": translate(
            "relay", "The relay did not start the flashing helper. Tap RESET and flash again."
        ),
        "flash_write_failed": translate(
            "relay",
            "The relay's memory refused a write. Plug it into a powered USB port and flash again.",
        ),
        "verify_failed": translate(
            "relay",
            "What the relay stored differs from the firmware. Flash again with the relay on "
            "steady power.",
        ),
        "disconnected": translate(
            "relay",
            "The relay was unplugged during flashing. It is not damaged: plug it in again and "
            "flash again.",
        ),
        "flash_interrupted": translate(
            "relay",
            "Flashing stopped before the end: the relay will not start, but it can be "
            "recovered. Hold BOOT and flash again.",
        ),
        "cancelled": translate(
            "relay", "Flashing was cancelled before anything was written: the relay is unchanged."
        ),
        "relay_locked": translate(
            "relay",
            "This relay's security fuses forbid flashing it. Set it aside and use another relay.",
        ),
        "wrong_chip": translate(
            "relay",
            "This relay has a {found} chip but the firmware is for {expected}. Choose "
            "firmware made for {found}.",
        ),
        "flash_too_small": translate(
            "relay",
            "This relay has {found} of flash but the firmware needs {needed}. Use a relay "
            "with more flash.",
        ),
        "config_mismatch": translate(
            "relay",
            "The relay did not keep the settings it was given. Flash the firmware pack again, "
            "then configure it.",
        ),
        "partition_table_invalid": translate(
            "relay",
            "The relay's partition table is damaged or missing. Flash the firmware pack again.",
        ),
        "unknown": translate(
            "relay",
            "Flashing failed for an unexpected reason. Unplug the relay, plug it in again and "
            "try again.",
        ),
        # --- boards and relays: packs, settings and answers
        "pack_unreadable": translate(
            "relay",
            "This firmware pack cannot be read. Check that the file is still there, then "
            "choose it again.",
        ),
        "pack_damaged": translate(
            "relay", "This firmware pack is damaged or incomplete. Ask for the pack again."
        ),
        "pack_hash_mismatch": translate(
            "relay", "A part of this firmware pack was altered or damaged. Ask for the pack again."
        ),
        "pack_forged": translate(
            "relay",
            "This firmware pack's signature does not match: do not flash it. Ask your "
            "technician for the pack.",
        ),
        "pack_unknown_signer": translate(
            "relay",
            "This pack is signed by someone this network does not know. Use a pack signed by "
            "one of your technicians.",
        ),
        "pack_not_technician": translate(
            "relay",
            "This pack's signer may not sign firmware. Use a pack signed by a current technician.",
        ),
        "pack_wrong_chip": translate(
            "relay", "This pack was built for another chip. Use a pack made for this board."
        ),
        "pack_version_mismatch": translate(
            "relay",
            "The application inside the pack is not the version its manifest names. Ask for "
            "the pack again.",
        ),
        "relay_config_invalid": translate(
            "relay", "The relay's settings cannot be read. Write them again from this screen."
        ),
        "relay_not_configured": translate(
            "relay", "This relay is not configured yet. Give it its settings from this screen."
        ),
        "relay_other_network": translate(
            "relay", "This relay belongs to another network. Use a relay of your own network."
        ),
        "relay_silent": translate(
            "relay", "The relay did not answer in time. Check the cable, then try again."
        ),
        "relay_full": translate(
            "relay", "The relay is full. Let another laptop collect what it holds, then try again."
        ),
        "relay_too_big": translate(
            "relay", "This item is too big for a relay. Carry it on a USB stick instead."
        ),
        "relay_class_refused": translate(
            "relay",
            "This relay does not carry this kind of item. Change the relay's settings, or "
            "carry it on a USB stick.",
        ),
        "relay_hop_limit": translate(
            "relay",
            "This item has travelled or waited too long for the relay. Carry it on a USB "
            "stick instead.",
        ),
        "relay_bad_reply": translate(
            "relay",
            "The relay's answer makes no sense to this version. Update the relay's firmware "
            "with the firmware pack of this Obambu version.",
        ),
        "relay_unknown_request": translate(
            "relay",
            "The relay does not know this request. Update its firmware with the firmware pack "
            "of this Obambu version.",
        ),
        "relay_malformed": translate(
            "relay",
            "The relay could not read the request. Update Obambu and the relay's firmware to "
            "matching versions.",
        ),
        "relay_version": translate(
            "relay",
            "This relay speaks another version of the protocol. Update its firmware with the "
            "firmware pack of this Obambu version.",
        ),
        "relay_bad_config": translate(
            "relay", "The relay received the settings damaged. Write them again."
        ),
        "relay_wrong_device": translate(
            "relay",
            "These settings were made for another relay. Read the relay again, then write the "
            "settings.",
        ),
        "relay_storage_failed": translate(
            "relay",
            "The relay could not save its settings. Try again, and replace the board if it "
            "keeps failing.",
        ),
        "device_elsewhere": translate(
            "messages",
            "This board is registered by another commune. Ask that commune to reconfigure or "
            "retire it.",
        ),
        "device_retired": translate(
            "messages",
            "This board was retired, so its reports are no longer believed. Use another "
            "board, or register this one again.",
        ),
        "unknown_device": translate(
            "messages", "This board is not registered. Configure it from the Devices screen first."
        ),
        "bad_report": translate(
            "messages",
            "This link report does not come from this board. Ask the relay for its report again.",
        ),
        # A commune's further laptops (issue 17 point 4).
        "too_many_laptops": translate(
            "messages",
            "This commune already has three laptops in service. Retire one before adding another.",
        ),
        "laptop_not_added": translate(
            "messages",
            "This laptop was not added by its commune before it wrote this. Take in a stick "
            "from its commune's first laptop.",
        ),
        "laptop_retired": translate(
            "messages",
            "This laptop was retired by its commune, so what it signs is no longer believed. "
            "Ask the commune's first laptop to add it again.",
        ),
        "member_elsewhere": translate(
            "messages",
            "This member's key belongs to another laptop of the commune. Sign on the laptop "
            "where the member was registered.",
        ),
        "unknown_laptop": translate(
            "messages",
            "This commune has no such laptop. Check the laptop's identifier on the first laptop.",
        ),
        "first_laptop_only": translate(
            "messages",
            "Only the commune's first laptop can do this: it holds the commune's signing key. "
            "Do it on that laptop.",
        ),
        # Adding a laptop by stick (issue 17 point 4): the offer, the request, the invitation.
        "no_laptop_offer": translate(
            "messages",
            "There is no laptop offer on this stick. Add the laptop from the commune's first "
            "laptop first.",
        ),
        "several_laptop_offers": translate(
            "messages",
            "This stick carries offers of several communes. Keep only your commune's, then try "
            "again.",
        ),
        "damaged_laptop_offer": translate(
            "messages",
            "The laptop offer on this stick is damaged or forged. Write it again on the "
            "commune's first laptop.",
        ),
        "damaged_laptop_request": translate(
            "messages",
            "The laptop request on this stick is damaged or forged. Write it again on the new "
            "laptop.",
        ),
        "laptop_other_commune": translate(
            "messages",
            "The laptop request on this stick is for another commune. Write it again on the new "
            "laptop with this commune's offer.",
        ),
        "no_laptop_request": translate(
            "messages",
            "This profile did not ask to be a laptop of a commune. Start a new profile from the "
            "commune's offer first.",
        ),
        "no_laptop_invitation": translate(
            "messages",
            "There is no invitation for this laptop on the stick yet. Take the stick to the "
            "commune's first laptop first.",
        ),
        "damaged_laptop_invitation": translate(
            "messages",
            "The laptop invitation on this stick is damaged. Add the laptop again from the "
            "commune's first laptop.",
        ),
        "forged_laptop_invitation": translate(
            "messages",
            "This laptop invitation is not signed by the commune whose offer this laptop took. "
            "Ask that commune's first laptop to write it again.",
        ),
        "laptop_no_paper": translate(
            "messages",
            "This laptop is a further laptop of its commune: it has no paper backup. Make a "
            "backup file, or add a new laptop from the commune's first one.",
        ),
        # --- each person's own PIN (issue 17 point 2)
        "member_locked": translate(
            "messages",
            "This person's key is locked: have them type their PIN to sign.",
        ),
        "wrong_pin": translate(
            "messages",
            "The PIN is wrong. Type it again; each new mistake makes the next wait longer.",
        ),
        "pin_too_short": translate(
            "messages", "A PIN has at least {least} characters. Choose a longer one."
        ),
        "no_pin": translate("messages", "No new PIN was given. Type one, then confirm it."),
        "pin_seal_damaged": translate(
            "messages",
            "This person's protected key is damaged. Ask the mayor to re-issue their key.",
        ),
        # --- a re-issued key, one mayor per commune (issue 17 point 2)
        "own_key": translate(
            "messages",
            "Nobody re-issues their own key. Ask the mayor or a deputy, or change your PIN.",
        ),
        "one_mayor": translate(
            "messages", "This commune already has a mayor: change their role first."
        ),
        # --- a councillor signs their own approval and ballot (issue 17 point 2)
        "not_convened": translate(
            "messages",
            "{name} is not among the members this sitting convened, so cannot sign for it. "
            "Check the sitting, or the name on the convocation.",
        ),
        "minutes_changed": translate(
            "messages",
            "These are not the minutes as they stand: they changed since they were read. Read "
            "them again, then sign them as they stand now.",
        ),
        "ballot_cast": translate(
            "messages",
            "{name} has already signed their ballot on item {item}. Nothing more is needed.",
        ),
        "ballot_mismatch": translate(
            "messages",
            "{name} signed their own ballot on this item: {choice}. Enter their vote as they "
            "signed it, and mark them present.",
        ),
        "ballots_need_roll_call": translate(
            "messages",
            "Members signed their own ballots on this item: enter it as a roll call, each vote "
            "by name ({article}).",
        ),
        # --- checking a record or a profile from its genesis (app/core/audit)
        "audit_record_unreadable": translate(
            "messages",
            "This folder is not a complete vote or sitting record: a file is missing or "
            "unreadable. Export the record again.",
        ),
        "audit_block_refused": translate(
            "messages",
            "One of the record's signed pages does not check: it was changed after the export, "
            "or does not belong to this network. Do not trust this record.",
        ),
        "audit_block_missing": translate(
            "messages",
            "The record lacks pages that its other pages build on: it is incomplete. Export it "
            "again.",
        ),
        "audit_other_network": translate(
            "messages",
            "The record's founding act is not the one of the network it names. Do not trust "
            "this record.",
        ),
        "audit_object_changed": translate(
            "messages",
            "The file {file} was changed or replaced after the export: it is not what was "
            "signed. Do not trust this record.",
        ),
        "audit_record_incomplete": translate(
            "messages",
            "The record leaves out part of the sitting that its signed pages hold: it is "
            "incomplete. Export it again.",
        ),
        "audit_not_a_vote": translate(
            "messages", "This folder holds the record of a council sitting, not of a vote."
        ),
        "audit_not_a_sitting": translate(
            "messages",
            "This folder holds the record of a vote between communes, not of a council sitting. "
            "Check it on the Votes screen.",
        ),
        "audit_wrong_tally": translate(
            "messages",
            "Counted again, the ballots do not give the result announced at the close. Do not "
            "trust this result.",
        ),
        "audit_replica_differs": translate(
            "messages",
            "Checked again from the founding act, this laptop's records do not match what it "
            "shows: its database was changed outside the program. Restore it from a backup.",
        ),
        # --- verifying with the camera (app/ui/camera.py)
        "camera_none": translate(
            "messages", "No camera is connected to this computer. Connect one, or choose a file."
        ),
        "camera_failed": translate(
            "messages",
            "The camera stopped or would not start: another program may be using it, or it "
            "was unplugged. Close that program or plug the camera in again, then try again.",
        ),
        "camera_frame_too_large": translate(
            "messages",
            "The camera sends pictures too large to read. Choose a lower resolution for it in "
            "its settings, or use another camera.",
        ),
        "camera_frame_damaged": translate(
            "messages",
            "The camera sent an incomplete picture. Unplug it, plug it in again, and try again.",
        ),
    }
