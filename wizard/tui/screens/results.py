"""The results: what to do and how soon first, then why, then what helps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...results.view import (
    AdviceSection,
    AnswersSection,
    CausesSection,
    DisclaimerSection,
    ExercisesSection,
    LikelySection,
    ResultView,
    ScoredItem,
    Section,
    SourcesSection,
    TipSection,
    TriageSection,
    WarningSection,
)
from ..base import WizardScreen, gone
from ..messages import LanguageChanged, Restart, ShowReview
from ..widgets.footer import LocalFooter
from ..widgets.hanging import hanging

if TYPE_CHECKING:
    from ..app import WizardApp


class ResultsScreen(WizardScreen):
    BINDINGS = [
        Binding("escape", "back", "Review", id="review", tooltip="Back to your answers"),
        Binding("s", "save", "Save", id="save", tooltip="Save a handout"),
        Binding("n", "restart", "Start again", id="restart", tooltip="Forget the answers and start again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: ResultView | None = None

    def compose(self) -> ComposeResult:
        app = self.wizard
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
        actions = list(app.results_actions())
        if actions:
            with Center(id="finish-bar"):
                yield from actions
        yield LocalFooter()

    def scored(
        self, title: str, lead: str | None, items: Sequence[ScoredItem], *, lead_classes: str = ""
    ) -> ComposeResult:
        """Likely conditions or causes: each title, the answers that point to it, what it means."""
        yield Static(title, classes="section", markup=False)
        if lead:
            yield Static(lead, classes=lead_classes, markup=False)
        for item in items:
            yield Static(item.title, classes="cause-title", markup=False)
            for reason in item.because:
                yield Static(f"  {self.wizard.t('because')}: {reason}", classes="because", markup=False)
            yield Static(item.explanation, classes="muted explanation", markup=False)

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
                    text = f"{sign.title}. {sign.advice}" if sign.advice else sign.title
                    yield Static(hanging("•", text), classes=f"flag level-{sign.level}")
                if section.unsure_note:
                    yield Static(section.unsure_note, classes="muted", markup=False)
            case LikelySection():
                yield from self.scored(section.title, section.intro, section.conditions, lead_classes="muted")
            case CausesSection():
                yield from self.scored(section.title, section.no_cause, section.causes)
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
                assert self.view is not None
                yield from app.results_extras(self.view)
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

    def on_mount(self) -> None:
        if gone(self):
            return
        body = self.query_one("#results-body", VerticalScroll)
        body.focus()
        self.watch(body, "scroll_y", self.update_cue, init=False)
        self.call_after_refresh(self.update_cue)

    @on(LanguageChanged)
    def rebuilt(self) -> None:
        self.on_mount()

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_cue)

    def update_cue(self, _: float | None = None) -> None:
        """Show "more below" while anything is hidden under the fold."""
        body = self.query_one("#results-body", VerticalScroll)
        self.query_one("#more-below", Static).display = body.max_scroll_y > 0 and body.scroll_y < body.max_scroll_y

    @on(Button.Pressed, ".exercise")
    def exercise_pressed(self, event: Button.Pressed) -> None:
        from .exercise import ExerciseScreen

        event.stop()
        if self.view is not None:
            exercise = self.view.exercise((event.button.id or "").removeprefix("exercise-"))
            self.app.push_screen(ExerciseScreen(exercise, self.view.exercises.stop_rule or ""))

    def action_back(self) -> None:
        self.post_message(ShowReview())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Saving is the app's to allow (a kiosk writes nothing), so its key hides where it may not."""
        if action == "save":
            return self.wizard.check_action("save", parameters)
        return True

    def action_save(self) -> None:
        self.wizard.action_save()

    def action_restart(self) -> None:
        self.post_message(Restart())
