"""What this is and is not, how long it takes, and Start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...ui_text import ui
from ..widgets.footer import LocalFooter
from .dialog import gone

if TYPE_CHECKING:
    from ..app import WizardApp


class WelcomeScreen(Screen[None]):
    BINDINGS = [Binding("enter", "start", "Start", id="start", tooltip="Begin the questions")]

    @property
    def wizard(self) -> WizardApp:
        return self.app  # type: ignore[return-value]

    def __init__(self) -> None:
        super().__init__()
        self.start_when_ready = False

    def compose(self) -> ComposeResult:
        app = self.wizard
        with VerticalScroll(classes="page"), Vertical(classes="column"):
            yield Static(app.title, id="flow-title", classes="title", markup=False)
            yield Static(app.t("welcome_intro"), classes="lead")
            yield Static(app.t("welcome_not"), classes="notice")
            yield Static("", id="duration", classes="muted")
            with Center():
                yield Button(app.t("start"), id="start", variant="primary", classes="big")
            yield Horizontal(id="languages")
            if app.kiosk is not None:
                yield Static(app.t("kiosk_touch"), classes="muted")
        yield LocalFooter()

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#start", Button).focus()
        if self.wizard.ready:
            self.show_flow()

    def on_wizard_app_flow_ready(self) -> None:
        self.show_flow()
        if self.start_when_ready:
            self.action_start()

    def show_flow(self) -> None:
        """Fill in what only the flow knows; the first frame is drawn before it is loaded."""
        app = self.wizard
        info = app.flow.model.flow
        self.query_one("#flow-title", Static).update(app.ft(info.title))
        self.query_one("#duration", Static).update(app.t("welcome_time", minutes=info.minutes))
        row = self.query_one("#languages", Horizontal)
        if len(info.languages) > 1 and not row.children:
            row.mount_all(
                Button(
                    ui("language_name", lang),
                    id=f"lang-{lang}",
                    classes="small language",
                    variant="primary" if lang == app.lang else "default",
                )
                for lang in info.languages
            )

    def action_start(self) -> None:
        if self.wizard.ready:
            self.wizard.show_question()
        else:
            self.start_when_ready = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id.startswith("lang-"):
            self.wizard.set_language(button_id.removeprefix("lang-"))
        else:
            self.action_start()
