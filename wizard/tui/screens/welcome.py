"""What this is and is not, how long it takes, and Start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

if TYPE_CHECKING:
    from ..app import WizardApp


class WelcomeScreen(Screen[None]):
    BINDINGS = [Binding("enter", "start", "Start", id="start", tooltip="Begin the questions")]

    @property
    def wizard(self) -> WizardApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.wizard
        info = app.flow.model.flow
        with VerticalScroll(classes="page"), Vertical(classes="column"):
            yield Static(app.ft(info.title), classes="title")
            yield Static(app.t("welcome_intro"), classes="lead")
            yield Static(app.t("welcome_not"), classes="notice")
            yield Static(app.t("welcome_time", minutes=info.minutes), classes="muted")
            with Center():
                yield Button(app.t("start"), id="start", variant="primary", classes="big")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def action_start(self) -> None:
        self.wizard.show_question()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()
