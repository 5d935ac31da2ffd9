"""The session: next, back, hidden answers kept but not counted, progress."""

from __future__ import annotations

import pytest

from wizard.engine.answers import AnswerError, toggle
from wizard.engine.assessment import assess
from wizard.engine.session import Session
from wizard.flow.loaded import LoadedFlow
from wizard.flow.questions import MultipleChoice


def walk(mini: LoadedFlow, **answers: object) -> Session:
    session = Session(mini)
    while session.current is not None:
        qid = session.current.id
        if qid in answers:
            session.answer(answers[qid])
        session.next()
    return session


def test_next_requires_an_answer_but_back_never_blocks(mini: LoadedFlow) -> None:
    session = Session(mini)
    session.answer(["knee"])
    session.next()
    assert session.current is not None and session.current.id == "danger"
    with pytest.raises(AnswerError, match="please answer"):
        session.next()
    assert session.back() is not None and session.current.id == "where"
    assert session.at_first
    assert session.back() is None and session.current.id == "where"  # the front end leaves; the answers stay
    assert session.answers() == {"where": ["knee"]}


def test_hidden_questions_are_skipped_and_their_answers_kept(mini: LoadedFlow) -> None:
    session = walk(mini, where=["knee"], danger="no", walk="yes", injury="recent", crack="yes", pain=3, age=30)
    assert session.finished and session.answers()["crack"] == "yes"
    session.goto("injury")
    session.answer("none")
    assert "crack" not in session.answers()
    assert session.answer_of("crack") == "yes"
    assert assess(session).triage.id == "self_care"
    session.next()
    assert session.current is not None and session.current.id == "pain"  # crack skipped
    session.back()
    assert session.current is not None and session.current.id == "injury"
    session.answer("recent")
    assert session.answers()["crack"] == "yes"  # restored, not retyped
    assert assess(session).triage.id == "soon"


def test_progress_reflects_branching(mini: LoadedFlow) -> None:
    session = Session(mini)
    assert session.progress().total == 6  # crack hidden until injury == recent
    for value in (["knee"], "no", "yes", "recent"):
        session.answer(value)
        session.next()
    progress = session.progress()
    assert (progress.answered, progress.total, progress.position) == (4, 7, 5)


def test_optional_question_left_unanswered_counts_as_unknown(mini: LoadedFlow) -> None:
    session = walk(mini, where=["knee"], danger="no", walk="yes", injury="none", pain=3)
    flags = assess(session).red_flags
    assert [(f.flag.id, f.certain) for f in flags] == [("older_age", False)]


def test_unknown_answer_opens_follow_up_questions(mini: LoadedFlow) -> None:
    session = walk(mini, where=["knee"], danger="no", walk="yes", injury="unsure", crack="no", pain=2)
    assert "crack" in session.answers()


def test_valid_if_and_exclusive_options(mini: LoadedFlow) -> None:
    session = Session(mini)
    with pytest.raises(AnswerError, match="Choose a knee or an ankle"):
        session.answer(["neither"])
    with pytest.raises(AnswerError, match="cannot be combined"):
        session.answer(["knee", "neither"])
    question = mini.question("where")
    assert isinstance(question, MultipleChoice)
    assert toggle(question, ["knee", "ankle"], "neither") == ["neither"]
    assert toggle(question, ["neither"], "ankle") == ["ankle"]
    assert toggle(question, ["ankle"], "knee") == ["knee", "ankle"]


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        ("pain", 11, "outside the range 0 to 10"),
        ("pain", 2.5, "whole number"),
        ("pain", True, "expected a number"),
        ("danger", True, "write the word, not true/false"),
        ("danger", "maybe", "valid: yes, no, unsure"),
        ("injury", "recnt", 'did you mean "recent"?'),
        ("where", ["knee", "knee"], "chosen twice"),
        ("where", [], "at least one"),
    ],
)
def test_answer_validation(mini: LoadedFlow, qid: str, value: object, message: str) -> None:
    session = Session(mini)
    with pytest.raises(AnswerError, match=message):
        session.set_answer(qid, value)


def test_finished_is_derived_from_the_answers_never_stale(mini: LoadedFlow) -> None:
    session = walk(mini, where=["knee"], danger="no", walk="yes", injury="none", pain=2)
    assert session.finished and session.current is None
    session.clear_answer("pain")  # an answer taken away after the results
    assert not session.finished and session.current is not None and session.current.id == "pain"
    session.answer(2)
    assert session.finish() and session.finished
    session.set_answer("injury", "recent")  # reveals the required "crack" follow-up
    assert not session.finished and session.missing()[0].id == "crack"
    assert session.current is not None and session.current.id == "crack"


def test_results_are_reachable_early_only_once_an_emergency_sign_is_known(mini: LoadedFlow) -> None:
    session = Session(mini)
    session.answer(["knee"])
    session.next()
    assert not session.results_available and not session.finish()
    assert session.current is not None and session.current.id == "danger"
    session.answer("unsure")  # fail-closed: a possible emergency sign counts
    assert [f.flag.id for f in session.pending_emergencies()] == ["danger_sign"]
    session.acknowledge(session.pending_emergencies())
    assert session.pending_emergencies() == [] and session.emergency_flags()
    assert session.results_available and session.finish() and session.at_results and not session.finished
    assert session.current is None
    session.back()
    assert session.current is not None and session.finish()  # from anywhere, as often as asked


def test_next_after_an_edit_skips_what_is_answered_or_left_blank(mini: LoadedFlow) -> None:
    session = walk(mini, where=["knee"], danger="no", walk="yes", injury="none", pain=2)
    session.goto("age")
    session.skip()
    session.goto("injury")
    session.answer("recent")
    assert session.next(skip_answered=True) is not None and session.current is not None
    assert session.current.id == "crack"
    session.answer("no")
    assert session.next(skip_answered=True) is None and session.finished  # pain answered, age left blank


def test_the_end_sends_you_back_to_what_is_unanswered(mini: LoadedFlow) -> None:
    session = Session(mini)
    session.goto("pain")
    session.answer(3)
    session.next()  # age is optional
    assert session.next() is not None and session.current is not None and session.current.id == "where"
    assert not session.finished
