"""One question per screen, with its help, progress, Back and Next.

Every change is given to the session at once, so a resize, a wrong key or going back
never loses an answer; text typed into a number field is kept as a draft even while it
is not a valid number yet. The parts every handler writes to (the progress, the option
help, the error line) live outside the body that is rebuilt for each question, so a key
that arrives while the next question is being drawn always finds them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Static

from ...engine.answers import AnswerError, toggle
from ...engine.typed import parse_number
from ...flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice
from ..base import WizardScreen, gone
from ..messages import FlowReady, LanguageChanged, LeaveQuestions, ShowResults, ShowReview
from ..widgets.bodymap import BodyMap, Spot
from ..widgets.footer import LocalFooter
from ..widgets.options import ChoiceList
from ..widgets.progress import QuestionProgress
from ..widgets.scale import PainScale

NUMBER_KEYS = r"[-+0-9.,]*"
"""What a number field accepts as typed; anything else (a pasted escape code, letters) never enters it."""


def _show(static: Static, text: str) -> None:
    """Write `text` unless it is already shown: every Static.update lays the whole screen out again."""
    if static.content != text:
        static.update(text)


class QuestionBody(VerticalScroll):
    """The part that changes from question to question, rebuilt alone so the rest stays put."""

    def compose(self) -> ComposeResult:
        screen = self.screen
        assert isinstance(screen, QuestionScreen)
        question = screen.wizard.session.current
        if question is not None:
            yield from screen.body_widgets(question)


class QuestionScreen(WizardScreen):
    AUTO_FOCUS = ""
    """No focus on arrival: `after_render` focuses the answer. Textual's default focused the body first,
    then the answer took it, and each change restyled the body and all it holds."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="back", tooltip="Previous question; answers are kept"),
        Binding("enter", "next", "Next", id="next", tooltip="Go on"),
        Binding("h", "explain", "What does this mean?", id="explain", tooltip="Show help for this question"),
        Binding("r", "results", "See results", id="see_results", tooltip="See the results now"),
    ]

    def __init__(self, *, from_review: bool = False) -> None:
        super().__init__()
        self.from_review = from_review
        """Editing one answer from the review: Next asks only what the edit newly asks, then returns."""
        self.pending_error: str | None = None

    @property
    def question(self) -> Question | None:
        """The question on screen; None for the moment between the last one and the next screen."""
        return self.wizard.session.current

    # --- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.wizard
        with Vertical(classes="page"), Vertical(classes="column"):
            yield QuestionProgress(id="progress")
            yield QuestionBody(id="question-body")
            yield Static("", id="option-help", classes="help", markup=False)
            yield Static("", id="error", classes="error", markup=False)
            with Horizontal(classes="nav"):
                yield Button(app.t("back"), id="back")
                yield Button(app.t("next"), id="next", variant="primary")
        yield LocalFooter()

    def body_widgets(self, question: Question) -> ComposeResult:
        app = self.wizard
        yield Static(app.ft(question.text), id="question-text", classes="question", markup=False)
        if question.help is not None:
            yield Button(app.t("what_does_this_mean"), id="explain", classes="link")
            yield Static(app.ft(question.help), id="help", classes="help", markup=False)
        yield Static("", id="hint", classes="muted hint", markup=False)
        yield from self.answer_widgets(question)

    def answer_widgets(self, question: Question) -> ComposeResult:
        app = self.wizard
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
                yield Input(draft, restrict=NUMBER_KEYS, max_length=24, id="answer", classes="number")
                if question.unit is not None:
                    yield Static(app.ft(question.unit), classes="unit", markup=False)
        elif isinstance(question, MultipleChoice):
            selected = answer if isinstance(answer, list) else []
            choices = ChoiceList(
                app.flow.choices(question, app.lang),
                multi=True,
                selected=selected,
                toggle=partial(toggle, question),
                id="answer",
            )
            spots = self.spots(question)
            if spots and question.body_map is not None:
                headings = (app.ft(question.body_map.left), app.ft(question.body_map.right))
                with Horizontal(classes="map-and-list"):
                    yield BodyMap(spots, headings, selected)
                    yield choices
            else:
                yield choices
        else:
            selected = [answer] if isinstance(answer, str) else []
            yield ChoiceList(app.flow.choices(question, app.lang), multi=False, selected=selected, id="answer")

    def spots(self, question: MultipleChoice) -> list[Spot]:
        if question.widget != "body_map":
            return []
        app = self.wizard
        return [Spot(o.id, o.map.row, o.map.column, app.ft(o.map.label)) for o in question.options if o.map is not None]

    # --- keeping the frame up to date ------------------------------------------------------

    def on_mount(self) -> None:
        if gone(self):
            return
        self.after_render()

    @on(FlowReady)
    @on(LanguageChanged)
    def rebuilt(self) -> None:
        self.after_render()

    def on_resize(self) -> None:
        self.update_hint()

    def after_render(self) -> None:
        """After a question was drawn: the frame around it, help folded, the answer focused."""
        question = self.question
        if question is None:
            return
        for help_box in self.query("#help"):
            help_box.display = False
        _show(self.query_one("#option-help", Static), "")
        _show(self.query_one("#error", Static), self.pending_error or "")
        self.update_frame()
        self.update_hint()
        self.call_after_refresh(self.update_hint)  # once the breakpoint's styles say whether the picture shows
        self.focus_answer()

    def focus_answer(self) -> None:
        """Focus the answer without scrolling to it: a long list must not push the question off the top."""
        for widget in self.query("#answer"):
            widget.focus(scroll_visible=False)
            return

    def update_frame(self) -> None:
        question = self.question
        if question is None:
            return
        app = self.wizard
        progress = app.session.progress()
        self.query_one(QuestionProgress).show(
            app.ft(app.flow.section_of[question.id].title),
            app.t("progress", position=progress.position, answered=progress.answered, remaining=progress.remaining),
            progress.answered,
            progress.total,
        )
        visible = app.session.visible_questions()
        last = visible[-1].id == question.id
        self.query_one("#next", Button).label = app.t("finish_questions" if last or self.from_review else "next")
        self.refresh_bindings()

    def update_hint(self) -> None:
        """How to answer; the picture is mentioned only while it is on screen."""
        question = self.question
        hints = self.query("#hint")
        if question is None or not hints:
            return
        t = self.wizard.t
        if isinstance(question, MultipleChoice):
            shown = any(m.styles.display != "none" for m in self.query(BodyMap))
            text = t("map_hint") if shown else t("choose_many")
        elif isinstance(question, Scale):
            text = t("scale_hint")
        elif isinstance(question, Number):
            text = t("number_hint", min=f"{question.min:g}", max=f"{question.max:g}")
        else:
            text = t("choose_one")
        _show(hints.first(Static), text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "See results" only once the results can be shown (after an emergency sign, at any time)."""
        if action == "results":
            return self.wizard.ready and self.wizard.session.results_available
        return True

    # --- answering ------------------------------------------------------------------------

    def record(self, value: Any) -> None:
        """Give the answer to the session, or show why it is not accepted (keeping what was typed)."""
        question = self.question
        if question is None:
            return
        session = self.wizard.session
        self.pending_error = None
        if value is None or value == []:
            session.clear_answer(question.id)
        else:
            try:
                session.set_answer(question.id, value)
            except AnswerError as exc:
                session.clear_answer(question.id)
                self.pending_error = exc.text(self.wizard.lang)
        _show(self.query_one("#error", Static), self.pending_error or "")
        self.update_frame()

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

    @on(ChoiceList.OptionHighlighted)
    def choice_highlighted(self, event: ChoiceList.OptionHighlighted) -> None:
        event.stop()
        question = self.question
        text = ""
        if isinstance(question, (SingleChoice, MultipleChoice)):
            option = next((o for o in question.options if o.id == event.option_id), None)
            text = self.wizard.ft(option.help) if option is not None and option.help else ""
        _show(self.query_one("#option-help", Static), text)

    @on(BodyMap.Toggled)
    def map_toggled(self, event: BodyMap.Toggled) -> None:
        event.stop()
        question = self.question
        choices = self.query(ChoiceList)
        if not isinstance(question, MultipleChoice) or not choices:
            return
        selected = toggle(question, choices.first().selected, event.option_id)
        choices.first().set_selected(selected)
        for body_map in self.query(BodyMap):
            body_map.set_selected(selected)
        self.record(selected)

    @on(PainScale.Changed)
    def scale_changed(self, event: PainScale.Changed) -> None:
        event.stop()
        self.record(event.value)

    @on(Input.Changed, "#answer")
    def number_changed(self, event: Input.Changed) -> None:
        event.stop()
        question = self.question
        if question is None:
            return
        self.wizard.drafts[question.id] = event.value
        if not event.value.strip():
            self.record(None)
            return
        try:
            number = parse_number(event.value)
        except AnswerError as exc:
            self.record(None)
            self.pending_error = exc.text(self.wizard.lang)
            _show(self.query_one("#error", Static), self.pending_error)
            return
        self.record(number)

    @on(ChoiceList.Submitted)
    @on(PainScale.Submitted)
    @on(Input.Submitted, "#answer")
    async def submitted(self, event: Any) -> None:
        event.stop()
        await self.action_next()

    @on(Button.Pressed, "#next")
    async def next_pressed(self) -> None:
        await self.action_next()

    @on(Button.Pressed, "#back")
    async def back_pressed(self) -> None:
        await self.action_back()

    @on(Button.Pressed, "#explain")
    def explain_pressed(self) -> None:
        self.action_explain()
        self.focus_answer()  # digits and Enter go on working after a click on the link

    # --- moving -----------------------------------------------------------------------------

    def action_explain(self) -> None:
        for box in self.query("#help"):
            box.display = not box.display
            self.query_one("#explain", Button).label = self.wizard.t(
                "hide_help" if box.display else "what_does_this_mean"
            )

    def action_results(self) -> None:
        self.post_message(ShowResults())

    async def action_next(self) -> None:
        question = self.question
        if question is None:
            return
        session = self.wizard.session
        try:
            session.next(skip_answered=self.from_review)
        except AnswerError as exc:
            if isinstance(question, MultipleChoice):
                reason = self.wizard.t("err_tick_first")  # Enter never ticks: say which key does
            elif isinstance(question, SingleChoice) or question.type == "yes_no_unsure":
                reason = self.wizard.t("err_choose_first")
            else:
                reason = exc.text(self.wizard.lang)
            _show(self.query_one("#error", Static), self.pending_error or reason)
            return
        if self.interrupt_for_emergency():
            return
        await self.show_current()

    async def show_current(self) -> None:
        if self.wizard.session.current is None:
            self.post_message(ShowReview())
            return
        self.pending_error = None
        body = self.query_one(QuestionBody)
        if self.focused is not None and body in self.focused.ancestors:
            self.set_focus(None, scroll_visible=False)  # else the body itself takes focus and is restyled whole
        await body.recompose()
        body.scroll_home(animate=False)  # each question starts at its text, not where the last one was scrolled
        self.after_render()

    def interrupt_for_emergency(self) -> bool:
        """Stop at once, as NHS 111 does, when the answers so far point to an emergency."""
        from .emergency import EmergencyScreen

        session = self.wizard.session
        fired = session.pending_emergencies()
        if not fired:
            return False
        session.acknowledge(fired)

        async def after(show_results: bool | None) -> None:
            if show_results:
                self.post_message(ShowResults())
            else:
                await self.show_current()

        self.app.push_screen(EmergencyScreen(fired), after)
        return True

    async def action_back(self) -> None:
        if self.from_review:
            self.post_message(ShowReview())
            return
        if self.wizard.session.back() is None:
            self.post_message(LeaveQuestions())
            return
        await self.show_current()
