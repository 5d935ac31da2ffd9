"""The condition language: parsing, and three-valued evaluation with fail-closed unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from wizard.flow import conditions as cond

SUBJECTS = {
    "pick": cond.Subject("pick", "single", 0, ("a", "b", "dunno"), frozenset({"dunno"})),
    "many": cond.Subject("many", "multi", 1, ("x", "y", "z", "idk"), frozenset({"idk"})),
    "yn": cond.Subject("yn", "yes_no_unsure", 2, ("yes", "no", "unsure"), frozenset({"unsure"})),
    "num": cond.Subject("num", "number", 3, low=0, high=100),
}


def compile_(text: Any) -> cond.Node:
    node = cond.parse(text, ("c",))
    errors = cond.check(node, cond.Scope(SUBJECTS, {}))
    assert not errors, [e.message for e in errors]
    return node


def run(text: Any, **answers: Any) -> cond.Tri:
    """Evaluate with `answers`; the value "?" means visible but unanswered; missing means hidden."""

    def lookup(qid: str) -> tuple[cond.State, Any]:
        if qid not in answers:
            return cond.State.ABSENT, None
        if answers[qid] == "?":
            return cond.State.UNKNOWN, None
        return cond.State.KNOWN, answers[qid]

    return cond.evaluate(compile_(text), lookup)


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        ("pick == a", {"pick": "a"}, True),
        ("pick == a", {"pick": "b"}, False),
        ("pick == a", {"pick": "dunno"}, None),
        ("pick == a", {"pick": "?"}, None),
        ("pick == a", {}, False),
        ("pick != a", {}, False),
        ("not pick == a", {}, True),
        ("pick in [a, b]", {"pick": "b"}, True),
        ("pick not in [a, b]", {"pick": "b"}, False),
        ("many has x", {"many": ["x", "idk"]}, True),
        ("many has y", {"many": ["x", "idk"]}, None),
        ("many has y", {"many": ["x"]}, False),
        ("many has any [y, z]", {"many": ["z"]}, True),
        ("many has all [x, z]", {"many": ["z"]}, False),
        ("many has all [x, z]", {"many": ["x", "z"]}, True),
        ("num >= 55", {"num": 55}, True),
        ("num < 18", {"num": 55}, False),
        ("num >= 55", {"num": "?"}, None),
        ("yn == yes or num > 10", {"yn": "unsure", "num": 50}, True),
        ("yn == yes and num > 10", {"yn": "unsure", "num": 50}, None),
        ("yn == yes and num > 10", {"yn": "unsure", "num": 5}, False),
        ("not yn == yes", {"yn": "unsure"}, None),
        ("answered(num)", {"num": "?"}, False),
        ("not answered(num)", {}, True),
        ("answered(yn)", {"yn": "unsure"}, True),
        ({"any": ["pick == a", {"all": ["yn == yes", "num > 3"]}]}, {"pick": "b", "yn": "yes", "num": 4}, True),
        ({"not": "pick == a"}, {"pick": "a"}, False),
        ("(pick == a or pick == b) and not yn == no", {"pick": "a", "yn": "yes"}, True),
    ],
)
def test_evaluation(text: Any, answers: dict[str, Any], expected: cond.Tri) -> None:
    assert run(text, **answers) is expected


def test_and_binds_tighter_than_or() -> None:
    assert run("pick == a or pick == b and yn == yes", pick="a", yn="no") is True


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        ("pick == ", 7, "expected a value"),
        ("pick ==a)", 8, 'expected "and", "or" or the end'),
        ("pick === a", 7, 'unexpected character "="'),
        ("pick in a", 8, 'expected "["'),
        ("and pick == a", 0, "expected a question id"),
        ("   ", 0, "the condition is empty"),
        ("pick == 'a'", 8, "unexpected character"),
    ],
)
def test_syntax_errors_carry_their_offset(text: str, offset: int, message: str) -> None:
    with pytest.raises(cond.ConditionError) as info:
        cond.parse(text, ("c",))
    assert info.value.offset == offset
    assert message in info.value.message


@pytest.mark.parametrize("source", [{"all": []}, {"any": "x"}, {"maybe": ["a"]}, ["pick == a"], 5])
def test_bad_mapping_forms(source: Any) -> None:
    with pytest.raises(cond.ConditionError):
        cond.parse(source, ("c",))


def test_no_python_is_ever_evaluated() -> None:
    with pytest.raises(cond.ConditionError):
        cond.parse("__import__('os').system('true')", ("c",))
