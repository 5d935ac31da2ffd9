"""The emergency interrupt: shown at once when an answer fires an emergency red flag."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...engine.assessment import FiredFlag
from .dialog import Dialog, gone

if TYPE_CHECKING:
    from ..app import WizardApp


class EmergencyScreen(Dialog[bool]):
    """Says what to do now; dismisses with True to see results, False to continue."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Continue", id="continue", tooltip="Back to the questions")]

    def __init__(self, flags: list[FiredFlag]) -> None:
        super().__init__()
        self.flags = flags

    def compose(self) -> ComposeResult:
        app: WizardApp = self.app  # type: ignore[assignment]
        level = app.flow.model.triage[0]
        with Vertical(id="emergency", classes="dialog tone-danger"):
            yield Static(app.t("emergency_title"), classes="banner-title")
            with VerticalScroll():
                yield Static(app.ft(level.advice), classes="banner-text", markup=False)
                for fired in self.flags:
                    yield Static(
                        f"• {app.ft(fired.flag.title)}. {app.ft(fired.flag.advice)}", classes="flag", markup=False
                    )
                if any(not f.certain for f in self.flags):
                    yield Static(app.ft(app.flow.model.texts.unsure_note), classes="muted", markup=False)
            with Horizontal(classes="nav"):
                yield Button(app.t("emergency_results"), id="results", variant="error")
                yield Button(app.t("emergency_continue"), id="continue")

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#results", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "results")
