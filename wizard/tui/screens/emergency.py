"""The emergency interrupt: shown at once when the answers so far point to an emergency."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...engine.flags import FiredFlag
from ..base import WizardModal, gone


class EmergencyScreen(WizardModal[bool]):
    """Says what to do now; dismisses with True to see the results, False to go on answering."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Continue", id="continue", tooltip="Back to the questions")]

    def __init__(self, flags: list[FiredFlag]) -> None:
        super().__init__()
        self.flags = flags

    def compose(self) -> ComposeResult:
        app = self.wizard
        level = app.flow.model.triage[0]
        with Vertical(id="emergency", classes="dialog tone-danger"):
            yield Static(app.t("emergency_title"), id="emergency-title", classes="banner-title")
            with VerticalScroll():
                yield Static(app.ft(level.advice), classes="banner-text", markup=False)
                for fired in self.flags:
                    text = f"• {app.ft(fired.flag.title)}. {app.ft(fired.flag.advice)}"
                    yield Static(text, classes="flag", markup=False)
                if any(not f.certain for f in self.flags):
                    yield Static(app.ft(app.flow.model.texts.unsure_note), classes="muted", markup=False)
            with Horizontal(classes="nav"):
                yield Button(app.t("emergency_results"), id="results", variant="error")
                yield Button(app.t("emergency_continue"), id="continue")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#results", Button).focus()

    @on(Button.Pressed, "#results")
    def results(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#continue")
    def carry_on(self) -> None:
        self.dismiss(False)
