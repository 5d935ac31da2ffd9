"""The results: what to do and how soon first, then why, then what helps."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...results.view import (
    AdviceSection,
    AnswersSection,
    CausesSection,
    DisclaimerSection,
    ExercisesSection,
    LikelySection,
    ResultView,
    Section,
    SourcesSection,
    TipSection,
    TriageSection,
    WarningSection,
)
from ..widgets.footer import LocalFooter

if TYPE_CHECKING:
    from ..app import WizardApp


class ResultsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Review", id="back", tooltip="Back to your answers"),
        Binding("s", "save", "Save", id="save", tooltip="Save a handout"),
        Binding("n", "restart", "Start again", id="restart", tooltip="Forget the answers and start again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ResultView | None = None

    def compose(self) -> ComposeResult:
        app: WizardApp = self.app  # type: ignore[assignment]
        self.view = view = app.result_view()  # here, so a change of language redraws in it
        t = app.t
        triage = view.triage
        with Vertical(classes="page"):
            with Vertical(id="triage-banner", classes=f"banner tone-{triage.tone}"):
                yield Static(triage.label, classes="banner-title", markup=False)
                yield Static(f"{t('how_soon')}: {triage.how_soon}", classes="banner-text", markup=False)
            with Center(id="results-center"), VerticalScroll(id="results-body", classes="column"):
                for section in view.sections():
                    yield from self.section(app, section)
            yield Static(t("more_below"), id="more-below", classes="more-below")
        if app.kiosk is not None:
            with Center(id="finish-bar"):
                yield Button(t("finish"), id="finish", variant="primary")
        yield LocalFooter()

    def section(self, app: WizardApp, section: Section) -> ComposeResult:
        """The widgets of one section of the view, in the order the view gives."""
        t = app.t
        match section:
            case TriageSection():
                yield Static(section.advice, id="triage-advice", classes="lead", markup=False)
                if section.early:
                    yield Static(section.early, classes="notice", markup=False)
            case WarningSection():
                yield Static(section.title, classes="section", markup=False)
                for sign in section.signs:
                    text = f"• {sign.title}. {sign.advice}" if sign.advice else f"• {sign.title}"
                    yield Static(text, classes=f"flag level-{sign.level}", markup=False)
                if section.unsure_note:
                    yield Static(section.unsure_note, classes="muted", markup=False)
            case LikelySection():
                yield Static(section.title, classes="section", markup=False)
                if section.intro:
                    yield Static(section.intro, classes="muted", markup=False)
                for condition in section.conditions:
                    yield Static(condition.title, classes="cause-title", markup=False)
                    for reason in condition.because:
                        yield Static(f"  {t('because')}: {reason}", classes="because", markup=False)
                    yield Static(condition.explanation, classes="muted explanation", markup=False)
            case CausesSection():
                yield Static(section.title, classes="section", markup=False)
                if section.no_cause:
                    yield Static(section.no_cause, markup=False)
                for cause in section.causes:
                    yield Static(cause.title, classes="cause-title", markup=False)
                    for reason in cause.because:
                        yield Static(f"  {t('because')}: {reason}", classes="because", markup=False)
                    yield Static(cause.explanation, classes="muted explanation", markup=False)
            case ExercisesSection():
                yield Static(section.title, classes="section", markup=False)
                if section.none_now:
                    yield Static(section.none_now, classes="muted", markup=False)
                if section.note:
                    yield Static(section.note, classes="notice", markup=False)
                if section.exercises:
                    yield Static(t("exercises_open"), classes="muted")
                for exercise in section.exercises:
                    yield Button(f"▶ {exercise.title}", id=f"exercise-{exercise.id}", classes="exercise")
                for group in section.withheld:
                    text = f"{t('not_now')}: {', '.join(group.titles)}. {group.reason}"
                    yield Static(text, classes="muted", markup=False)
                if app.kiosk is not None:
                    yield from self.take_home(app)
            case AdviceSection():
                yield Static(section.title, classes="section", markup=False)
                for item in section.items:
                    yield Static(item.title, classes="item-title", markup=False)
                    yield Static(item.text, markup=False)
                for group in section.withheld:
                    text = f"{t('not_now')}: {', '.join(group.titles)}. {group.reason}"
                    yield Static(text, classes="muted", markup=False)
            case TipSection():
                yield Static(section.title, classes="section", markup=False)
                yield Static(section.text, markup=False)
            case SourcesSection():
                yield Static(section.title, classes="section", markup=False)
                for source in section.sources:
                    url = f": {source.url}" if source.url else ""
                    yield Static(f"• {source.title}{url}", classes="muted", markup=False)
            case AnswersSection():
                pass  # the review screen shows the answers; handouts list them
            case DisclaimerSection():
                yield Static(section.text, id="disclaimer", classes="notice", markup=False)

    def take_home(self, app: WizardApp) -> ComposeResult:
        """The kiosk's take-home: a QR code of a short summary, and a printout when a printer is set up."""
        from ...kiosk.take_home import qr_lines, summary

        assert app.kiosk is not None
        if not (app.kiosk.qr_code or app.kiosk.print_command):
            return
        yield Static(app.t("take_home_title"), classes="section")
        if app.kiosk.qr_code:
            yield Static(app.t("take_home_help"), classes="muted")
            assert self.view is not None
            yield Static("\n".join(qr_lines(summary(self.view))), id="qr-code", markup=False)
        if app.kiosk.print_command:
            yield Button(app.t("print"), id="print", classes="small")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No saving in a kiosk: nothing is written to disk."""
        app: WizardApp = self.app  # type: ignore[assignment]
        return not (action == "save" and app.kiosk is not None)

    def on_wizard_app_flow_ready(self) -> None:
        """Sent after a change of language has rebuilt the screen."""
        self.on_mount()

    def on_mount(self) -> None:
        body = self.query_one("#results-body", VerticalScroll)
        body.focus()
        self.watch(body, "scroll_y", self.update_cue, init=False)
        self.call_after_refresh(self.update_cue)

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_cue)

    def update_cue(self, _: float | None = None) -> None:
        """Show "more below" while anything is hidden under the fold."""
        body = self.query_one("#results-body", VerticalScroll)
        self.query_one("#more-below", Static).display = body.max_scroll_y > 0 and body.scroll_y < body.max_scroll_y

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "finish":
            self.action_restart()
        elif button_id == "print":
            self.print_summary()
        elif button_id.startswith("exercise-"):
            from .exercise import ExerciseScreen

            assert self.view is not None
            exercise = self.view.exercise(button_id.removeprefix("exercise-"))
            self.app.push_screen(ExerciseScreen(exercise, self.view.exercises.stop_rule or ""))

    @work(thread=True, exclusive=True, group="print")
    def print_summary(self) -> None:
        """Pipe the plain-text handout to the configured command; no file is written."""
        import subprocess

        from ...results.plain import to_plain

        app: WizardApp = self.app  # type: ignore[assignment]
        assert app.kiosk is not None and app.kiosk.print_command
        try:
            done = subprocess.run(
                app.kiosk.print_command,
                input=to_plain(app.result_view()),
                text=True,
                timeout=30,
                capture_output=True,
                check=False,
            )
            ok = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        app.call_from_thread(
            app.notify, app.t("printed" if ok else "print_failed"), severity="information" if ok else "error"
        )

    def action_back(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.show_review()

    def action_save(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.action_save()

    def action_restart(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.restart()
