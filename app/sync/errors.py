"""Errors of the serial and TCP links, each a sentence with one action the clerk can take."""

from __future__ import annotations

from app.core.errors import ObambuError


class LinkError(ObambuError):
    """A port that cannot be opened, a peer that cannot be reached, a link that broke."""

    code = "link_error"


class LinkLost(LinkError):
    """The peer went silent or hung up in the middle of a session."""

    code = "link_lost"

    def __init__(
        self,
        message: str = (
            "The other side stopped answering: check the cable or the radio link, then sync again."
        ),
    ) -> None:
        super().__init__(message)


class StatementRefused(ObambuError):
    """A signed statement from outside (a cut or an acknowledgement on a stick) that is damaged,
    forged or beyond its bounds: left aside, never believed. The English sentence says which
    rule it broke; a screen shows the code's one sentence."""

    code = "statement_refused"
