"""Every reason an answer is refused carries an error code (a ui_text key) that a front end says in the
person's language, while `str()` keeps the English line that answers files and scripts print."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.answers import AnswerError
from wizard.engine.session import Session
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.flow.questions import MultipleChoice, Question, Scale, SingleChoice
from wizard.ui_text import table

Q = TypeVar("Q", bound=Question)


def first(flow: LoadedFlow, kind: type[Q]) -> Q:
    """The first question of a type that every person is asked (it has no show_if)."""
    return next(q for q in flow.questions if isinstance(q, kind) and q.show_if is None)


def refusal(action: Callable[[], object]) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        action()
    return caught.value


def reasons(flow: LoadedFlow) -> dict[str, tuple[AnswerError, str]]:
    """Each reason a person or a file can meet, in the built-in flow, with a piece of its English line."""
    single = first(flow, SingleChoice)
    multi = first(flow, MultipleChoice)
    scale = first(flow, Scale)
    choices = next(
        q
        for q in flow.questions
        if isinstance(q, MultipleChoice) and q.show_if is None and any(o.exclusive for o in q.options)
    )
    exclusive = next(o.id for o in choices.options if o.exclusive)
    other = next(o.id for o in choices.options if not o.exclusive)
    hidden = next(q for q in flow.questions if q.show_if is not None)
    session = Session(flow, lang="es")
    finished = replay(read_answers(SCENARIOS_DIR / "self_care_pickleball.yaml"), flow)
    assert finished.current is None
    return {
        "err_not_an_option": (refusal(lambda: session.set_answer(single.id, "nope")), "valid: "),
        "err_choose_one": (refusal(lambda: session.set_answer(single.id, True)), "not true/false"),
        "err_not_a_list": (refusal(lambda: session.set_answer(multi.id, 3)), "expected a list"),
        "err_twice": (refusal(lambda: session.set_answer(choices.id, [other, other])), "chosen twice"),
        "err_at_least_one": (refusal(lambda: session.set_answer(choices.id, [])), "at least one"),
        "err_exclusive": (refusal(lambda: session.set_answer(choices.id, [other, exclusive])), "cannot be combined"),
        "err_number": (refusal(lambda: session.set_answer(scale.id, "four")), "expected a number"),
        "err_whole": (refusal(lambda: session.set_answer(scale.id, 2.5)), "whole number"),
        "err_range": (refusal(lambda: session.set_answer(scale.id, 99)), "outside the range"),
        "err_not_asked": (refusal(lambda: session.set_answer(hidden.id, "yes")), f'"{hidden.id}" is not asked'),
        # A flow's own valid_if message: the line is in the session's language, as the flow wrote it.
        "err_rule": (refusal(lambda: session.set_answer("where", ["back"])), "dolor de rodilla"),
        "err_please_answer": (refusal(session.next), "please answer"),
        "err_finished": (refusal(lambda: finished.answer("yes")), "no question to answer"),
    }


def test_every_reason_has_a_code_and_a_translation(flow: LoadedFlow) -> None:
    found = reasons(flow)
    assert {code: error.key for code, (error, _) in found.items()} == {code: code for code in found}
    for code, (error, english) in found.items():
        assert code in table(), code
        assert english in str(error), (code, str(error))
        spanish = error.text("es")
        assert spanish and spanish != error.text("en"), code
        assert not {"valid:", "expected", "answer", "option"} & set(spanish.split()), (code, spanish)


def test_the_person_never_reads_option_ids_the_file_does(flow: LoadedFlow) -> None:
    single = first(flow, SingleChoice)
    error = refusal(lambda: Session(flow).set_answer(single.id, "nope"))
    assert "valid: " in str(error) and "valid" not in error.text("en")
    assert error.text("en") == '"nope" is not one of the options'
    assert error.text("es") == "«nope» no es una de las opciones"


def test_a_valid_if_message_is_said_in_the_front_ends_language(flow: LoadedFlow) -> None:
    error = refusal(lambda: Session(flow, lang="en").set_answer("where", ["back"]))
    assert str(error).startswith("This check is about knee and ankle pain")
    assert error.text("es").startswith("Esta revisión trata sobre el dolor de rodilla y tobillo")


def test_a_file_hears_the_english_line_a_script_can_match(flow: LoadedFlow) -> None:
    scale = first(flow, Scale)
    error = refusal(lambda: Session(flow, lang="es").set_answer(scale.id, 99))
    assert str(error) == error.text("en") == f"99 is outside the range {scale.min:g} to {scale.max:g}"
