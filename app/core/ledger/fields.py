"""Reading the fields of a transaction body, refusing anything outside its schema."""

from __future__ import annotations

from typing import Any

from app.core.errors import Rejected


class Fields:
    """A body map checked field by field; unknown fields are refused by `done()`."""

    def __init__(self, body: dict[str, Any], what: str) -> None:
        self.body = body
        self.what = what
        self.seen: set[str] = set()

    def _get(self, name: str, optional: bool) -> Any:
        self.seen.add(name)
        if name not in self.body:
            if optional:
                return None
            raise self.bad(f"the field '{name}' is missing")
        return self.body[name]

    def text(self, name: str, longest: int, shortest: int = 1, optional: bool = False) -> Any:
        # The usual case without `_get`'s call (a call costs more than these tests, and a
        # transaction reads several fields): present, and of the type and size asked.
        value = self.body.get(name)
        if type(value) is str and shortest <= len(value) <= longest:
            self.seen.add(name)
            return value
        value = self._get(name, optional)
        if value is None and optional:
            return None
        if not (isinstance(value, str) and shortest <= len(value) <= longest):
            raise self.bad(f"'{name}' must be text of {shortest} to {longest} characters")
        return value

    def bytes_(self, name: str, size: int, optional: bool = False) -> Any:
        value = self.body.get(name)  # the usual cases first, as in `text`
        if (type(value) is bytes and len(value) == size) or (value is None and optional):
            self.seen.add(name)  # (an optional field absent, or null, is None either way)
            return value
        value = self._get(name, optional)
        if value is None and optional:
            return None
        if not (isinstance(value, bytes) and len(value) == size):
            raise self.bad(f"'{name}' must be {size} bytes")
        return value

    def blob(self, name: str, longest: int) -> bytes:
        value = self._get(name, False)
        if not (isinstance(value, bytes) and len(value) <= longest):
            raise self.bad(f"'{name}' must be at most {longest} bytes")
        return value

    def int_(self, name: str, minimum: int = 0, maximum: int = 2**63 - 1) -> int:
        value = self._get(name, False)
        if type(value) is not int or not minimum <= value <= maximum:
            raise self.bad(f"'{name}' must be an integer from {minimum} to {maximum}")
        return value

    def bool_(self, name: str) -> bool:
        value = self._get(name, False)
        if not isinstance(value, bool):
            raise self.bad(f"'{name}' must be true or false")
        return value

    def list_(self, name: str, longest: int, shortest: int = 0, optional: bool = False) -> Any:
        value = self.body.get(name)
        if value is None and optional:  # absent or null, as `_get` and the test below take it
            self.seen.add(name)
            return None
        value = self._get(name, optional)
        if value is None and optional:
            return None
        if not (isinstance(value, list) and shortest <= len(value) <= longest):
            raise self.bad(f"'{name}' must be a list of {shortest} to {longest} items")
        return value

    def map_(self, name: str) -> dict[str, Any]:
        value = self._get(name, False)
        if not isinstance(value, dict):
            raise self.bad(f"'{name}' must be a map")
        return value

    def done(self) -> None:
        if self.seen.issuperset(self.body):
            return  # every field was read: the usual case, without building a set
        extra = set(self.body) - self.seen
        if extra:
            raise self.bad(f"unexpected field(s) {', '.join(sorted(extra))}")

    def bad(self, what: str) -> Rejected:
        return Rejected("malformed", f"The {self.what} is malformed: {what}.")
