""" "Are you still there?": a countdown before a walked-away visitor's answers are cleared."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from ..base import KioskModal, gone

if TYPE_CHECKING:
    pass


class IdleScreen(KioskModal[None]):
    """Passive: the kiosk app closes it on any input and wipes the session when the countdown ends."""

    def compose(self) -> ComposeResult:
        app = self.kiosk
        with Vertical(id="idle", classes="dialog"):
            yield Static(app.t("idle_title"), classes="title")
            yield Static(app.t("idle_text"), classes="lead")
            yield Static("", id="countdown", classes="notice")
            yield Button(app.t("idle_continue"), id="still-here", variant="primary", classes="big")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.tick()
        self.set_interval(0.2, self.tick)

    def tick(self) -> None:
        app = self.kiosk
        seconds = math.ceil(app.seconds_to_wipe())
        self.query_one("#countdown", Static).update(app.t("idle_countdown", seconds=seconds))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        app = self.kiosk
        app.keep_going()
