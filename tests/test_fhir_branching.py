"""The exported branching agrees with the engine: checked by FHIR's rules, not by our exporter.

For random answers (on the built-in flow, and on random flows whose `show_if` conditions are
drawn too), every question's `enableWhenExpression` is run by fhirpathpy, an independent
FHIRPath engine, with `%resource` bound to the exported QuestionnaireResponse, as SDC says;
every plain `enableWhen` is read as the specification defines each operator (R4/R5
Questionnaire.item.enableWhen and the questionnaire-enable-operator code system). Both must
say enabled exactly when `Session.is_visible` says shown.
"""

from __future__ import annotations

import contextlib
import json
import math
import operator
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from fhirpathpy import compile as compile_fhirpath
from fhirpathpy.models import models
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from wizard.engine.answers import AnswerError
from wizard.engine.session import Session
from wizard.fhir import codes
from wizard.fhir.questionnaire import answer_rules, questionnaire
from wizard.fhir.response import questionnaire_response
from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow, load_flow_data
from wizard.flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice, YesNoUnsure
from wizard.flow.yamlsafe import parse_yaml, read_yaml

from .conftest import MINIMAL

FLOW = load_flow(BUILTIN_FLOW)
EXAMPLES = 200

JSON = dict[str, Any]
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
}


def walk(items: list[JSON]) -> Iterator[JSON]:
    for item in items:
        yield item
        yield from walk(item.get("item", []))
        for answer in item.get("answer", []):
            yield from walk(answer.get("item", []))


def questions(questionnaire: JSON) -> dict[str, JSON]:
    """linkId -> item, for every item that takes an answer."""
    return {i["linkId"]: i for i in walk(questionnaire["item"]) if i["type"] not in ("group", "display")}


def answers_in(response: JSON) -> dict[str, list[JSON]]:
    return {i["linkId"]: i["answer"] for i in walk(response.get("item", [])) if "answer" in i}


def expression_of(item: JSON) -> str | None:
    found = [e for e in item.get("extension", []) if e["url"] == codes.ENABLE_WHEN_EXPRESSION]
    return found[0]["valueExpression"]["expression"] if found else None


@cache
def _compiled(expression: str) -> Callable[..., list[Any]]:
    compiled: Callable[..., list[Any]] = compile_fhirpath(expression, models["r4"])
    return compiled


def by_expression(expression: str, response: JSON) -> bool:
    result = _compiled(expression)(response, {"resource": response})
    assert result in ([True], [False]), f"{expression} gave {result}, not one boolean"
    return bool(result[0])


def _condition(condition: JSON, given: dict[str, list[JSON]]) -> bool:
    answers = given.get(condition["question"], [])
    (key,) = [k for k in condition if k.startswith("answer")]
    target = condition[key]
    if condition["operator"] == "exists":
        return bool(answers) == bool(target)
    values = [a["value" + key.removeprefix("answer")] for a in answers if "value" + key.removeprefix("answer") in a]

    def equal(value: Any) -> bool:
        if key == "answerCoding":
            return bool(value.get("system") == target.get("system") and value["code"] == target["code"])
        return bool(value == target)

    if condition["operator"] == "=":
        return any(equal(v) for v in values)  # "at least one answer has a value that is equal"
    if condition["operator"] == "!=":
        return not any(equal(v) for v in values)  # "no answer has a value that is equal"
    return any(_ORDER[condition["operator"]](v, target) for v in values)


def by_enable_when(item: JSON, response: JSON) -> bool:
    """Disabled items are absent from a response, so "as though not valued" needs nothing more here."""
    given = answers_in(response)
    results = [_condition(c, given) for c in item["enableWhen"]]
    return all(results) if item.get("enableBehavior", "all") == "all" else any(results)


def enabled(item: JSON, response: JSON) -> bool:
    expression = expression_of(item)
    if expression is not None:
        return by_expression(expression, response)
    return by_enable_when(item, response) if "enableWhen" in item else True


# --- answers and flows drawn at random ----------------------------------------------------------


def answer_for(question: Question) -> st.SearchStrategy[Any]:
    """Any valid answer, numbers near and between the thresholds conditions use."""
    if isinstance(question, Number) and not question.integer:
        return st.integers(int(question.min * 2), int(question.max * 2)).map(lambda n: n / 2)
    if isinstance(question, (Scale, Number)):
        return st.integers(math.ceil(question.min), math.floor(question.max))
    if isinstance(question, YesNoUnsure):
        return st.sampled_from(["yes", "no", "unsure"])
    assert isinstance(question, (SingleChoice, MultipleChoice))
    ids = [o.id for o in question.options]
    if isinstance(question, SingleChoice):
        return st.sampled_from(ids)
    exclusive = [o.id for o in question.options if o.exclusive]
    others = [o.id for o in question.options if not o.exclusive]
    lists = st.lists(st.sampled_from(others), min_size=1, unique=True)
    return st.one_of(lists, st.sampled_from(exclusive).map(lambda o: [o])) if exclusive else lists


def answer_sets(flow: LoadedFlow) -> st.SearchStrategy[dict[str, Any]]:
    """Some questions left unanswered, so "not answered" and hidden-but-answered are drawn too."""
    return st.fixed_dictionaries({q.id: st.one_of(st.none(), answer_for(q)) for q in flow.questions})


def session_of(flow: LoadedFlow, answers: dict[str, Any]) -> Session:
    session = Session(flow)
    for question in flow.questions:
        if answers[question.id] is not None and session.is_visible(question.id):
            with contextlib.suppress(AnswerError):  # a valid_if may refuse it: then it stays unanswered
                session.set_answer(question.id, answers[question.id])
    return session


def check_agrees(flow: LoadedFlow, items: dict[str, JSON], answers: dict[str, Any]) -> None:
    """`items` are the flow's exported Questionnaire items by linkId."""
    session = session_of(flow, answers)
    response = questionnaire_response(session)
    check_rules(flow, session, response, answers)
    for question in flow.questions:
        item = items[question.id]
        kind = "enableWhenExpression" if expression_of(item) else "enableWhen" if "enableWhen" in item else "none"
        event(f"{kind} checked")
        assert enabled(item, response) == session.is_visible(question.id), (
            f"{question.id} ({kind}, show_if {question.show_if!r}): FHIR says {enabled(item, response)}, "
            f"the engine {session.is_visible(question.id)}; answers {session.answers()}"
        )


FLOW_ITEMS = questions(questionnaire(FLOW))
BUILT_IN_ANSWERS = answer_sets(FLOW)


def check_rules(flow: LoadedFlow, session: Session, response: JSON, answers: dict[str, Any]) -> None:
    """Each exported answer rule accepts a drawn answer exactly when the engine did (`session_of` tried it)."""
    for question in flow.questions:
        drawn = answers[question.id]
        if not flow.valid_if[question.id] or drawn is None or not session.is_visible(question.id):
            continue
        accepted = session.answer_of(question.id) is not None
        tried = (
            response if accepted else {**response, "item": [*response.get("item", []), _item(flow, question, drawn)]}
        )
        fhir = all(by_expression(expression, tried) for expression, _ in answer_rules(flow, question.id))
        event(f"answer rule checked ({'accepted' if accepted else 'refused'})")
        assert fhir == accepted, f"{question.id} = {drawn!r}: FHIR accepts it: {fhir}, the engine: {accepted}"


def _item(flow: LoadedFlow, question: Question, answer: Any) -> JSON:
    """The response item for a refused answer, written here from the exported codes."""
    if isinstance(question, (Scale, Number)):
        return {"linkId": question.id, "answer": [{codes.value_key(question): answer}]}
    picked = answer if isinstance(answer, list) else [answer]
    values = [codes.coding(codes.DEFAULT_BASE, flow.id, question, o) for o in picked]
    return {"linkId": question.id, "answer": [{"valueCoding": {"system": s, "code": c}} for s, c in values]}


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fhir_shows_what_the_engine_shows_on_the_built_in_flow(data: st.DataObject) -> None:
    check_agrees(FLOW, FLOW_ITEMS, data.draw(BUILT_IN_ANSWERS))


SHAPES: list[JSON] = [
    {"id": "s", "type": "single", "options": ["a", "b", "c", "u?"]},
    {"id": "m", "type": "multi", "options": ["x", "y", "z", "none!", "u?!"]},
    {"id": "yn", "type": "yes_no_unsure"},
    {"id": "sc", "type": "scale"},
    {"id": "dec", "type": "number", "min": 0, "max": 10, "integer": False},
    {"id": "num", "type": "number", "min": 1, "max": 120, "required": False},
    {"id": "d0", "type": "single", "options": ["a", "b", "u?"]},
    {"id": "d1", "type": "multi", "options": ["x", "y", "u?"], "valid_if": True},
    {"id": "d2", "type": "yes_no_unsure"},
    {"id": "d3", "type": "scale", "valid_if": True},
    {"id": "d4", "type": "single", "options": ["a", "b"]},
]
"""The questions of the random flows: `?` marks a "not sure" option, `!` an exclusive one.
Every question from `d0` on gets a random `show_if` over the questions before it, and those
marked `valid_if` a random answer rule over the questions before them and themselves."""


def _options(shape: JSON) -> list[str]:
    return [o.rstrip("?!") for o in shape.get("options", [])]


@cache
def leaf(index: int) -> st.SearchStrategy[str]:
    shape = SHAPES[index]
    q, kind, options = shape["id"], shape["type"], _options(shape)
    answered = st.just(f"answered({q})")
    if kind == "multi":
        some = st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True).map(", ".join)
        return st.one_of(
            answered,
            st.sampled_from(options).map(lambda o: f"{q} has {o}"),
            some.map(lambda s: f"{q} has any [{s}]"),
            some.map(lambda s: f"{q} has all [{s}]"),
        )
    if kind in ("single", "yes_no_unsure"):
        words = options or ["yes", "no", "unsure"]
        some = st.lists(st.sampled_from(words), min_size=1, max_size=3, unique=True).map(", ".join)
        op = st.sampled_from(["==", "!="])
        return st.one_of(
            answered,
            st.tuples(op, st.sampled_from(words)).map(lambda t: f"{q} {t[0]} {t[1]}"),
            st.tuples(st.sampled_from(["in", "not in"]), some).map(lambda t: f"{q} {t[0]} [{t[1]}]"),
        )
    low, high = (shape.get("min", 0), shape.get("max", 10))
    number = (
        st.integers(low * 2, high * 2).map(lambda n: f"{n / 2:g}")
        if shape["id"] == "dec"
        else st.integers(low, high).map(str)
    )
    op = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    numbers = st.lists(number, min_size=1, max_size=3).map(", ".join)
    return st.one_of(
        answered,
        st.tuples(op, number).map(lambda t: f"{q} {t[0]} {t[1]}"),
        st.tuples(st.sampled_from(["in", "not in"]), numbers).map(lambda t: f"{q} {t[0]} [{t[1]}]"),
    )


@cache
def condition(before: int) -> st.SearchStrategy[str]:
    """A condition over the first `before` questions (and the definition `early`)."""
    leaves = st.one_of(st.just("early"), *(leaf(i) for i in range(before)))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            inner.map(lambda c: f"not ({c})"),
            st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        ),
        max_leaves=5,
    )


def random_flow(show_if: dict[str, str], valid_if: dict[str, str]) -> LoadedFlow:
    def question(shape: JSON) -> JSON:
        out: JSON = {"id": shape["id"], "type": shape["type"], "text": f"Question {shape['id']}"}
        if "options" in shape:
            out["options"] = [
                {"id": o.rstrip("?!"), "label": o, "unknown": "?" in o, "exclusive": "!" in o} for o in shape["options"]
            ]
        out.update({k: shape[k] for k in ("min", "max", "integer", "required") if k in shape})
        if shape["id"] in show_if:
            out["show_if"] = show_if[shape["id"]]
        if shape["id"] in valid_if:
            out["valid_if"] = [{"when": valid_if[shape["id"]], "message": "Not that."}]
        return out

    data = read_yaml(MINIMAL).data  # its texts and triage levels; the rest is replaced
    data.update(
        definitions={"early": "s == a or yn == unsure"},
        regions=[{"id": "leg", "label": "Leg", "when": "s == a"}],
        safety={
            "withhold": [
                {"id": "w", "loads": ["weight_bearing"], "when": "yn == yes", "reason": "No.", "source": "src"}
            ]
        },
        sections=[{"id": "main", "title": "Main", "questions": [question(s) for s in SHAPES]}],
        red_flags=[],
        causes=[],
        exercises=[],
        treatments=[],
        prevention=[],
    )
    return load_flow_data(parse_yaml(json.dumps(data), "random-flow.json"))


FIRST_DEPENDENT = [s["id"] for s in SHAPES].index("d0")


@st.composite
def random_flows(draw: st.DrawFn) -> LoadedFlow:
    show_if = {SHAPES[i]["id"]: draw(condition(i)) for i in range(FIRST_DEPENDENT, len(SHAPES))}
    valid_if = {s["id"]: draw(condition(i + 1)) for i, s in enumerate(SHAPES) if s.get("valid_if")}
    return random_flow(show_if, valid_if)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fhir_shows_what_the_engine_shows_on_random_flows(data: st.DataObject) -> None:
    flow = data.draw(random_flows(), label="flow")
    items = questions(questionnaire(flow))
    for answers in data.draw(st.lists(answer_sets(flow), min_size=1, max_size=6), label="answer sets"):
        check_agrees(flow, items, answers)
