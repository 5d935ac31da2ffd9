"""Screen bases that know their App: the one place a screen's `app` is read as the WizardApp.

Two guards against keys faster than screens (found by the key storms, tests/fuzz/):
- Textual's `dismiss` pops whatever screen is on top. A second click on Close, or a key still
  queued for a dialog just dismissed, dismissed it again: that popped the screen underneath
  (the results, leaving a blank screen) or, with nothing left, raised ScreenStackError. A
  dialog that is no longer on top does nothing.
- Textual still delivers Mount to a screen taken off the stack before it was shown, after
  removing its widgets: an on_mount that looks for them fails (NoMatches). `gone` says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from .app import WizardApp
    from .kiosk import KioskApp

Result = TypeVar("Result")


def gone(screen: Screen[Any]) -> bool:
    """Taken off the screen stack before its own Mount was handled: it has nothing to set up."""
    return screen not in screen.app.screen_stack


def done() -> AwaitComplete:
    """An already finished wait, for a dismiss that does nothing."""
    finished: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
    return finished


class WizardScreen(Screen[None]):
    """A full screen of the wizard."""

    @property
    def wizard(self) -> WizardApp:
        return cast("WizardApp", self.app)


class WizardModal(ModalScreen[Result]):
    """A dialog of the wizard, dismissed with a result of type `Result`, once, and only while on top."""

    @property
    def wizard(self) -> WizardApp:
        return cast("WizardApp", self.app)

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        return super().dismiss(result) if self.is_active else done()


class KioskModal(WizardModal[Result]):
    """A dialog only the kiosk opens (the idle warning, the staff PIN), so its App is the KioskApp."""

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)
