"""What a new profile's passphrase must be.

The passphrase is all that stands between a stolen laptop and the commune's keys: Argon2id makes
each guess cost about a second, so the passphrase itself must leave many guesses to make. Twelve
characters is the floor we ask for, and a few words the easiest way to reach it; a person does
not remember random characters, and a forgotten passphrase loses the profile.

The demo network's passphrase ("demo") is not held to this: the demo holds nothing real.
"""

from __future__ import annotations

from app.core.errors import ObambuError

MIN_CHARACTERS = 12


class WeakPassphrase(ObambuError):
    code = "weak_passphrase"


def check_new(secret: str) -> None:
    """Refuses a passphrase too short to protect a new profile."""
    if len(secret.strip()) < MIN_CHARACTERS:
        raise WeakPassphrase(
            f"This passphrase is too short to protect the profile: choose one of at least "
            f"{MIN_CHARACTERS} characters, for example three or four words you will remember."
        )
