"""One question per screen, with its help, progress, Back and Next.

Every change is given to the session at once, so a resize, a wrong key or going
back never loses an answer; text typed into a number field is kept as a draft
even while it is not a valid number yet.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, ProgressBar, Static

from ...engine.answers import AnswerError, toggle
from ...flow.model import MultipleChoice, Number, Question, Scale, SingleChoice
from ..widgets.bodymap import PARTS, BodyMap
from ..widgets.choices import ChoiceList
from ..widgets.footer import LocalFooter
from ..widgets.scale import PainScale
from .dialog import gone

if TYPE_CHECKING:
    from ..app import WizardApp


class QuestionBody(VerticalScroll):
    """The part that changes from question to question, rebuilt alone so the rest stays put."""

    def compose(self) -> ComposeResult:
        screen = self.screen
        assert isinstance(screen, QuestionScreen)
        yield from screen.body_widgets()


class QuestionScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Previous question; answers are kept"),
        Binding("enter", "next", "Next", id="next", tooltip="Go on"),
        Binding("h", "explain", "What does this mean?", id="explain", tooltip="Show help for this question"),
    ]

    def __init__(self, *, from_review: bool = False) -> None:
        super().__init__()
        self.from_review = from_review
        """Editing one answer from the review: Next returns to the review when nothing new is asked."""
        self.pending_error: str | None = None

    @property
    def wizard(self) -> WizardApp:
        return self.app  # type: ignore[return-value]

    @property
    def question(self) -> Question:
        question = self.wizard.session.current
        assert question is not None, "the question screen is shown only while a question is current"
        return question

    # --- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.wizard
        with Vertical(classes="page"), Vertical(classes="column"):
            yield Static(self.section_title(), id="section-title", classes="section")
            yield Static(self.progress_text(), id="progress-text", classes="muted")
            progress = app.session.progress()
            yield ProgressBar(total=progress.total, show_eta=False, show_percentage=False, id="progress")
            yield QuestionBody(id="question-body")
            with Horizontal(classes="nav"):
                yield Button(app.t("back"), id="back")
                yield Button(self.next_label(), id="next", variant="primary")
        yield LocalFooter()

    def body_widgets(self) -> ComposeResult:
        app, question = self.wizard, self.question
        yield Static(app.ft(question.text), id="question-text", classes="question", markup=False)
        if question.help is not None:
            yield Button(app.t("what_does_this_mean"), id="explain", classes="link")
            yield Static(app.ft(question.help), id="help", classes="help", markup=False)
        yield Static(self.hint(), classes="muted hint")
        yield from self.answer_widgets()
        yield Static("", id="option-help", classes="help", markup=False)
        yield Static("", id="error", classes="error", markup=False)

    def section_title(self) -> str:
        return self.wizard.ft(self.wizard.flow.section_of[self.question.id].title)

    def on_mount(self) -> None:
        if gone(self):
            return
        self.after_render()

    def on_wizard_app_flow_ready(self) -> None:
        """Sent after a change of language has rebuilt the screen."""
        self.after_render()

    def after_render(self) -> None:
        self.update_progress()
        help_box = self.query("#help")
        if help_box:
            help_box.first().display = False
        self.focus_answer()

    def focus_answer(self) -> None:
        """Focus the answer without scrolling to it: a long list must not push the question off the top."""
        for widget in self.query("ChoiceList, PainScale, Input"):
            widget.focus(scroll_visible=False)
            return

    def progress_text(self) -> str:
        progress = self.wizard.session.progress()
        return self.wizard.t(
            "progress", position=progress.position, answered=progress.answered, remaining=progress.remaining
        )

    def next_label(self) -> str:
        visible = self.wizard.session.visible_questions()
        last = visible[-1].id == self.question.id
        return self.wizard.t("finish_questions" if last or self.from_review else "next")

    def hint(self) -> str:
        question, t = self.question, self.wizard.t
        if isinstance(question, MultipleChoice):
            return t("map_hint") if question.widget == "body_map" and self.map_options() else t("choose_many")
        if isinstance(question, Scale):
            return t("scale_hint")
        if isinstance(question, Number):
            return t("number_hint", min=f"{question.min:g}", max=f"{question.max:g}")
        return t("choose_one")

    def choices(self) -> list[tuple[str, str]]:
        return self.wizard.flow.choices(self.question, self.wizard.lang)

    def map_options(self) -> dict[str, str]:
        question = self.question
        assert isinstance(question, MultipleChoice)
        spots = {f"{side}_{part}" for side in ("left", "right") for part in PARTS} | {"back"}
        return {o.id: self.wizard.ft(o.label) for o in question.options if o.id in spots}

    def answer_widgets(self) -> ComposeResult:
        question, app = self.question, self.wizard
        answer = app.session.answer_of(question.id)
        if isinstance(question, Scale):
            yield PainScale(
                question.min,
                question.max,
                answer if isinstance(answer, int) else None,
                app.ft(question.min_label) if question.min_label else str(question.min),
                app.ft(question.max_label) if question.max_label else str(question.max),
                id="answer",
            )
        elif isinstance(question, Number):
            draft = app.drafts.get(question.id, "" if answer is None else f"{answer:g}")
            with Horizontal(classes="number-row"):
                yield Input(draft, type="number" if not question.integer else "integer", id="answer", classes="number")
                if question.unit is not None:
                    yield Static(app.ft(question.unit), classes="unit")
        elif isinstance(question, MultipleChoice):
            selected = answer if isinstance(answer, list) else []
            choices = ChoiceList(
                self.choices(), multi=True, selected=selected, toggle=partial(toggle, question), id="answer"
            )
            spots = self.map_options() if question.widget == "body_map" else {}
            if spots:
                labels = {
                    "right": app.t("your_right"),
                    "left": app.t("your_left"),
                    "back": app.t("lower_back"),
                    "hip": app.t("map_hip"),
                    "knee": app.t("map_knee"),
                    "ankle": app.t("map_ankle"),
                    "foot_sole": app.t("map_sole"),
                }
                with Horizontal(classes="map-and-list"):
                    yield BodyMap(spots, labels, selected)
                    yield choices
            else:
                yield choices
        else:
            selected = [answer] if isinstance(answer, str) else []
            yield ChoiceList(self.choices(), multi=False, selected=selected, id="answer")

    # --- answering ------------------------------------------------------------------------

    def record(self, value: Any) -> None:
        """Give the answer to the session, or show why it is not accepted (keeping what was typed)."""
        session = self.wizard.session
        error = self.query_one("#error", Static)
        if value is None or value == []:
            session.clear_answer(self.question.id)
            self.pending_error = None
            error.update("")
        else:
            try:
                session.set_answer(self.question.id, value)
            except AnswerError as exc:
                session.clear_answer(self.question.id)
                self.pending_error = exc.text(self.wizard.lang)
                error.update(self.pending_error)
            else:
                self.pending_error = None
                error.update("")
        self.update_progress()

    def update_progress(self) -> None:
        progress = self.wizard.session.progress()
        self.query_one(ProgressBar).update(total=progress.total, progress=progress.answered)
        self.query_one("#progress-text", Static).update(self.progress_text())
        self.query_one("#section-title", Static).update(self.section_title())
        self.query_one("#next", Button).label = self.next_label()

    @on(ChoiceList.Changed)
    def choice_changed(self, event: ChoiceList.Changed) -> None:
        event.stop()
        if not event.choices.is_attached:
            return  # still queued from the last question's list: it must not answer this one
        if isinstance(self.question, MultipleChoice):
            self.record(event.selected)
            for body_map in self.query(BodyMap):
                body_map.set_selected(event.selected)
        else:
            self.record(event.selected[0] if event.selected else None)

    @on(ChoiceList.Highlighted)
    def choice_highlighted(self, event: ChoiceList.Highlighted) -> None:
        event.stop()
        question = self.question
        text = ""
        if isinstance(question, (SingleChoice, MultipleChoice)):
            option = next((o for o in question.options if o.id == event.option_id), None)
            if option is None:
                return  # still queued from the last question's list
            text = self.wizard.ft(option.help) if option.help else ""
        self.query_one("#option-help", Static).update(text)

    @on(BodyMap.Toggled)
    def map_toggled(self, event: BodyMap.Toggled) -> None:
        event.stop()
        question = self.question
        if not isinstance(question, MultipleChoice) or not self.query(BodyMap):
            return  # still queued from the last question's map
        choices = self.query_one(ChoiceList)
        selected = toggle(question, choices.selected, event.option_id)
        choices.set_selected(selected)
        self.query_one(BodyMap).set_selected(selected)
        self.record(selected)

    @on(PainScale.Changed)
    def scale_changed(self, event: PainScale.Changed) -> None:
        event.stop()
        self.record(event.value)

    @on(Input.Changed, "#answer")
    def number_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        self.wizard.drafts[self.question.id] = event.value
        if not text:
            self.record(None)
            return
        try:
            number = float(text)
        except ValueError:
            self.record(None)
            self.pending_error = self.wizard.t("not_a_number")
            self.query_one("#error", Static).update(self.pending_error)
            return
        self.record(int(number) if number.is_integer() else number)

    @on(ChoiceList.Submitted)
    @on(PainScale.Submitted)
    @on(Input.Submitted, "#answer")
    async def submitted(self, event: Any) -> None:
        event.stop()
        await self.action_next()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "next":
            await self.action_next()
        elif event.button.id == "back":
            await self.action_back()
        elif event.button.id == "explain":
            self.action_explain()

    # --- moving -----------------------------------------------------------------------------

    def action_explain(self) -> None:
        help_box = self.query("#help")
        if help_box:
            box = help_box.first()
            box.display = not box.display
            self.query_one("#explain", Button).label = self.wizard.t(
                "hide_help" if box.display else "what_does_this_mean"
            )

    async def action_next(self) -> None:
        app = self.wizard
        session = app.session
        try:
            session.next()
        except AnswerError as exc:
            self.query_one("#error", Static).update(self.pending_error or exc.text(self.wizard.lang))
            return
        if self.from_review:
            while session.current is not None and session.answer_of(session.current.id) is not None:
                session.next()
        if self.interrupt_for_emergency():
            return
        await self.show_current()

    async def show_current(self) -> None:
        if self.wizard.session.current is None:
            self.wizard.show_review()
            return
        self.pending_error = None
        body = self.query_one(QuestionBody)
        await body.recompose()
        body.scroll_home(animate=False)  # each question starts at its text, not where the last one was scrolled
        self.after_render()

    def interrupt_for_emergency(self) -> bool:
        """Stop at once, as NHS 111 does, when an answer fires an emergency-level red flag."""
        from ...engine.assessment import fired_flags
        from .emergency import EmergencyScreen

        app = self.wizard
        session = app.session
        most_urgent = app.flow.model.triage[0].id
        # Only the red flags, not the whole outcome: this runs on every Next.
        fired = [
            f
            for f in fired_flags(session, session.lookup(final=session.finished))
            if f.flag.level == most_urgent and f.flag.id not in app.acknowledged
        ]
        if not fired:
            return False
        app.acknowledged.update(f.flag.id for f in fired)

        async def after(show_results: bool | None) -> None:
            if show_results:
                app.show_results()
            else:
                await self.show_current()

        app.push_screen(EmergencyScreen(fired), after)
        return True

    async def action_back(self) -> None:
        session = self.wizard.session
        if self.from_review:
            self.wizard.show_review()
            return
        first = session.visible_questions()[0]
        if session.current is not None and session.current.id == first.id:
            self.wizard.show_welcome()
            return
        session.back()
        await self.show_current()
