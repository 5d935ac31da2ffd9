"""The condition language: parsing, and three-valued evaluation with fail-closed unknowns."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.flow.conditions import checker, evaluator, parser, tree

SUBJECTS = {
    "pick": checker.Subject("pick", "single", 0, ("a", "b", "dunno"), frozenset({"dunno"})),
    "many": checker.Subject("many", "multi", 1, ("x", "y", "z", "idk"), frozenset({"idk"})),
    "yn": checker.Subject("yn", "yes_no_unsure", 2, ("yes", "no", "unsure"), frozenset({"unsure"})),
    "num": checker.Subject("num", "number", 3, low=0, high=100),
}


def compile_(text: Any) -> tree.Node:
    node = parser.parse(text, ("c",))
    errors = checker.check(node, checker.Scope(SUBJECTS, {}))
    assert not errors, [e.message for e in errors]
    return node


def run(text: Any, **answers: Any) -> evaluator.Tri:
    """Evaluate with `answers`; the value "?" means visible but unanswered; missing means hidden."""

    def lookup(qid: str) -> tuple[evaluator.State, Any]:
        if qid not in answers:
            return evaluator.State.ABSENT, None
        if answers[qid] == "?":
            return evaluator.State.UNKNOWN, None
        return evaluator.State.KNOWN, answers[qid]

    return evaluator.evaluate(compile_(text), lookup)


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
def test_evaluation(text: Any, answers: dict[str, Any], expected: evaluator.Tri) -> None:
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
    with pytest.raises(tree.ConditionError) as info:
        parser.parse(text, ("c",))
    assert info.value.offset == offset
    assert message in info.value.message


@pytest.mark.parametrize("source", [{"all": []}, {"any": "x"}, {"maybe": ["a"]}, ["pick == a"], 5])
def test_bad_mapping_forms(source: Any) -> None:
    with pytest.raises(tree.ConditionError):
        parser.parse(source, ("c",))


def test_no_python_is_ever_evaluated() -> None:
    with pytest.raises(tree.ConditionError):
        parser.parse("__import__('os').system('true')", ("c",))


# --- compiled evaluation against the plain tree walk -----------------------------------------


def walk(node: tree.Node, lookup: evaluator.Lookup) -> evaluator.Tri:
    """The semantics in the module docstring, written as directly as possible: the oracle for `evaluate`."""
    if isinstance(node, (tree.And, tree.Or)):
        values = [walk(item, lookup) for item in node.items]
        decisive = isinstance(node, tree.Or)  # True decides an "or", False decides an "and"
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    if isinstance(node, tree.Not):
        value = walk(node.item, lookup)
        return None if value is None else not value
    if isinstance(node, tree.Ref):
        assert node.target is not None
        return walk(node.target, lookup)
    state, answer = lookup(node.question)
    if isinstance(node, tree.Answered):
        return state is evaluator.State.KNOWN
    if state is not evaluator.State.KNOWN:
        return False if state is evaluator.State.ABSENT else None
    if isinstance(node, tree.Has):
        hits = [value in answer for value in node.values]
        if all(hits) if node.mode == "all" else any(hits):
            return True
        return None if any(a in node.unknown for a in answer) else False
    if answer in node.unknown:
        return None
    if isinstance(node, tree.In):
        return (answer in node.values) != node.negate
    return bool(
        {
            "==": answer == node.value,
            "!=": answer != node.value,
            "<": answer < node.value,
            "<=": answer <= node.value,
            ">": answer > node.value,
            ">=": answer >= node.value,
        }[node.op]
    )


DEFINITIONS_TEXT = {"sure_pick": "pick in [a, b]", "big": "num > 50 or many has all [x, y]"}

atoms = st.one_of(
    st.sampled_from(["pick", "yn"]).flatmap(
        lambda q: st.sampled_from(SUBJECTS[q].options).flatmap(
            lambda v: st.sampled_from([f"{q} == {v}", f"{q} != {v}", f"{q} in [{v}]", f"{q} not in [{v}]"])
        )
    ),
    st.lists(st.sampled_from(["x", "y", "z", "idk"]), min_size=1, max_size=3, unique=True).flatmap(
        lambda vs: st.sampled_from(
            [f"many has {vs[0]}", f"many has any [{', '.join(vs)}]", f"many has all [{', '.join(vs)}]"]
        )
    ),
    st.tuples(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), st.integers(0, 100)).map(
        lambda t: f"num {t[0]} {t[1]}"
    ),
    st.sampled_from(["answered(pick)", "answered(many)", "answered(num)", *DEFINITIONS_TEXT]),
)
conditions = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda text: f"not ({text})"),
    ),
    max_leaves=8,
)
states = st.fixed_dictionaries(
    {
        "pick": st.sampled_from([None, "?", "a", "b", "dunno"]),
        "many": st.one_of(
            st.sampled_from([None, "?"]),
            st.lists(st.sampled_from(["x", "y", "z", "idk"]), min_size=1, max_size=4, unique=True),
        ),
        "yn": st.sampled_from([None, "?", "yes", "no", "unsure"]),
        "num": st.one_of(st.sampled_from([None, "?"]), st.integers(0, 100)),
    }
)


@settings(max_examples=400, deadline=None)
@given(text=conditions, answers=states)
def test_compiled_evaluation_agrees_with_the_tree_walk(text: str, answers: dict[str, Any]) -> None:
    definitions = {name: parser.parse(source, ("d", name)) for name, source in DEFINITIONS_TEXT.items()}
    scope = checker.Scope(SUBJECTS, definitions)
    for node in definitions.values():
        assert not checker.check(node, scope)
    node = parser.parse(text, ("c",))
    assert not checker.check(node, scope)

    def lookup(qid: str) -> tuple[evaluator.State, Any]:
        value = answers[qid]
        if value is None:
            return evaluator.State.ABSENT, None
        return (evaluator.State.UNKNOWN, None) if value == "?" else (evaluator.State.KNOWN, value)

    expected = walk(node, lookup)
    assert evaluator.evaluate(node, lookup) is expected
    assert evaluator.evaluate(node, lookup) is expected  # and again, through the closures kept on the node
