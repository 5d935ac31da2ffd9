"""Three-valued (Kleene) evaluation of a checked condition: True, False or None for unknown.

An answer is unknown when the person chose a "not sure" option or left a visible question
unanswered. A question that is hidden counts as absent: every comparison on it is False.
Callers decide what unknown means (`wizard.flow.rules.Kind`): red flags, contraindications and
`show_if` read it as True (the safer reading); evidence and advice read it as False.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from enum import Enum
from typing import Any

from .tree import And, Answered, Compare, Has, In, Node, Not, Or, Ref


class State(Enum):
    """How much a condition can know about one question's answer."""

    ABSENT = "absent"
    """Hidden, or not reached yet: comparisons are False."""
    UNKNOWN = "unknown"
    """Visible but unanswered: comparisons are unknown."""
    KNOWN = "known"


Lookup = Callable[[str], tuple[State, Any]]
"""Returns the state of a question and, when known, its answer."""

Tri = bool | None


Evaluator = Callable[[Lookup], Tri]
"""A condition compiled to nested closures: the tree is dispatched on once, not on every evaluation."""


def evaluate(node: Node, lookup: Lookup) -> Tri:
    """Three-valued evaluation: True, False, or None when the answers leave it open.

    The node is compiled on its first evaluation (it is checked by then: the
    checker fills in `unknown` and links `Ref.target`) and the closures are kept
    on it, so a flow's conditions are compiled once however many sessions use them.
    """
    return (node.compiled or _compiled(node))(lookup)


def _compile(node: Node) -> Evaluator:
    if isinstance(node, And):
        return _kleene([_compiled(item) for item in node.items], decisive=False)
    if isinstance(node, Or):
        return _kleene([_compiled(item) for item in node.items], decisive=True)
    if isinstance(node, Not):
        inner = _compiled(node.item)
        return lambda lookup: None if (value := inner(lookup)) is None else not value
    if isinstance(node, Ref):
        assert node.target is not None, "conditions are checked before they are evaluated"
        return _compiled(node.target)
    if isinstance(node, Answered):
        question = node.question
        return lambda lookup: lookup(question)[0] is State.KNOWN
    if isinstance(node, Has):
        return _has(node)
    return _leaf(node)


def _compiled(node: Node) -> Evaluator:
    if node.compiled is None:
        node.compiled = _compile(node)
    return node.compiled


def _kleene(items: list[Evaluator], decisive: bool) -> Evaluator:
    """`and` (decisive: False) or `or` (decisive: True) in three values: a decisive item decides at once,
    else any unknown item leaves the whole unknown."""

    def run(lookup: Lookup) -> Tri:
        result: Tri = not decisive
        for item in items:
            value = item(lookup)
            if value is decisive:
                return decisive
            if value is None:
                result = None
        return result

    return run


def _has(node: Has) -> Evaluator:
    question, unknown, wanted = node.question, node.unknown, frozenset(node.values)
    every = node.mode == "all"

    def run(lookup: Lookup) -> Tri:
        state, answer = lookup(question)
        if state is not State.KNOWN:
            return False if state is State.ABSENT else None
        if wanted.issubset(answer) if every else not wanted.isdisjoint(answer):
            return True
        return False if unknown.isdisjoint(answer) else None

    return run


_OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _leaf(node: Compare | In) -> Evaluator:
    """A comparison or membership test on a single answer: absent is False, unknown or "not sure" is None."""
    question, unknown = node.question, node.unknown
    if isinstance(node, In):
        values, negate = frozenset(node.values), node.negate

        def member(lookup: Lookup) -> Tri:
            state, answer = lookup(question)
            if state is not State.KNOWN:
                return False if state is State.ABSENT else None
            return None if answer in unknown else (answer in values) != negate

        return member
    compare, value = _OPERATORS[node.op], node.value

    def comparison(lookup: Lookup) -> Tri:
        state, answer = lookup(question)
        if state is not State.KNOWN:
            return False if state is State.ABSENT else None
        return None if answer in unknown else bool(compare(answer, value))

    return comparison
