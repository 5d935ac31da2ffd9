"""Engine invariants under random answers with back and forward (hypothesis)."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wizard.engine.answers import AnswerError
from wizard.engine.assessment import Assessment, assess
from wizard.engine.session import Session
from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow
from wizard.flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice

from .conftest import session_from

FLOW = load_flow(BUILTIN_FLOW)


def answer_for(data: st.DataObject, question: Question, calm: bool = False) -> Any:
    """A random valid answer; `calm` leans to "no" and "none of these", so fewer red flags fire."""
    if calm and data.draw(st.integers(0, 9)) < 8:
        if question.type == "yes_no_unsure":
            return "no"
        if isinstance(question, MultipleChoice) and question.options[-1].exclusive:
            return [question.options[-1].id]
    if isinstance(question, (Scale, Number)):
        return data.draw(st.integers(int(question.min), int(question.max)))
    if isinstance(question, MultipleChoice):
        exclusive = [o.id for o in question.options if o.exclusive]
        others = [o.id for o in question.options if not o.exclusive]
        if len(exclusive) > 0 and data.draw(st.booleans()):
            return [data.draw(st.sampled_from(exclusive))]
        return data.draw(st.lists(st.sampled_from(others), min_size=1, max_size=4, unique=True))
    if isinstance(question, SingleChoice):
        return data.draw(st.sampled_from([o.id for o in question.options]))
    return data.draw(st.sampled_from(["yes", "no", "unsure"]))


def summary(result: Assessment) -> tuple[Any, ...]:
    return (
        result.triage.id,
        [(f.flag.id, f.certain) for f in result.red_flags],
        [(c.cause.id, c.score) for c in result.causes],
        [e.id for e in result.exercises],
        [w.id for w in result.exercises_withheld],
        [t.id for t in result.treatments],
        [p.id for p in result.prevention],
    )


def random_walk(data: st.DataObject, flow: LoadedFlow, calm: bool = False) -> Session:
    session = Session(flow)
    for _ in range(data.draw(st.integers(0, 60), label="steps")):
        action = data.draw(st.sampled_from(["answer", "answer", "next", "back", "goto"]), label="action")
        current = session.current
        if action == "goto":
            target = data.draw(st.sampled_from(session.visible_questions())).id
            session.goto(target)
        elif action == "back":
            session.back()
        elif current is None:
            continue
        elif action == "answer":
            with contextlib.suppress(AnswerError):
                session.answer(answer_for(data, current, calm))
        else:
            with contextlib.suppress(AnswerError):
                session.next()
    # Finish the walk the way a person would: answer whatever the session asks next.
    while session.current is not None:
        question = session.current
        while session.answer_of(question.id) is None:
            try:
                session.answer(answer_for(data, question, calm))
            except AnswerError:
                continue
        session.next()
    return session


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.data())
def test_outcome_depends_only_on_final_visible_answers(data: st.DataObject) -> None:
    session = random_walk(data, FLOW)
    assert session.missing() == []
    assert summary(assess(session)) == summary(assess(session_from(FLOW, session.answers())))


@SETTINGS
@given(st.data())
def test_back_then_forward_changes_nothing(data: st.DataObject) -> None:
    session = random_walk(data, FLOW)
    before = (session.answers(), summary(assess(session)))
    steps = data.draw(st.integers(1, 8))
    for _ in range(steps):
        session.back()
    while session.current is not None:
        session.next()
    assert (session.answers(), summary(assess(session))) == before


@SETTINGS
@given(st.data())
def test_safety_invariants(data: st.DataObject) -> None:
    session = random_walk(data, FLOW)
    result = assess(session)
    rank = FLOW.rank
    for fired in result.red_flags:
        assert rank[result.triage.id] <= rank[fired.flag.level]
    if result.triage.id == "emergency":
        assert result.exercises == []
    if session.answers().get("steps_now") in ("cannot", "unsure"):
        assert {FLOW.load_of[e.id] for e in result.exercises} <= {"non_weight_bearing"}
    if result.triage.id == "self_care":
        assert result.exercises, session.answers()


@settings(SETTINGS, max_examples=500)
@given(st.data())
def test_without_red_flags_at_most_20_questions(data: st.DataObject) -> None:
    session = random_walk(data, FLOW, calm=True)
    if not assess(session).red_flags:
        event("no red flag")
        assert len(session.visible_questions()) <= 20
