"""The full-screen wizard: one App that drives the engine's Session through screens.

No clinical logic lives here: screens ask the session what to show and the
assessment what the outcome is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from ..engine.assessment import Assessment, assess
from ..engine.session import Session
from ..flow.loader import LoadedFlow
from ..flow.model import Text
from ..ui_text import ui

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    warning="#ffff00",
    error="#ff5555",
    success="#55ff55",
    dark=True,
    variables={"border": "#ffffff", "footer-key-foreground": "#ffff00", "block-cursor-background": "#ffff00",
               "block-cursor-foreground": "#000000"},
)
DEFAULT_THEME = "textual-dark"


class WizardApp(App[None]):
    """Knee and ankle pain check: welcome, questions, review, results."""

    CSS_PATH = "wizard.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Close the app"),
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Keys and how this works"),
    ]

    def __init__(self, flow: LoadedFlow, lang: str, *, theme: str = DEFAULT_THEME) -> None:
        super().__init__()
        self.flow = flow
        self.lang = lang
        self.session = Session(flow, lang)
        self.drafts: dict[str, str] = {}
        """Raw text typed into number fields, kept even when it is not a valid answer yet."""
        self.acknowledged: set[str] = set()
        """Emergency red flags already shown to the person, so each interrupts once."""
        self._start_theme = theme
        self.title = self.ft(flow.model.flow.title)

    # --- text ---------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """A fixed UI string in the current language."""
        return ui(key, self.lang, **values)

    def ft(self, text: Text) -> str:
        """A flow text in the current language."""
        return self.flow.text(text, self.lang)

    # --- lifecycle ----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.theme = self._start_theme
        self.show_welcome()

    def outcome(self) -> Assessment:
        """The assessment of the answers so far; questions not reached yet don't count as unknown."""
        return assess(self.session, final=self.session.finished)

    # --- navigation ---------------------------------------------------------------------

    def _switch(self, screen: Screen[Any]) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 1:
            self.push_screen(screen)
        else:
            self.switch_screen(screen)

    def show_welcome(self) -> None:
        from .screens.welcome import WelcomeScreen

        self._switch(WelcomeScreen())

    def show_question(self, *, from_review: bool = False) -> None:
        from .screens.question import QuestionScreen

        self._switch(QuestionScreen(from_review=from_review))

    def show_review(self) -> None:
        from .screens.review import ReviewScreen

        self._switch(ReviewScreen())

    def show_results(self) -> None:
        from .screens.results import ResultsScreen

        self._switch(ResultsScreen())

    def restart(self) -> None:
        """Forget every answer and go back to the welcome screen."""
        self.session = Session(self.flow, self.lang)
        self.drafts.clear()
        self.acknowledged.clear()
        self.show_welcome()

    # --- actions and commands -----------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_save(self) -> None:
        from .screens.save import SaveScreen

        self.push_screen(SaveScreen())

    def action_restart(self) -> None:
        self.restart()

    def action_review(self) -> None:
        if self.session.answers():
            self.show_review()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.session.lang = lang
        self.title = self.ft(self.flow.model.flow.title)
        self.screen.refresh_bindings()
        for screen in self.screen_stack[1:]:
            screen.refresh(recompose=True)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Only the wizard's own commands: nothing that writes a screenshot."""
        yield SystemCommand(self.t("restart"), self.t("restart_help"), self.restart)
        if self.session.answers():
            yield SystemCommand(self.t("review"), self.t("review_help"), self.show_review)
            yield SystemCommand(self.t("save_results"), self.t("save_results_help"), self.action_save)
        yield SystemCommand(self.t("theme_default"), self.t("theme_help"), lambda: setattr(self, "theme",
                                                                                           DEFAULT_THEME))
        yield SystemCommand(self.t("theme_contrast"), self.t("theme_help"), lambda: setattr(self, "theme",
                                                                                            "high-contrast"))
        for lang in self.flow.model.flow.languages:
            yield SystemCommand(ui("language", lang, name=ui("language_name", lang)), self.t("language_help"),
                                lambda lang=lang: self.set_language(lang))
        yield SystemCommand(self.t("help"), self.t("help_help"), self.action_help)
        yield SystemCommand(self.t("quit"), self.t("quit_help"), self.exit)
