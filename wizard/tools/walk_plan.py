"""The plan of one walk, made before any path is taken: what a state keeps at each layer, and how a step
computes the next state's values from its parent's.

A state at layer L (before question L is answered) keeps, for every condition still to
be read, the parts of it that are already complete: parts whose questions all come
before L. Taking a step (answering question L) completes new parts, which are
computed from the parent's parts and the answer class taken; everything else is
copied. A condition that is complete and folds into a fact (a tracker with a slot)
is computed on the step that completes it and leaves the state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..flow.conditions import evaluator, tree
from ..flow.loaded import LoadedFlow
from ..flow.rules import Kind, Rule
from .nodes import ByNode, resolve

NEVER = 1 << 30
"""The layer at which a condition that reads the outcome (triage, ...) would be complete: never."""

Delta = Callable[[evaluator.Tri], Any]
"""What a complete condition adds to its fact: None when it adds nothing."""


@dataclass(frozen=True)
class Tracker:
    """How one condition takes part in a walk."""

    condition: Rule
    rule: int
    """Its index in `flow.rules` (what `Walk.observed` is keyed by)."""
    visibility: bool
    """Read the way show_if and valid_if are (an unanswered question is absent), else as the outcome reads it."""
    needed: int
    """Control conditions: the last layer that reads the value. Outcome conditions: NEVER."""
    slot: int | None = None
    """The fact this condition folds into once complete; None keeps its value in the key instead."""
    delta: Delta | None = None


class Item(NamedTuple):
    """A value a state can keep: a condition part, read as show_if reads it (`shown`) or as the outcome does."""

    node: tree.Node
    shown: bool


@dataclass(frozen=True)
class Computed:
    """How a step computes one value: a node it completes, from some of the parent's values."""

    node: tree.Node
    shown: bool
    parts: tuple[int, ...]
    """Positions, in the parent's values, of the parts the node is made of."""
    cache: dict[tuple[Any, ...], evaluator.Tri] = field(default_factory=dict, compare=False)
    """Values already computed, by answer class and the parts' values."""


Step = int | Computed
"""One value of the child's state: a position in the parent's values to copy, or a value to compute."""


class Plan:
    """The layers of one walk, planned from its trackers."""

    def __init__(self, flow: LoadedFlow, trackers: list[Tracker]) -> None:
        self.flow = flow
        self.trackers = trackers
        n = len(flow.questions)
        self._closes: ByNode[int] = ByNode()
        self.items: list[Item] = []
        self._item_index: dict[bool, ByNode[int]] = {True: ByNode(), False: ByNode()}
        self.kept = [self._kept(layer) for layer in range(n + 1)]
        """Which items a state at each layer keeps, in the order of its values."""
        self.position = [{item: pos for pos, item in enumerate(kept)} for kept in self.kept]
        """Where each kept item sits in a state's values, at each layer."""
        self.control = [
            tuple(self.position[layer][i] for i in kept if self.items[i].shown) for layer, kept in enumerate(self.kept)
        ]
        """Positions of the values show_if and valid_if read: all a collapsed state keeps."""
        self.recipe = [self._recipe(layer) for layer in range(n)]
        """For each layer, how the step to the next layer makes each of the child's values."""
        self.folds = [self._folds(layer) for layer in range(n)]
        """Trackers with a fact whose condition the step from each layer completes, and how to compute it."""
        self.root_folds = [t for t in trackers if t.slot is not None and self.closes(t.condition.node) == 0]
        """Trackers with a fact whose condition reads no question: complete before the first step."""
        self.show = self._show()
        """Question order -> (position of its show_if value, index of the rule in `flow.rules`)."""
        self.valid = [
            [self._computed(rule.node, True, layer) for rule, _ in flow.valid_if[q.id]]
            for layer, q in enumerate(flow.questions)
        ]
        """For each question, how to compute its valid_if rules for an answer."""
        self.reads = [self._reads(layer) for layer in range(n)]
        """Positions of the parent's values that the step from each layer reads: the parts of what it completes."""

    def closes(self, node: tree.Node) -> int:
        """The first layer at which every question the node reads has been decided."""
        known = self._closes.get(node)
        if known is not None:
            return known
        if isinstance(node, (tree.And, tree.Or)):
            result = max((self.closes(item) for item in node.items), default=0)
        elif isinstance(node, tree.Not):
            result = self.closes(node.item)
        elif isinstance(node, tree.Ref):
            result = 0 if node.target is None else self.closes(node.target)
        else:
            order = self.flow.order.get(node.question)
            result = NEVER if order is None else order + 1
        self._closes[node] = result
        return result

    def _closed_parts(self, node: tree.Node, layer: int) -> list[tree.Node]:
        """The largest parts of a node that are complete at `layer`."""
        node = resolve(node)
        if self.closes(node) <= layer:
            return [node]
        if isinstance(node, (tree.And, tree.Or)):
            return [part for item in node.items for part in self._closed_parts(item, layer)]
        if isinstance(node, tree.Not):
            return self._closed_parts(node.item, layer)
        return []

    def _kept(self, layer: int) -> list[int]:
        """The items a state at `layer` keeps: the complete parts of every condition still to be read."""
        here: list[int] = []
        for tracker in self.trackers:
            if tracker.needed < layer or (tracker.slot is not None and self.closes(tracker.condition.node) <= layer):
                continue
            index = self._item_index[tracker.visibility]
            for node in self._closed_parts(tracker.condition.node, layer):
                if node not in index:
                    index[node] = len(self.items)
                    self.items.append(Item(node, tracker.visibility))
                if index[node] not in here:
                    here.append(index[node])
        return here

    def _computed(self, node: tree.Node, shown: bool, layer: int) -> Computed:
        """How the step from `layer` computes `node`, from the parts the parent keeps."""
        here, index = self.position[layer], self._item_index[shown]
        return Computed(node, shown, tuple(here[index[part]] for part in self._closed_parts(node, layer)))

    def _recipe(self, layer: int) -> list[Step]:
        here = self.position[layer]
        return [
            here[item] if item in here else self._computed(self.items[item].node, self.items[item].shown, layer)
            for item in self.kept[layer + 1]
        ]

    def _folds(self, layer: int) -> list[tuple[Tracker, Computed]]:
        return [
            (t, self._computed(t.condition.node, False, layer))
            for t in self.trackers
            if t.slot is not None and self.closes(t.condition.node) == layer + 1
        ]

    def _show(self) -> dict[int, tuple[int, int]]:
        show: dict[int, tuple[int, int]] = {}
        for tracker in self.trackers:
            if tracker.condition.kind is Kind.SHOW_IF:
                order = self.flow.order[tracker.condition.owner]
                item = self._item_index[True][resolve(tracker.condition.node)]
                show[order] = (self.position[order][item], tracker.rule)
        return show

    def _reads(self, layer: int) -> tuple[int, ...]:
        used = {i for step in self.recipe[layer] if isinstance(step, Computed) for i in step.parts}
        used |= {i for _, how in self.folds[layer] for i in how.parts}
        used |= {i for rule in self.valid[layer] for i in rule.parts}
        if layer in self.show:
            used.add(self.show[layer][0])
        return tuple(sorted(used))


def control_trackers(flow: LoadedFlow) -> list[Tracker]:
    """show_if and valid_if: they decide which questions are asked and which answers are allowed."""
    return [
        Tracker(rule, index, True, flow.order[rule.owner])
        for index, rule in enumerate(flow.rules)
        if rule.kind in (Kind.SHOW_IF, Kind.VALID_IF)
    ]
