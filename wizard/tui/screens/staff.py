"""The staff exit: a masked PIN prompt behind the key chord, slowed down after wrong attempts."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...kiosk.pin import verify_pin
from ..base import KioskModal, gone

if TYPE_CHECKING:
    pass


class StaffScreen(KioskModal[None]):
    """Ends the kiosk on the right PIN; the wait after a wrong one survives closing the prompt.

    Opened only when a PIN hash is configured: without one the chord shows visitors nothing.
    """

    BINDINGS = [Binding("escape", "dismiss", "Cancel", id="cancel", tooltip="Close without exiting")]

    def compose(self) -> ComposeResult:
        app = self.kiosk
        with Vertical(id="staff", classes="dialog"):
            yield Static(app.t("staff_title"), classes="title")
            yield Input(password=True, placeholder=app.t("staff_prompt"), id="pin", max_length=64)
            yield Static("", id="staff-message", classes="error")
            with Horizontal(classes="nav"):
                yield Button(app.t("staff_enter"), id="enter", variant="error")
                yield Button(app.t("cancel"), id="cancel")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#pin").focus()
        self.show_wait()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "enter":
            self.submit()
        else:
            self.dismiss()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        if self.show_wait():
            return
        pin_input = self.query_one("#pin", Input)
        pin, pin_input.value = pin_input.value, ""
        pin_input.disabled = True
        self.query_one("#staff-message", Static).update(self.kiosk.t("staff_checking"))
        self.check(pin)

    @work(thread=True, exclusive=True)
    def check(self, pin: str) -> None:
        """The hash is slow on purpose; compute it off the event loop."""
        stored = self.kiosk.kiosk.staff_pin_hash
        ok = stored is not None and verify_pin(pin, stored)
        self.app.call_from_thread(self.checked, ok)

    def checked(self, ok: bool) -> None:
        app = self.kiosk
        if ok:
            app.throttle.succeed()
            app.staff_exit()
            return
        wait = app.throttle.fail(app.clock())
        self.query_one("#staff-message", Static).update(app.t("staff_wrong", seconds=math.ceil(wait)))
        self.set_timer(wait, self.unlock)

    def show_wait(self) -> bool:
        """While a wrong attempt's wait lasts, keep the field locked and say how long; True if waiting."""
        app = self.kiosk
        wait = app.throttle.wait(app.clock())
        if wait > 0:
            self.query_one("#pin", Input).disabled = True
            self.query_one("#staff-message", Static).update(app.t("staff_wait", seconds=math.ceil(wait)))
            self.set_timer(wait, self.unlock)
        return wait > 0

    def unlock(self) -> None:
        if self.kiosk.throttle.wait(self.kiosk.clock()) > 0:
            return
        pin_input = self.query_one("#pin", Input)
        pin_input.disabled = False
        pin_input.focus()
        self.query_one("#staff-message", Static).update("")
