"""Every transaction type, defined once: its code, its rule, how it travels, and what an import
calls it. The list is explicit, in code order: nothing registers itself by being imported, so
everything that decides consensus is named here.

To add a type: its code in `txtypes.py`, its rule in its domain package, one line below (and a
migration if it has a table). `docs/architecture.md` has the recipe.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from app.core.attestations import attest_rules, status_rules
from app.core.council import sittings
from app.core.devices import devices, laptops
from app.core.documents import rules as documents
from app.core.forum import moderation
from app.core.forum import rules as forum
from app.core.ledger import governance
from app.core.ledger.context import Rule
from app.core.ledger.txtypes import TxType
from app.core.members import rules as members
from app.core.store.store import Store
from app.core.votes import rules as votes


class Travel(Enum):
    """How carriers (sticks, sessions, relays) treat a type's blocks."""

    GOVERNANCE = "governance"  # first, with everything it depends on: who belongs, which keys
    ORDINARY = "ordinary"  # in urgency order (its priority), after governance


@dataclass(frozen=True)
class TxSpec:
    type: TxType
    rule: Rule
    travels: Travel = Travel.ORDINARY
    news: str | None = None  # what an import's summary counts it as ("posts", "votes", …)


G, ORD = Travel.GOVERNANCE, Travel.ORDINARY

SPECS: tuple[TxSpec, ...] = (
    TxSpec(TxType.MEMBER_ADD, members.member_add, G),
    TxSpec(TxType.MEMBER_REMOVE, members.member_remove, G),
    TxSpec(TxType.KEY_ROTATE, governance.key_rotate, G),
    TxSpec(TxType.KEY_REVOKE, governance.key_revoke, G),
    TxSpec(TxType.EPOCH_PROPOSAL, governance.epoch_proposal, G),
    TxSpec(TxType.EPOCH_APPROVE, governance.epoch_approve, G),
    TxSpec(TxType.MEMBER_ROLE, members.member_role, G),  # members and roles (issue 17)
    TxSpec(TxType.MEMBER_SUSPEND, members.member_suspend, G),
    TxSpec(TxType.MEMBER_REISSUE, members.member_reissue, G),  # a forgotten PIN (issue 17)
    TxSpec(TxType.FORUM_THREAD, forum.forum_thread, ORD, "posts"),
    TxSpec(TxType.FORUM_POST, forum.forum_post, ORD, "posts"),
    TxSpec(TxType.FORUM_MODERATE, moderation.moderate, ORD),
    TxSpec(TxType.VOTE_OPEN, votes.vote_open, ORD, "votes"),
    TxSpec(TxType.BALLOT, votes.ballot, ORD, "votes"),
    TxSpec(TxType.VOTE_CLOSE, votes.vote_close, ORD, "votes"),
    TxSpec(TxType.VOTE_CLOSE_REQUEST, votes.close_request, ORD, "votes"),
    TxSpec(TxType.ATTEST, attest_rules.issue, ORD, "attestations"),
    TxSpec(TxType.ATTEST_REVOKE, attest_rules.revoke, G, "attestations"),
    TxSpec(TxType.ATTEST_PRINT, attest_rules.printed, ORD),
    TxSpec(TxType.STATUS_LIST, status_rules.status_list, G),  # a commune's own list (issue 20)
    TxSpec(TxType.DOC_PUBLISH, documents.doc_publish, ORD, "documents"),
    TxSpec(TxType.SITTING_CONVENE, sittings.convene, ORD),
    TxSpec(TxType.SITTING_PROXY, sittings.proxy, ORD),
    TxSpec(TxType.SITTING_VOTE, sittings.record_vote, ORD),
    TxSpec(TxType.MINUTES_APPROVE, sittings.approve_minutes, ORD),
    TxSpec(TxType.ACT_STATUS, sittings.act_status, ORD),
    TxSpec(TxType.SITTING_APPOINT, sittings.appoint, ORD),
    TxSpec(TxType.SITTING_RECEIPT, sittings.receipt, ORD),
    TxSpec(TxType.SITTING_BALLOT, sittings.own_ballot, ORD),
    TxSpec(TxType.DEVICE_REGISTER, devices.register, ORD),
    TxSpec(TxType.LINK_REPORT, devices.link_report, ORD),
    TxSpec(TxType.DEVICE_RETIRE, devices.retire, ORD),
    TxSpec(TxType.LAPTOP_ADD, laptops.laptop_add, G),
    TxSpec(TxType.LAPTOP_RETIRE, laptops.laptop_retire, G),
)

SPEC: dict[TxType, TxSpec] = {spec.type: spec for spec in SPECS}
RULES: dict[TxType, Rule] = {spec.type: spec.rule for spec in SPECS}
GOVERNANCE: tuple[TxType, ...] = tuple(s.type for s in SPECS if s.travels is Travel.GOVERNANCE)
NEWS: dict[TxType, str] = {spec.type: spec.news for spec in SPECS if spec.news}


@dataclass(frozen=True)
class Published:
    """A list a commune signs about itself, which its first laptop makes again when it seals
    before a sync (Node.seal_for_sync) if its content changed or the last one is older than
    `max_age` seconds: so every stick carries it as fresh as that laptop knows it."""

    type: TxType
    content: Callable[[Store, bytes], dict[str, Any]]  # (store, commune) -> body
    max_age: int
    # (store, commune) -> whether the list says anything yet: a commune that never issued a
    # paper signs none, so its mayor's "messages that will leave" count only what people wrote.
    needed: Callable[[Store, bytes], bool]


DAY = 86_400
PUBLISHED: tuple[Published, ...] = (
    Published(TxType.STATUS_LIST, status_rules.content, DAY, status_rules.needed),
)
