"""One person's way through a flow: answers, the current question, back and next.

Every answer ever given is kept, even for questions that later become hidden, so
going back and changing an earlier answer never loses work; only the answers to
visible questions count in the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..flow import conditions as cond
from ..flow.loader import LoadedFlow
from ..flow.model import Question
from .answers import Answer, AnswerError, normalize


@dataclass(frozen=True)
class Progress:
    """Where a person is, counted over the questions visible for their answers."""

    answered: int
    remaining: int
    """Visible questions not yet answered."""
    position: int
    """1-based position of the current question among the visible ones (0 when finished)."""
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
        self.finished = False
        """True once the person has gone past the last visible question."""

    # --- visibility ---------------------------------------------------------------------

    def _visible_upto(self, end: int) -> list[bool]:
        """Visibility of (at least) the first `end` questions, computing only those not known yet."""
        shown = self._shown
        for question in self.flow.questions[len(shown) : end]:
            node = self.flow.show_if[question.id]
            # A "not sure" answer leaves a condition open: ask the follow-up (safer reading).
            shown.append(node is None or cond.evaluate(node, self._earlier) is not False)
        return shown

    def _earlier(self, qid: str) -> tuple[cond.State, Any]:
        """How a `show_if` sees an earlier question: its answer if it is shown and answered, else absent."""
        index = self.flow.order[qid]
        if index < len(self._shown) and self._shown[index] and qid in self._answers:
            return cond.State.KNOWN, self._answers[qid]
        return cond.State.ABSENT, None

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

    def lookup(self, *, final: bool = True) -> cond.Lookup:
        """How conditions see the answers. Not final: unanswered questions are not reached yet."""
        visible = self._visibility()
        order = self.flow.order

        def lookup(qid: str) -> tuple[cond.State, Any]:
            if not visible[order[qid]]:
                return cond.State.ABSENT, None
            if qid in self._answers:
                return cond.State.KNOWN, self._answers[qid]
            return (cond.State.UNKNOWN if final else cond.State.ABSENT), None

        return lookup

    def set_answer(self, qid: str, value: Any) -> Answer:
        """Validate and store an answer to a visible question; raises AnswerError."""
        question = self.flow.question(qid)
        if not self.is_visible(qid):
            raise AnswerError(f'"{qid}" is not asked for the answers given so far')
        answer = normalize(question, value)
        self._check_rules(question, answer)
        self._answers[qid] = answer
        self._changed(qid)
        return answer

    def _check_rules(self, question: Question, answer: Answer) -> None:
        rules = self.flow.valid_if[question.id]
        if not rules:
            return
        outer = self.lookup(final=False)

        def lookup(qid: str) -> tuple[cond.State, Any]:
            return (cond.State.KNOWN, answer) if qid == question.id else outer(qid)

        for node, message in rules:
            if cond.evaluate(node, lookup) is False:
                raise AnswerError(self.flow.text(message, self.lang))

    def clear_answer(self, qid: str) -> None:
        self._answers.pop(qid, None)
        self._changed(qid)

    def missing(self) -> list[Question]:
        """Visible required questions without an answer."""
        return [q for q in self.visible_questions() if q.required and q.id not in self._answers]

    # --- navigation ---------------------------------------------------------------------

    @property
    def current(self) -> Question | None:
        """The question being asked, or None when the person has reached the results."""
        if self.finished:
            return None
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
            raise AnswerError("there is no question to answer; the flow is finished")
        return self.set_answer(question.id, value)

    def next(self) -> Question | None:
        """Go to the next visible question, or to the first unanswered one after the last.

        Returns None when every visible required question is answered: the results.
        Raises AnswerError when the current question is required and unanswered.
        """
        question = self.current
        if question is None:
            return None
        if question.required and question.id not in self._answers:
            raise AnswerError.of("err_please_answer")
        visible = self._visibility()
        later = [i for i in range(self._index + 1, len(visible)) if visible[i]]
        if later:
            self._index = later[0]
            return self.current
        return None if self.finish() else self.current

    def finish(self) -> bool:
        """Go to the results if every visible required question is answered, else to the first that is not."""
        missing = self.missing()
        if missing:
            self.finished = False
            self._index = self.flow.order[missing[0].id]
            return False
        self.finished = True
        return True

    def back(self) -> Question | None:
        """Go to the previous visible question. Never blocked; stays put at the first."""
        visible = self._visibility()
        if self.finished:
            self.finished = False
            self._index = max(i for i, shown in enumerate(visible) if shown)
            return self.current
        self._settle()
        earlier = [i for i in range(self._index) if visible[i]]
        if earlier:
            self._index = earlier[-1]
        return self.current

    def goto(self, qid: str) -> Question:
        """Jump to a visible question, for editing from a review screen."""
        if not self.is_visible(qid):
            raise AnswerError(f'"{qid}" is not asked for the answers given so far')
        self.finished = False
        self._index = self.flow.order[qid]
        return self.flow.questions[self._index]

    def progress(self) -> Progress:
        visible = self.visible_questions()
        answered = sum(1 for q in visible if q.id in self._answers)
        current = self.current
        position = 0 if current is None else [q.id for q in visible].index(current.id) + 1
        return Progress(answered, len(visible) - answered, position, len(visible))

    def reset(self) -> None:
        """Forget every answer and start again."""
        self._answers.clear()
        self._shown = []
        self._index = 0
        self.finished = False
