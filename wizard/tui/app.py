"""The full-screen wizard: one App that drives the engine's Session through screens.

No clinical logic lives here: screens ask the session what to show and the result
view what the outcome says. Screens post intents (`wizard.tui.messages`) and the App
decides what they do, so the kiosk changes behaviour by overriding a hook here, never
by a branch in a screen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from ..errors import Problem, WizardError
from ..ui_text import table, ui
from . import messages
from .compat import GuardedApp, driver_class

if TYPE_CHECKING:
    from textual.driver import Driver

    # The engine (and pydantic) load after the first frame; see WizardApp.load_flow.
    from ..engine.assessment import Assessment
    from ..engine.session import Session
    from ..flow.fields import Text
    from ..flow.loaded import LoadedFlow
    from ..kiosk.config import KioskConfig
    from ..results.view import ResultView

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
    variables={
        "border": "#ffffff",
        "footer-key-foreground": "#ffff00",
        "block-cursor-background": "#ffff00",
        "block-cursor-foreground": "#000000",
    },
)
DEFAULT_THEME = "textual-dark"


def _freeze_long_lived() -> None:
    """Move what lives as long as the process (modules, Textual, the validated flow) out of the collector's sight.

    A full collection walks every tracked object: with the flow and Textual loaded each
    took 165 ms on average in the transition benchmark, and they make the slowest screen
    changes. Frozen objects are never scanned again (nor freed, which they never would be). Done
    once per process, before the first Session exists, so no person's answers are ever
    frozen: the kiosk still frees every visitor's session.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()


class WizardApp(GuardedApp):
    """A flow's questions, review and results, one screen at a time."""

    CSS_PATH = "wizard.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal"), (120, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Close the app"),
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Keys and how this works"),
    ]

    kiosk: KioskConfig | None = None
    """The kiosk's settings in kiosk mode (set by `KioskApp`)."""

    def __init__(self, flow: LoadedFlow | Path, lang: str | None = None, *, theme: str = DEFAULT_THEME) -> None:
        super().__init__()
        self._flow: LoadedFlow | None = None
        self._session: Session | None = None
        self._flow_path = flow if isinstance(flow, Path) else None
        self.lang = lang or "en"
        self._requested_lang = lang
        self.problems: list[Problem] = []
        """Why the flow could not be used; printed by the CLI after the app exits."""
        self.drafts: dict[str, str] = {}
        """Raw text typed into number fields, kept even when it is not a valid answer yet."""
        self.last_edited: str | None = None
        """The question last changed from the review, so the review comes back to it."""
        self._start_theme = theme
        self.title = self.t("app_title")
        if not isinstance(flow, Path):
            self._use_flow(flow, lang)

    @property
    def flow(self) -> LoadedFlow:
        assert self._flow is not None, "screens that need the flow are shown only once it is loaded"
        return self._flow

    @property
    def session(self) -> Session:
        assert self._session is not None, "screens that need the session are shown only once the flow is loaded"
        return self._session

    @property
    def ready(self) -> bool:
        return self._flow is not None

    def _use_flow(self, flow: LoadedFlow, lang: str | None) -> None:
        from ..engine.session import Session

        languages = flow.model.flow.languages
        if lang is not None and lang not in languages:
            raise WizardError([Problem(f'language "{lang}" is not in this flow; available: {", ".join(languages)}')])
        self.lang = lang or flow.default_lang
        self._flow = flow
        _freeze_long_lived()
        self._session = Session(flow, self.lang)
        self.title = self.ft(flow.model.flow.title)

    @work(thread=True, exclusive=True, group="load-flow")
    def load_flow(self, path: Path, lang: str | None) -> None:
        """Load and validate the flow in a thread, after the first frame is on screen."""
        from ..flow.loader import load_flow

        try:
            flow = load_flow(path)
            self.call_from_thread(self._use_flow, flow, lang)
        except WizardError as exc:
            self.problems = exc.problems
            self.call_from_thread(self.exit, None, 1)
            return
        self.call_from_thread(self._announce, messages.FlowReady)

    def _announce(self, message: type[messages.FlowReady | messages.LanguageChanged]) -> None:
        for screen in self.screen_stack:
            screen.post_message(message())

    # --- text ---------------------------------------------------------------------------

    def t(self, key: str, **values: Any) -> str:
        """A fixed UI string in the current language."""
        return ui(key, self.lang, **values)

    def ft(self, text: Text) -> str:
        """A flow text in the current language."""
        return self.flow.text(text, self.lang)

    def key_description(self, binding_id: str | None, description: str) -> str:
        """A key's description in the reader's language, found by the binding's id (`key_<id>`)."""
        key = f"key_{binding_id}"
        return self.t(key) if binding_id and key in table() else description

    # --- lifecycle ----------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal, made to drop undecodable input bytes instead of dying on them."""
        return driver_class(super().get_driver_class(), kiosk=False)

    def on_mount(self) -> None:
        from .signals import exit_on_hangup

        exit_on_hangup(self)
        self.register_theme(HIGH_CONTRAST)
        self.theme = self._start_theme
        self.show_welcome()
        if self._flow_path is not None:
            self.call_after_refresh(self.load_flow, self._flow_path, self._requested_lang)

    def outcome(self) -> Assessment:
        """The assessment of the answers so far (complete, or early after an emergency sign)."""
        from ..engine.assessment import assess

        return assess(self.session)

    def result_view(self) -> ResultView:
        """What the results say, in the person's language: every results screen and handout reads this."""
        from ..results.view import build_view

        return build_view(self.session, self.outcome())

    def handout_name(self) -> str:
        """The default file name of a saved handout: named for the flow, not for one body part."""
        return f"{self.flow.id.replace('_', '-')}-results.html"

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

        if self.session.current is None:  # nothing left to ask: the answers are ready to check
            self.show_review()
            return
        self._switch(QuestionScreen(from_review=from_review))

    def show_review(self) -> None:
        from .screens.review import ReviewScreen

        self._switch(ReviewScreen(focus=self.last_edited))
        self.last_edited = None

    def show_results(self) -> None:
        """The results if the session can show them, else the first question that still needs an answer."""
        from .screens.results import ResultsScreen

        if self.session.finish():
            self._switch(ResultsScreen())
        else:
            self.show_question()

    def restart(self) -> None:
        """Forget every answer and go back to the welcome screen."""
        from ..engine.session import Session

        self._session = Session(self.flow, self.lang)
        self.drafts.clear()
        self.last_edited = None
        self.show_welcome()

    def confirm(self, question: str, yes: str, then: Any) -> None:
        """Ask before something that loses answers; `then()` runs only on yes."""
        from .screens.confirm import ConfirmScreen

        def done(sure: bool | None) -> None:
            if sure:
                then()

        self.push_screen(ConfirmScreen(question, yes), done)

    # --- intents from screens -----------------------------------------------------------

    @on(messages.StartQuestions)
    def _start(self) -> None:
        if self.ready:
            self.show_question()

    @on(messages.LeaveQuestions)
    def _leave(self) -> None:
        self.show_welcome()

    @on(messages.ShowReview)
    def _review(self) -> None:
        self.show_review()

    @on(messages.ShowResults)
    def _results(self) -> None:
        self.show_results()

    @on(messages.EditAnswer)
    def _edit(self, message: messages.EditAnswer) -> None:
        self.session.goto(message.question_id)
        self.last_edited = message.question_id
        self.show_question(from_review=True)

    @on(messages.Restart)
    def _restart(self) -> None:
        self.action_restart()

    @on(messages.ChangeLanguage)
    def _language(self, message: messages.ChangeLanguage) -> None:
        self.set_language(message.lang)

    # --- actions and commands -----------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.active_keys()))

    def active_keys(self) -> list[tuple[str, str]]:
        """The wizard's own keys that work on the current screen (not Textual's scrolling keys), by what they do."""
        grouped: dict[str, list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or binding.id is None:
                continue
            keys = grouped.setdefault(self.key_description(binding.id, binding.description), [])
            shown = self.get_key_display(binding)
            if shown not in keys:
                keys.append(shown)
        return [(" ".join(keys), description) for description, keys in grouped.items()]

    def action_save(self) -> None:
        from .screens.save import SaveScreen

        if self.ready and self.session.at_results and self.check_action("save", ()) is not False:
            self.push_screen(SaveScreen())

    def action_restart(self) -> None:
        """Start again; with answers given, only after the person says so."""
        if self.ready and self.session.answers():
            self.confirm(self.t("confirm_restart"), self.t("restart"), self.restart)
        else:
            self.restart()

    async def action_quit(self) -> None:
        """Quit; with answers given, only after the person says so (nothing is kept)."""
        if self.ready and self.session.answers():
            self.confirm(self.t("confirm_quit"), self.t("quit"), self.exit)
        else:
            self.exit()

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
        self.call_after_refresh(self._announce, messages.LanguageChanged)

    def action_command_palette(self) -> None:
        """Textual's palette, with its search prompt in the reader's language."""
        from textual.command import CommandPalette

        from .palette import WizardPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            # No fixed id: the last palette may still be on its way out when the next one opens (DuplicateIds).
            self.push_screen(WizardPalette(placeholder=self.t("palette_placeholder")))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Only the wizard's own commands: nothing that writes a screenshot."""
        if not self.ready:
            return
        yield SystemCommand(self.t("restart"), self.t("restart_help"), self.action_restart)
        if self.session.answers():
            yield SystemCommand(self.t("review"), self.t("review_help"), self.show_review)
        if self.session.results_available:
            yield SystemCommand(self.t("see_results"), self.t("see_results_help"), self.show_results)
        if self.session.at_results and self.check_action("save", ()) is not False:
            yield SystemCommand(self.t("save_results"), self.t("save_results_help"), self.action_save)
        yield SystemCommand(
            self.t("theme_default"), self.t("theme_help"), lambda: setattr(self, "theme", DEFAULT_THEME)
        )
        yield SystemCommand(
            self.t("theme_contrast"), self.t("theme_help"), lambda: setattr(self, "theme", "high-contrast")
        )
        for lang in self.flow.model.flow.languages:
            yield SystemCommand(
                ui("language", lang, name=ui("language_name", lang)),
                self.t("language_help"),
                lambda lang=lang: self.set_language(lang),
            )
        yield SystemCommand(self.t("help"), self.t("help_help"), self.action_help)
        if self.check_action("quit", ()) is not False:
            yield SystemCommand(self.t("quit"), self.t("quit_help"), self.action_quit)

    # --- what a kiosk changes (see KioskApp) --------------------------------------------

    def results_extras(self, view: ResultView) -> ComposeResult:
        """Widgets the results show after the exercises; the kiosk adds its take-home code here."""
        return iter(())

    def results_actions(self) -> ComposeResult:
        """Buttons under the results; the kiosk adds "Finish and clear my answers"."""
        return iter(())
