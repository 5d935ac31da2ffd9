"""The limits that every walk of one exploration (or one graph) shares: states and time."""

from __future__ import annotations

import time


class Stopped(Exception):
    """The state or time budget ran out."""


class Budget:
    """Shared limits for every walk of one exploration."""

    def __init__(self, max_states: int, timeout: float) -> None:
        self.max_states = max_states
        self.deadline = time.monotonic() + timeout
        self.states = 0

    def spend(self) -> None:
        """Count one new state; stop when the states or the time run out."""
        self.states += 1
        if self.states > self.max_states or (self.states % 256 == 0 and time.monotonic() > self.deadline):
            raise Stopped

    def check(self) -> None:
        """Stop when the time has run out."""
        if time.monotonic() > self.deadline:
            raise Stopped
