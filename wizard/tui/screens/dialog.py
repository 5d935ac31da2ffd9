"""A modal screen that only ever dismisses itself, and a test for screens taken down before they were shown.

Textual's `dismiss` pops whatever screen is on top. A second click on Close, or a key
still queued for a dialog that has just been dismissed, used to dismiss it again: that
popped the screen underneath (the results, leaving a blank screen) or, with nothing
left to pop, raised ScreenStackError. A dialog that is no longer on top does nothing.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen, ScreenResultType


def gone(screen: Screen[Any]) -> bool:
    """Taken off the screen stack before its own Mount was handled (keys faster than screens).

    Textual still delivers Mount to such a screen, after removing its widgets: an on_mount that
    looks for them would fail (NoMatches). A screen never shown has nothing to set up.
    """
    return screen not in screen.app.screen_stack


def done() -> AwaitComplete:
    """An already finished wait, for a dismiss that does nothing."""
    finished: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
    return finished


class Dialog(ModalScreen[ScreenResultType]):
    def dismiss(self, result: ScreenResultType | None = None) -> AwaitComplete:
        return super().dismiss(result) if self.is_active else done()
