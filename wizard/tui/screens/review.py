"""Every answer by section, each with a Change button that jumps to its question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from ...flow.model import MultipleChoice, Number, Question, SingleChoice, YesNoUnsure
from ..widgets.footer import LocalFooter
from .dialog import gone

if TYPE_CHECKING:
    from ..app import WizardApp


def answer_label(app: WizardApp, question: Question) -> str:
    """The person's answer in words."""
    answer = app.session.answer_of(question.id)
    if answer is None:
        return app.t("not_answered")
    if isinstance(question, (SingleChoice, MultipleChoice, YesNoUnsure)):
        labels = dict(app.flow.choices(question, app.lang))
        chosen = answer if isinstance(answer, list) else [answer]
        return "; ".join(labels[str(a)] for a in chosen)
    unit = f" {app.ft(question.unit)}" if isinstance(question, Number) and question.unit else ""
    return f"{answer:g}{unit}" if isinstance(answer, (int, float)) else str(answer)


class ReviewScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the last question"),
        Binding("r", "results", "See results", id="results", tooltip="See your results"),
    ]

    def compose(self) -> ComposeResult:
        app: WizardApp = self.app  # type: ignore[assignment]
        visible = app.session.visible_questions()
        with Vertical(classes="page"), Vertical(classes="column"):
            yield Static(app.t("review_title"), classes="title")
            yield Static(app.t("review_intro"), classes="muted")
            with VerticalScroll(id="review-list"):
                for section in app.flow.model.sections:
                    shown = [q for q in section.questions if q in visible]
                    if not shown:
                        continue
                    yield Static(app.ft(section.title), classes="section")
                    for question in shown:
                        with Horizontal(classes="review-row"):
                            with Vertical(classes="review-text"):
                                yield Static(app.ft(question.text), classes="review-question", markup=False)
                                yield Static(answer_label(app, question), classes="review-answer", markup=False)
                            yield Button(app.t("change"), id=f"edit-{question.id}", classes="small")
            with Horizontal(classes="nav"):
                yield Button(app.t("back"), id="back")
                yield Button(app.t("see_results"), id="results", variant="primary")
        yield LocalFooter()

    def on_mount(self) -> None:
        if gone(self):
            return
        self.query_one("#results", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button_id = event.button.id or ""
        if button_id == "results":
            self.action_results()
        elif button_id == "back":
            self.action_back()
        elif button_id.startswith("edit-"):
            app: WizardApp = self.app  # type: ignore[assignment]
            app.session.goto(button_id.removeprefix("edit-"))
            app.show_question(from_review=True)

    def action_results(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        if app.session.finish():
            app.show_results()
        else:
            app.show_question()

    def action_back(self) -> None:
        app: WizardApp = self.app  # type: ignore[assignment]
        app.session.back()
        app.show_question()
