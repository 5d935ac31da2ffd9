"""One person's way through a flow: answers, the current question, and every rule of the journey.

Every answer ever given is kept, even for questions that later become hidden, so
going back and changing an earlier answer never loses work; only the answers to
visible questions count in the outcome.

The journey's rules live here, once, for every front end (full screen, kiosk, plain
mode, replay, explore): next and back, "next, skipping what is already answered"
after an edit, leaving an optional question blank, the emergency interrupt and when
the results may be shown. Nothing here is a flag a caller sets: being finished is
derived from the answers and from where the person asked to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..flow.conditions import evaluator
from ..flow.loaded import LoadedFlow
from ..flow.questions import Question
from .answers import Answer, AnswerError, normalize
from .flags import FiredFlag, fired_flags


@dataclass(frozen=True)
class Progress:
    """Where a person is, counted over the questions visible for their answers."""

    position: int
    """1-based position of the current question among the visible ones (0 at the results)."""
    answered: int
    """Visible questions before the current one that have an answer (all of them at the results)."""
    remaining: int
    """The current question and the visible ones after it: at least 1 while a question is asked."""
    total: int


class Session:
    """The engine's state for one person. Front ends drive it; it never draws anything."""

    def __init__(self, flow: LoadedFlow, lang: str | None = None) -> None:
        self.flow = flow
        self.lang = lang or flow.default_lang
        self._answers: dict[str, Answer] = {}
        self._shown: list[bool] = []
        """Visibility of the first len(_shown) questions. A show_if names only earlier questions, so an
        answer changes the visibility of later questions only, and only as far as anyone has asked."""
        self._index = 0
        self._at_end = False
        """The person went past the last question or asked for the results; shown while `at_results` holds."""
        self._early = False
        """The person asked for the results themselves (not just pressed Next at the end): after an emergency
        sign they may have them before answering the rest."""
        self._acknowledged: set[str] = set()
        """Emergency red flags the person has been shown, so each interrupts once."""
        self._skipped: set[str] = set()
        """Optional questions the person chose to leave blank: asked already, so an edit does not ask again."""

    # --- visibility ---------------------------------------------------------------------

    def _visible_upto(self, end: int) -> list[bool]:
        """Visibility of (at least) the first `end` questions, computing only those not known yet."""
        shown = self._shown
        for question in self.flow.questions[len(shown) : end]:
            rule = self.flow.show_if[question.id]
            shown.append(rule is None or rule.acts(self._earlier))
        return shown

    def _earlier(self, qid: str) -> tuple[evaluator.State, Any]:
        """How a `show_if` sees an earlier question: its answer if it is shown and answered, else absent."""
        index = self.flow.order[qid]
        if index < len(self._shown) and self._shown[index] and qid in self._answers:
            return evaluator.State.KNOWN, self._answers[qid]
        return evaluator.State.ABSENT, None

    def _visibility(self) -> list[bool]:
        return self._visible_upto(len(self.flow.questions))

    def _changed(self, qid: str) -> None:
        """Forget the visibility of the questions after `qid` (a new list: callers may hold the old one)."""
        self._shown = self._shown[: self.flow.order[qid] + 1]

    def is_visible(self, qid: str) -> bool:
        index = self.flow.order[qid]
        shown = self._shown
        return shown[index] if index < len(shown) else self._visible_upto(index + 1)[index]

    def visible_questions(self) -> list[Question]:
        return [q for q, shown in zip(self.flow.questions, self._visibility(), strict=False) if shown]

    # --- answers ------------------------------------------------------------------------

    def answer_of(self, qid: str) -> Answer | None:
        """The stored answer, also for a hidden question (so a UI can restore it)."""
        return self._answers.get(qid)

    def answers(self) -> dict[str, Answer]:
        """The answers that count: those to visible questions, in flow order."""
        return {q.id: self._answers[q.id] for q in self.visible_questions() if q.id in self._answers}

    def lookup(self, *, final: bool = True) -> evaluator.Lookup:
        """How conditions see the answers. Not final: unanswered questions are not reached yet."""
        visible = self._visibility()
        order = self.flow.order

        def lookup(qid: str) -> tuple[evaluator.State, Any]:
            if not visible[order[qid]]:
                return evaluator.State.ABSENT, None
            if qid in self._answers:
                return evaluator.State.KNOWN, self._answers[qid]
            return (evaluator.State.UNKNOWN if final else evaluator.State.ABSENT), None

        return lookup

    def set_answer(self, qid: str, value: Any) -> Answer:
        """Validate and store an answer to a visible question; raises AnswerError."""
        question = self.flow.question(qid)
        if not self.is_visible(qid):
            raise AnswerError(f'"{qid}" is not asked for the answers given so far', "err_not_asked")
        answer = normalize(question, value)
        self._check_rules(question, answer)
        self._answers[qid] = answer
        self._skipped.discard(qid)
        self._changed(qid)
        return answer

    def _check_rules(self, question: Question, answer: Answer) -> None:
        rules = self.flow.valid_if[question.id]
        if not rules:
            return
        outer = self.lookup(final=False)

        def lookup(qid: str) -> tuple[evaluator.State, Any]:
            return (evaluator.State.KNOWN, answer) if qid == question.id else outer(qid)

        for rule, message in rules:
            if not rule.acts(lookup):
                raise AnswerError(self.flow.text(message, self.lang), "err_rule", message=message)

    def clear_answer(self, qid: str) -> None:
        self._answers.pop(qid, None)
        self._changed(qid)

    def missing(self) -> list[Question]:
        """Visible required questions without an answer."""
        return [q for q in self.visible_questions() if q.required and q.id not in self._answers]

    # --- the emergency interrupt --------------------------------------------------------

    def emergency_flags(self) -> list[FiredFlag]:
        """Red flags of the most urgent level that act on the answers given so far."""
        most_urgent = self.flow.model.triage[0].id
        return [f for f in fired_flags(self.flow, self.lookup(final=False)) if f.flag.level == most_urgent]

    def pending_emergencies(self) -> list[FiredFlag]:
        """Emergency red flags the person has not been shown yet: stop the questions and show them (NHS 111)."""
        return [f for f in self.emergency_flags() if f.flag.id not in self._acknowledged]

    def acknowledge(self, flags: list[FiredFlag]) -> None:
        """The person has seen these; they do not interrupt again (they stay on the results)."""
        self._acknowledged.update(f.flag.id for f in flags)

    # --- navigation ---------------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """At the results with every visible required question answered: the outcome is complete."""
        return self._at_end and not self.missing()

    @property
    def at_results(self) -> bool:
        """At the results: complete, or early because an emergency sign is known and the person asked."""
        return self._at_end and (not self.missing() or (self._early and bool(self.emergency_flags())))

    @property
    def results_available(self) -> bool:
        """Whether the results may be shown now, from any screen."""
        return not self.missing() or bool(self.emergency_flags())

    @property
    def current(self) -> Question | None:
        """The question being asked, or None at the results.

        When an answer changed after the person reached the results and now a required
        question is missing (a revealed follow-up, a cleared answer), that question is current.
        """
        if self._at_end:
            if self.at_results:
                return None
            self._at_end = self._early = False
            self._index = self.flow.order[self.missing()[0].id]
        self._settle()
        return self.flow.questions[self._index]

    def _settle(self) -> None:
        """If an earlier change hid the current question, move on to the next visible one."""
        visible = self._visibility()
        if not visible[self._index]:
            self._index = next((i for i in range(self._index, len(visible)) if visible[i]), 0)

    def answer(self, value: Any) -> Answer:
        """Answer the current question."""
        question = self.current
        if question is None:
            raise AnswerError("there is no question to answer; the flow is finished", "err_finished")
        return self.set_answer(question.id, value)

    def skip(self) -> Question | None:
        """Leave the current optional question unanswered and go on; raises AnswerError if it is required."""
        question = self.current
        if question is None:
            return None
        if question.required:
            raise AnswerError.of("err_please_answer")
        self.clear_answer(question.id)
        self._skipped.add(question.id)
        return self.next()

    def next(self, *, skip_answered: bool = False) -> Question | None:
        """Go to the next visible question; past the last one, ask for the results.

        `skip_answered` (after editing one answer from the review) passes over questions that
        already have an answer or were left blank on purpose, so only what the edit newly asks is
        asked. Returns the new current question, or None at the results. Raises AnswerError when
        the current question is required and unanswered.
        """
        question = self.current
        if question is None:
            return None
        if question.required and question.id not in self._answers:
            raise AnswerError.of("err_please_answer")
        visible = self._visibility()
        passed = self._answers.keys() | self._skipped if skip_answered else set()
        later = [
            i for i in range(self._index + 1, len(visible)) if visible[i] and self.flow.questions[i].id not in passed
        ]
        if later:
            self._index = later[0]
            return self.current
        self._at_end, self._early = True, False
        return self.current

    def finish(self) -> bool:
        """Ask for the results. True when they can be shown; else the first missing question is current."""
        self._at_end = self._early = True
        return self.current is None

    @property
    def at_first(self) -> bool:
        """The current question is the first visible one (Back leaves the questions)."""
        return self.current is not None and not any(self._visibility()[: self._index])

    def back(self) -> Question | None:
        """Go to the previous visible question (from the results: the last one).

        Returns None, and stays put, at the first question: the front end leaves the questions
        (to its welcome screen). Never blocked otherwise.
        """
        visible = self._visibility()
        if self._at_end:
            self._at_end = self._early = False
            self._index = max(i for i, shown in enumerate(visible) if shown)
            return self.current
        self._settle()
        earlier = [i for i in range(self._index) if visible[i]]
        if not earlier:
            return None
        self._index = earlier[-1]
        return self.current

    def goto(self, qid: str) -> Question:
        """Jump to a visible question, for editing from a review screen."""
        if not self.is_visible(qid):
            raise AnswerError(f'"{qid}" is not asked for the answers given so far', "err_not_asked")
        self._at_end = self._early = False
        self._index = self.flow.order[qid]
        return self.flow.questions[self._index]

    def progress(self) -> Progress:
        visible = self.visible_questions()
        current = self.current
        if current is None:
            answered = sum(1 for q in visible if q.id in self._answers)
            return Progress(0, answered, 0, len(visible))
        ids = [q.id for q in visible]
        position = ids.index(current.id) + 1
        answered = sum(1 for qid in ids[: position - 1] if qid in self._answers)
        return Progress(position, answered, len(visible) - position + 1, len(visible))
