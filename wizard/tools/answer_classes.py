"""Answer classes: the answers to one question that no condition of the flow can tell apart.

`wizard explore` branches on classes instead of on every possible answer. Two
answers are in one class when every comparison, `has` and `answered(...)` on the
question gives the same three-valued result for both, so any condition in the
flow (show_if, valid_if, red flags, evidence, advice, invariants) gives the same
result too. Each class keeps a representative that is a real, valid answer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..engine.answers import Answer, AnswerError, normalize
from ..errors import Problem, WizardError
from ..flow.conditions import evaluator, tree
from ..flow.loaded import LoadedFlow, option_ids
from ..flow.questions import MultipleChoice, Number, Question, Scale, SingleChoice, YesNoUnsure
from ..flow.rules import Rule
from .nodes import ByNode, Leaf, leaves

MAX_COMBINATIONS = 1 << 14
"""Candidate selections tried for one multiple choice before giving up with a clear message."""


@dataclass(frozen=True)
class AnswerClass:
    """Answers that every condition treats alike, with one representative."""

    answer: Answer | None
    """The representative; None for "left unanswered" (only when the question is optional)."""
    options: frozenset[str]
    """The options of every answer in the class (for a multiple choice: of every selection tried), for coverage."""


def leaves_by_question(flow: LoadedFlow) -> dict[str, list[Leaf]]:
    """Each question's comparisons anywhere in the flow, without repeats."""
    found: dict[str, ByNode[Leaf]] = {q.id: ByNode() for q in flow.questions}
    for rule in flow.rules:
        for leaf in leaves(rule.node):
            if leaf.question in found:
                found[leaf.question][leaf] = leaf
    return {qid: items.values() for qid, items in found.items()}


def _signature(value: Answer, items: list[Leaf]) -> tuple[evaluator.Tri, ...]:
    def lookup(_: str) -> tuple[evaluator.State, Any]:
        return evaluator.State.KNOWN, value

    return tuple(evaluator.evaluate(leaf, lookup) for leaf in items)


def _numbers(question: Scale | Number, items: list[Leaf]) -> list[int | float]:
    """The minimum, maximum, every threshold and a value on each side of it."""
    consts: set[float] = set()
    for leaf in items:
        values = [leaf.value] if isinstance(leaf, tree.Compare) else leaf.values if isinstance(leaf, tree.In) else []
        consts.update(float(v) for v in values if isinstance(v, (int, float)))
    low, high = float(question.min), float(question.max)
    points = sorted({low, high} | {c for c in consts if low <= c <= high})
    if isinstance(question, Scale) or question.integer:
        found: set[float] = set()
        for point in points:
            found.update({math.floor(point) - 1, math.floor(point), math.ceil(point), math.ceil(point) + 1})
        return sorted(int(v) for v in found if low <= v <= high)
    middles = [(a + b) / 2 for a, b in itertools.pairwise(points)]
    return sorted(points + middles)


def _groups(question: MultipleChoice, items: list[Leaf]) -> list[list[str]]:
    """Non-exclusive options grouped by the `has` comparisons that name them: within a group they are alike."""
    profile: dict[str, set[int]] = {o.id: set() for o in question.options}
    for index, leaf in enumerate(items):
        if isinstance(leaf, tree.Has):
            for value in leaf.values:
                profile[value].add(index)
    groups: dict[tuple[bool, frozenset[int]], list[str]] = {}
    for option in question.options:
        if not option.exclusive:
            groups.setdefault((option.unknown, frozenset(profile[option.id])), []).append(option.id)
    return list(groups.values())


def _selections(question: MultipleChoice, items: list[Leaf]) -> list[list[str]]:
    """Selections that cover every way the `has` comparisons can tell answers apart.

    For a group only "none", "one" and "all of it" can matter. Exclusive options are tried alone.
    """
    choices = [
        [[], members[:1], members] if len(members) > 1 else [[], members] for members in _groups(question, items)
    ]
    count = math.prod(len(c) for c in choices)
    if count > MAX_COMBINATIONS:
        raise WizardError(
            [
                Problem(
                    f'"{question.id}" has {count:,} option combinations that conditions can tell '
                    f"apart; explore stops at {MAX_COMBINATIONS:,}",
                    rule="explore/too-many-options",
                )
            ]
        )
    order = option_ids(question)
    picks = [sorted(itertools.chain.from_iterable(combo), key=order.index) for combo in itertools.product(*choices)]
    picks = sorted((p for p in picks if p), key=len)
    return [[o.id] for o in question.options if o.exclusive] + picks


def _candidates(question: Question, items: list[Leaf]) -> list[Answer]:
    if isinstance(question, (SingleChoice, YesNoUnsure)):
        return list(option_ids(question))
    if isinstance(question, MultipleChoice):
        return list(_selections(question, items))
    assert isinstance(question, (Scale, Number))
    return list(_numbers(question, items))


def answer_classes(question: Question, items: list[Leaf]) -> list[AnswerClass]:
    """The classes of one question, unanswered first when the question is optional."""
    by_signature: dict[tuple[evaluator.Tri, ...], tuple[Answer, set[str]]] = {}
    for candidate in _candidates(question, items):
        try:
            value = normalize(question, candidate)
        except AnswerError:
            continue
        signature = _signature(value, items)
        members = set(value) if isinstance(value, list) else {value} if isinstance(value, str) else set()
        if signature in by_signature:
            by_signature[signature][1].update(members)
        else:
            by_signature[signature] = (value, members)
    classes = [AnswerClass(value, frozenset(members)) for value, members in by_signature.values()]
    return ([AnswerClass(None, frozenset())] if not question.required else []) + classes


def coarsen(classes: list[AnswerClass], items: list[Leaf]) -> list[tuple[AnswerClass, int]]:
    """Merge the classes that `items` cannot tell apart, with how many classes each stands for."""
    merged: dict[tuple[evaluator.Tri, ...] | None, tuple[AnswerClass, int]] = {}
    for answer_class in classes:
        key = None if answer_class.answer is None else _signature(answer_class.answer, items)
        if key in merged:
            first, count = merged[key]
            merged[key] = (AnswerClass(first.answer, first.options | answer_class.options), count + 1)
        else:
            merged[key] = (answer_class, 1)
    return list(merged.values())


def coarsen_all(
    flow: LoadedFlow, rules: Iterable[Rule], classes: list[list[AnswerClass]]
) -> list[list[tuple[AnswerClass, int]]]:
    """Each question's answer classes, merged where `rules` (the conditions one walk tracks) cannot tell them apart."""
    tracked: dict[str, ByNode[Leaf]] = {q.id: ByNode() for q in flow.questions}
    for rule in rules:
        for leaf in leaves(rule.node):
            if leaf.question in tracked:
                tracked[leaf.question][leaf] = leaf
    return [coarsen(fine, tracked[q.id].values()) for q, fine in zip(flow.questions, classes, strict=True)]
