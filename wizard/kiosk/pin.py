"""The staff PIN: stored only as a salted, slow hash, and wrong attempts slowed down.

PBKDF2-SHA256 from the standard library is enough for a PIN that also sits behind a
key chord and a growing delay; the stored form names its own iteration count so
the cost can be raised later without breaking older configs.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SCHEME = "pbkdf2_sha256"
ITERATIONS = 200_000
MIN_ITERATIONS = 100_000
MIN_LENGTH = 4


def hash_pin(pin: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    """`pbkdf2_sha256$ITERATIONS$SALT$DIGEST` (hex), for the kiosk config's `staff_pin_hash`."""
    if len(pin) < MIN_LENGTH:
        raise ValueError(f"a PIN has at least {MIN_LENGTH} characters")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations)
    return f"{SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def parse_hash(stored: str) -> tuple[int, bytes, bytes]:
    """Iterations, salt and digest of a stored hash; ValueError says what is wrong with it."""
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != SCHEME:
        raise ValueError(f'not a PIN hash: expected "{SCHEME}$ITERATIONS$SALT$DIGEST"; make one with wizard kiosk-pin')
    try:
        iterations, salt, digest = int(parts[1]), bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        raise ValueError("the PIN hash is damaged; make a new one with wizard kiosk-pin") from None
    if iterations < MIN_ITERATIONS or len(salt) < 8 or len(digest) != 32:
        raise ValueError(
            f"the PIN hash is too weak (at least {MIN_ITERATIONS} iterations and an 8-byte salt); "
            "make a new one with wizard kiosk-pin"
        )
    return iterations, salt, digest


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches, compared in constant time."""
    iterations, salt, digest = parse_hash(stored)
    return hmac.compare_digest(hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, iterations), digest)


class Throttle:
    """Wrong attempts lock the prompt for 1, 2, 4 ... seconds, at most `cap`; a right one clears it."""

    def __init__(self, cap: float = 60.0) -> None:
        self.cap = cap
        self.failures = 0
        self.until = 0.0

    def wait(self, now: float) -> float:
        """Seconds left before another attempt is allowed."""
        return max(0.0, self.until - now)

    def fail(self, now: float) -> float:
        """Count a wrong attempt; returns the new wait."""
        self.failures += 1
        self.until = now + min(self.cap, 2.0 ** (self.failures - 1))
        return self.wait(now)

    def succeed(self) -> None:
        self.failures = 0
        self.until = 0.0
