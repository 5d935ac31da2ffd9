"""Every answer by section, each with a Change button that jumps to its question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from ...results.view import answer_words
from ..base import WizardScreen, gone
from ..messages import EditAnswer, ShowResults, StartQuestions
from ..widgets.footer import LocalFooter


class ReviewList(VerticalScroll):
    """The answers; it scrolls with the keyboard as well as the mouse."""

    BINDINGS = [
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
    ]


class ReviewScreen(WizardScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Back to the last question"),
        Binding("r", "results", "See results", id="see_results", tooltip="See your results"),
    ]

    def __init__(self, *, focus: str | None = None) -> None:
        super().__init__()
        self.focus_on = focus
        """The question whose Change button gets the focus (the one just changed)."""

    def compose(self) -> ComposeResult:
        app = self.wizard
        visible = app.session.visible_questions()
        with Vertical(classes="page"), Vertical(classes="column"):
            yield Static(app.t("review_title"), classes="title")
            yield Static(app.t("review_intro"), classes="muted")
            with ReviewList(id="review-list"):
                for section in app.flow.model.sections:
                    shown = [q for q in section.questions if q in visible]
                    if not shown:
                        continue
                    yield Static(app.ft(section.title), classes="section", markup=False)
                    for question in shown:
                        words = answer_words(app.flow, question, app.session.answer_of(question.id), app.lang)
                        with Horizontal(classes="review-row"):
                            with Vertical(classes="review-text"):
                                yield Static(app.ft(question.text), classes="review-question", markup=False)
                                yield Static(words, classes="review-answer", markup=False)
                            yield Button(app.t("change"), id=f"edit-{question.id}", classes="small edit")
            with Horizontal(classes="nav"):
                yield Button(app.t("back"), id="back")
                yield Button(app.t("see_results"), id="results", variant="primary")
        yield LocalFooter()

    def on_mount(self) -> None:
        if gone(self):
            return
        changed = self.query(f"#edit-{self.focus_on}") if self.focus_on else None
        if changed:
            button = changed.first(Button)
            button.focus(scroll_visible=False)
            self.call_after_refresh(button.scroll_visible, animate=False, top=False)
        else:
            self.query_one("#results", Button).focus()

    @on(Button.Pressed, "#results")
    def action_results(self) -> None:
        self.post_message(ShowResults())

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.wizard.session.back()
        self.post_message(StartQuestions())

    @on(Button.Pressed, ".edit")
    def edit(self, event: Button.Pressed) -> None:
        self.post_message(EditAnswer((event.button.id or "").removeprefix("edit-")))
