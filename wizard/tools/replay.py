"""The real engine at the ends of explore's walks: a path answered through `next()` as a front end
does, and the lookup through which the flow's invariants and advice read an outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.answers import Answer, AnswerError
from ..engine.assessment import Assessment
from ..engine.session import Session
from ..flow.conditions import evaluator
from ..flow.loaded import OUTCOME_LISTS, LoadedFlow


@dataclass
class Replayed:
    session: Session | None
    """None when the session did not reach the results."""
    problem: str = ""
    asked: list[str] = field(default_factory=list)


def replay(flow: LoadedFlow, answers: dict[str, Answer]) -> Replayed:
    """Answer through the real session, one question at a time, with next(), as a front end does."""
    session = Session(flow)
    asked: list[str] = []
    limit = 2 * len(flow.questions) + 2
    while (question := session.current) is not None:
        if len(asked) >= limit:
            return Replayed(None, f"the session was still asking after {limit} steps (a loop)", asked)
        asked.append(question.id)
        try:
            if question.id in answers:
                session.answer(answers[question.id])
            session.next()
        except AnswerError as exc:
            return Replayed(None, f'the session stopped at "{question.id}": {exc}', asked)
    return Replayed(session, "", asked)


def outcome_lookup(session: Session, result: Assessment) -> evaluator.Lookup:
    """The answers as the outcome reads them, plus `triage` and the outcome lists, for invariants."""
    answers = session.lookup(final=True)
    lists = {
        "red_flags": [f.flag.id for f in result.red_flags],
        "likely": [c.condition.id for c in result.likely],
        "causes": [c.cause.id for c in result.causes],
        "exercises": [e.id for e in result.exercises],
        "treatments": [t.id for t in result.treatments],
        "prevention": [p.id for p in result.prevention],
    }
    assert set(lists) == set(OUTCOME_LISTS)

    def lookup(qid: str) -> tuple[evaluator.State, Any]:
        if qid == "triage":
            return evaluator.State.KNOWN, result.triage.id
        if qid in lists:
            return evaluator.State.KNOWN, lists[qid]
        return answers(qid)

    return lookup
