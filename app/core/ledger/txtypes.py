"""Transaction types and the labels of the signed payloads.

Numbers, not names, go on the wire: they are part of every signature and never change.
"""

from __future__ import annotations

from enum import IntEnum


class TxType(IntEnum):
    MEMBER_ADD = 1
    MEMBER_REMOVE = 2
    KEY_ROTATE = 3
    KEY_REVOKE = 4
    EPOCH_PROPOSAL = 5
    EPOCH_APPROVE = 6
    MEMBER_ROLE = 7  # a member's new role and delegations
    MEMBER_SUSPEND = 8  # a member suspended (or reinstated): nothing they sign is accepted
    MEMBER_REISSUE = 9  # a forgotten PIN: the mayor or a deputy gives a member a new key
    FORUM_THREAD = 10
    FORUM_POST = 11
    FORUM_MODERATE = 12
    VOTE_OPEN = 20
    BALLOT = 21
    VOTE_CLOSE = 22
    VOTE_CLOSE_REQUEST = 23  # an elector asks to close a vote whose convener is absent
    ATTEST = 30
    ATTEST_REVOKE = 31
    ATTEST_PRINT = 32
    STATUS_LIST = 33  # a commune's own signed list: its members' keys, cancellations, replacements
    DOC_PUBLISH = 40
    SITTING_CONVENE = 50
    SITTING_PROXY = 51
    SITTING_VOTE = 52
    MINUTES_APPROVE = 53
    ACT_STATUS = 54
    SITTING_APPOINT = 55
    SITTING_RECEIPT = 56
    SITTING_BALLOT = 57  # a convened member's own ballot in a roll call
    DEVICE_REGISTER = 60
    LINK_REPORT = 61
    DEVICE_RETIRE = 62
    LAPTOP_ADD = 63  # a commune's further laptop, with its own device key and feed
    LAPTOP_RETIRE = 64  # that laptop signs nothing after a stated block of its feed


class Role:
    NODE = "node"
    MAYOR = "mayor"
    DEPUTY = "deputy"
    COUNCILLOR = "councillor"
    SECRETARY = "secretary"  # secrétaire de mairie
    CLERK = "clerk"  # the secretary's former name: older feeds carry it, the rules read it so
    TECHNICIAN = "technician"  # flashes and registers radio relays; no say in council or votes
    LAPTOP = "laptop"  # a commune's second or third laptop: its own feed, never a person
    MEMBER_ROLES = (MAYOR, DEPUTY, COUNCILLOR, SECRETARY, CLERK)
    ROLES = (*MEMBER_ROLES, TECHNICIAN)
    NEW_ROLES = (MAYOR, DEPUTY, COUNCILLOR, SECRETARY, TECHNICIAN)  # what a person may be given


# Labels of a block payload.
B_VERSION, B_AUTHOR, B_SEQ, B_PREV, B_REFS, B_EPOCH, B_TIME, B_TXS = range(8)
# Labels of a transaction payload.
T_TYPE, T_ACTOR, T_ASEQ, T_PRIO, T_TTL, T_TIME, T_BODY = range(7)
# Labels of the genesis payload.
G_VERSION, G_NAME, G_TIME, G_AUTHORITIES, G_TRANSPORT = range(5)

FORMAT_VERSION = 1
PRIORITIES = (0, 1, 2, 3)  # P0 governance and revocations ... P3 chatter

# Object size limits: a stick, a radio relay and a QR code all have hard ceilings, and a bounded
# object can never make the decoder or the store do unbounded work.
MAX_TX_BYTES = 64 * 1024
MAX_BLOCK_BYTES = 8 * 1024 * 1024
MAX_TXS_PER_BLOCK = 1000
MAX_REFS = 1024  # the refs of a block name every feed that moved, so this caps a network's size
MAX_ATTESTATION_BYTES = 232  # both byte and AT1:+Base45 forms fit a v13 QR code at level Q
LATEST_TIME = 253_370_764_800  # 9999-01-01 UTC: a later Unix time cannot be shown as a date
