"""Waiting for a text to appear on a real terminal's screen, for the tmux tests and the tmux storm."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(screen: Callable[[], str], text: str, timeout: float) -> str:
    """The screen once it shows `text`; AssertionError with the last screen when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen shows:\n{screen()}")
