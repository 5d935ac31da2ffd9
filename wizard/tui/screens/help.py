"""How the wizard works and which keys do what."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from .dialog import Dialog, gone

if TYPE_CHECKING:
    from ..app import WizardApp


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="close", tooltip="Close help")]

    def compose(self) -> ComposeResult:
        app: WizardApp = self.app  # type: ignore[assignment]
        with Vertical(classes="dialog"):
            yield Static(app.t("help_title"), classes="title")
            with VerticalScroll():
                yield Static(app.t("help_text"), markup=False)
                yield Static(app.ft(app.flow.model.texts.disclaimer), classes="notice", markup=False)
            yield Button(app.t("close"), id="close", variant="primary")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()
