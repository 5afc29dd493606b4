"""Errors the node raises. Each carries a stable code so the UI can show a translated sentence.

The English sentence here is what the command line prints; the Qt screens look the code up in
their own translated table instead (app/ui/sentences.py), which is why the code, not the text,
is the contract. A value the sentence needs (a port, a count, an article of law) travels in
`params`, by name, so that a screen never has to read it back out of the English.
"""

from __future__ import annotations

from collections.abc import Mapping


class ObambuError(Exception):
    """Base of every error meant for a user: a code, a sentence and one action."""

    code = "error"

    def __init__(
        self, message: str, *, code: str | None = None, params: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.params: dict[str, str] = {name: str(value) for name, value in (params or {}).items()}

    @property
    def message(self) -> str:
        return str(self.args[0])


class WrongPassphrase(ObambuError):
    code = "wrong_passphrase"

    def __init__(self) -> None:
        super().__init__("The passphrase is wrong. Type it again, minding capitals and accents.")


class ProfileReadOnly(ObambuError):
    """The profile cannot be written: its folder or database is read-only for this account."""

    code = "profile_read_only"

    def __init__(self, home: object, why: str) -> None:
        super().__init__(
            f"The profile folder {home} cannot be written ({why}), so the profile cannot be "
            "opened: give this account the right to write there, or copy the folder somewhere "
            "it can."
        )


class ProfileMissing(ObambuError):
    code = "profile_missing"


class ProfileExists(ObambuError):
    code = "profile_exists"


class ProfileDamaged(ObambuError):
    code = "profile_damaged"


class ProfileBusy(ObambuError):
    code = "profile_busy"


class NotFound(ObambuError):
    code = "not_found"


class Rejected(ObambuError):
    """An object or an action refused by the ledger's rules; `code` names the rule."""

    def __init__(
        self,
        code: str,
        message: str,
        index: int | None = None,
        *,
        params: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message, code=code, params=params)
        self.index = index  # which transaction of a block broke the rule, when one did


class RoleNeeded(Rejected):
    """A member acting beyond their role or delegation: `power` names what they lacked
    (members/powers.py), so the window can offer the people here who hold it (ui/operations)."""

    code = "role_needed"

    def __init__(self, power: str, message: str, *, params: Mapping[str, object]) -> None:
        super().__init__("role_needed", message, params=params)
        self.power = power


class Deferred(ObambuError):
    """A block that cannot be applied yet: some of its parents have not arrived."""

    code = "waiting_for_parents"

    def __init__(self, missing: list[bytes], message: str) -> None:
        super().__init__(message)
        self.missing = missing


class MemberLocked(ObambuError):
    """A member's key is sealed under their PIN and nobody typed it in this session."""

    code = "member_locked"

    def __init__(self, member: bytes | None = None) -> None:
        super().__init__(
            "This member's key is locked: type their PIN "
            "(`obambu member use`, --as, or OBAMBU_PIN)."
        )
        self.member = member  # whose PIN opens it: the window asks that person (ui/operations)


class WrongPin(ObambuError):
    code = "wrong_pin"

    def __init__(self) -> None:
        super().__init__(
            "The PIN is wrong. Type it again; each new mistake makes the next wait longer."
        )


class PinWait(ObambuError):
    """Too many wrong PINs in a row: the next try must wait (the delay doubles each time)."""

    code = "pin_wait"

    def __init__(self, seconds: int) -> None:
        super().__init__(
            f"Too many wrong PINs: wait {seconds} seconds before typing it again.",
            params={"seconds": seconds},
        )
