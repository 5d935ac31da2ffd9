"""What this is and is not, how long it takes, the languages, and Start."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...ui_text import ui
from ..base import WizardScreen, gone
from ..messages import ChangeLanguage, FlowReady, LanguageChanged, StartQuestions
from ..widgets.footer import LocalFooter


class WelcomeScreen(WizardScreen):
    BINDINGS = [Binding("enter", "start", "Start", id="start", tooltip="Begin the questions")]

    def __init__(self) -> None:
        super().__init__()
        self.start_when_ready = False

    def compose(self) -> ComposeResult:
        app = self.wizard
        with VerticalScroll(classes="page"), Vertical(classes="column"):
            yield Static(app.title, id="flow-title", classes="title", markup=False)
            yield Static("", id="intro", classes="lead", markup=False)
            yield Static(app.t("welcome_not"), classes="notice")
            yield Static("", id="duration", classes="muted")
            with Center():
                yield Button(app.t("start"), id="start", variant="primary", classes="big")
            yield Horizontal(id="languages")
            yield Static(app.t("welcome_hint"), classes="muted")
        yield LocalFooter()

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#start", Button).focus()
        if self.wizard.ready:
            self.show_flow()

    @on(FlowReady)
    def flow_ready(self) -> None:
        self.show_flow()
        if self.start_when_ready:
            self.action_start()

    @on(LanguageChanged)
    def language_changed(self) -> None:
        self.show_flow()
        self.query_one("#start", Button).focus()

    def show_flow(self) -> None:
        """Fill in what only the flow knows; the first frame is drawn before it is loaded."""
        app = self.wizard
        info = app.flow.model.flow
        self.query_one("#flow-title", Static).update(app.ft(info.title))
        intro = app.ft(info.description) if info.description is not None else app.t("welcome_intro")
        self.query_one("#intro", Static).update(intro)
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
            self.post_message(StartQuestions())
        else:
            self.start_when_ready = True

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, ".language")
    def language_pressed(self, event: Button.Pressed) -> None:
        self.post_message(ChangeLanguage((event.button.id or "").removeprefix("lang-")))
