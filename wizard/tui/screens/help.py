"""How the wizard works and which keys do what, made from the bindings active where help was asked for.

A key that is blocked or not available there (quitting in a kiosk, saving before the
results) is not listed, because the list is read from the screen's own active bindings.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from ..base import WizardModal, gone
from ..widgets.hanging import hanging


class HelpScreen(WizardModal[None]):
    BINDINGS = [Binding("escape", "dismiss", "Close", id="close", tooltip="Close help")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys
        """(keys as shown, what they do), in the reader's language."""

    def compose(self) -> ComposeResult:
        app = self.wizard
        with Vertical(classes="dialog"):
            yield Static(app.t("help_title"), classes="title")
            with VerticalScroll():
                yield Static(app.t("help_text"), markup=False)
                if self.keys:
                    yield Static(app.t("help_keys"), classes="section")
                    width = max(len(keys) for keys, _ in self.keys)
                    for keys, description in self.keys:
                        yield Static(hanging(keys.ljust(width), description), classes="help-key")
                if app.ready:
                    yield Static(app.ft(app.flow.model.texts.disclaimer), classes="notice", markup=False)
            yield Button(app.t("close"), id="close", variant="primary")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss()
