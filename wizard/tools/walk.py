"""The walk behind `wizard explore`: every path through a flow, with paths that cannot differ merged.

Questions are taken in flow order; at a visible question the walk branches on its
answer classes. Two partial paths are merged when everything the rest of the flow
can still read agrees: the parts of later conditions that are already decided, and
a few facts folded from the conditions that are complete (the most urgent red flag
that fires, each cause's score up to its threshold, the regions, whether loading is
withheld, whether each exercise is contraindicated, ...). Merged paths have the same
future and the same outcome, so the outcome of each merged group is computed once by
the real engine on a real answers set (the group's witness) and counted for all.

Nothing here recurses once per question, and a state does not copy its path: it
keeps one link to the path it was reached by (`Trail`), so memory grows with the
states, not with states times questions.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine.answers import Answer
from ..flow import conditions as cond
from ..flow.loader import LoadedFlow
from ..flow.rules import Kind, Rule
from .answer_classes import AnswerClass, Leaf, coarsen, leaves

NEVER = 1 << 30
"""The layer at which a condition that reads the outcome (triage, ...) would be complete: never."""

Delta = Callable[[cond.Tri], Any]
"""What a complete condition adds to its fact: None when it adds nothing."""


@dataclass(frozen=True)
class Fact:
    """A summary a walk keeps instead of the complete conditions folded into it."""

    start: Any
    kind: str
    """min (the most urgent level), add (a score, up to `cap`), or (a flag) or set (a condition's value)."""
    cap: int = 0

    def combine(self, a: Any, b: Any) -> Any:
        """Two deltas of one step as one."""
        if self.kind == "min":
            return min(a, b)
        if self.kind == "add":
            return a + b
        return bool(a or b) if self.kind == "or" else b

    def apply(self, current: Any, delta: Any) -> Any:
        if self.kind == "min":
            return min(current, delta)
        if self.kind == "add":
            return min(self.cap, current + delta)
        return bool(current or delta) if self.kind == "or" else delta


class Stopped(Exception):
    """The state or time budget ran out."""


@dataclass(frozen=True)
class Tracker:
    """How one condition takes part in a walk."""

    condition: Rule
    visibility: bool
    """Read the way show_if and valid_if are (an unanswered question is absent), else as the outcome reads it."""
    needed: int
    """Control conditions: the last layer that reads the value. Outcome conditions: NEVER."""
    slot: int | None = None
    """The fact this condition folds into once complete; None keeps its value in the key instead."""
    delta: Delta | None = None


Trail = tuple[Any, bool, Answer | None] | None
"""A path as a linked list, newest step first: (the trail before, whether the question was shown, the answer
given or None). Children share their parent's trail, so a path costs one small tuple per state."""


def unwind(trail: Trail, qids: tuple[str, ...]) -> tuple[dict[str, Answer], tuple[bool, ...]]:
    """The answers (in flow order) and visibility of each question along a trail, without recursion."""
    steps: list[tuple[bool, Answer | None]] = []
    while trail is not None:
        trail, shown, answer = trail
        steps.append((shown, answer))
    steps.reverse()
    answers = {qids[i]: answer for i, (_, answer) in enumerate(steps) if answer is not None}
    return answers, tuple(shown for shown, _ in steps)


@dataclass(slots=True)
class State:
    """One merged group of partial paths, with the first path that reached it."""

    layer: int
    trail: Trail
    qids: tuple[str, ...]
    """The flow's question ids, shared by every state, to name the answers of the trail."""
    facts: tuple[Any, ...]
    edges: list[tuple[list[tuple[AnswerClass, int]], int, int, tuple[str, ...]]] = field(default_factory=list)
    """(the answer classes taken with how many classes each stands for, how many in all, child, red flags
    that fire on this step); no classes: the question is hidden."""
    paths: int = 0
    """Complete paths from here to an end (a dead end counts as one)."""

    @property
    def answers(self) -> dict[str, Answer]:
        """The answers along the first path that reached this state (built on demand)."""
        return unwind(self.trail, self.qids)[0]

    @property
    def visible(self) -> tuple[bool, ...]:
        """Whether each question before this state was shown on that path."""
        return unwind(self.trail, self.qids)[1]


@dataclass(slots=True)
class _Frame:
    """A state whose children are being visited: the walk's own stack instead of Python's."""

    index: int
    values: tuple[cond.Tri, ...]
    row: list[_Effect]
    outer: int
    """How many paths the state's prefix stands for."""
    next: int = 0
    """The next effect of the row to visit."""


@dataclass
class Walk:
    """A finished (or stopped) walk: the state graph in layers."""

    states: list[State]
    finals: list[int]
    dead_ends: list[int]
    done: int
    """Complete paths explored."""
    pending: int
    """A lower bound on the paths left unexplored when the walk stopped."""
    complete: bool
    observed: dict[int, set[cond.Tri]]
    """Values each condition (by index in `flow.rules`) took where it was decided."""

    def forward(self) -> list[int]:
        """How many paths reach each state from the start."""
        counts = [0] * len(self.states)
        if self.states:
            counts[0] = 1
        for index in sorted(range(len(self.states)), key=lambda i: self.states[i].layer):
            for _, times, child, _ in self.states[index].edges:
                counts[child] += counts[index] * times
        return counts


class Budget:
    """Shared limits for every walk of one exploration."""

    def __init__(self, max_states: int, timeout: float) -> None:
        self.max_states = max_states
        self.deadline = time.monotonic() + timeout
        self.states = 0

    def spend(self) -> None:
        """Count one new state; stop when the states or the time run out."""
        self.states += 1
        if self.states > self.max_states or (self.states % 256 == 0 and time.monotonic() > self.deadline):
            raise Stopped

    def check(self) -> None:
        """Stop when the time has run out."""
        if time.monotonic() > self.deadline:
            raise Stopped


@dataclass(frozen=True)
class _New:
    """How one value is computed on a step: a node completed by the step, from the parent's values."""

    node: cond.Node
    shown: bool
    parts: tuple[int, ...]
    """Positions, in the parent's values, of the parts the node is made of."""
    cache: dict[tuple[Any, ...], cond.Tri] = field(default_factory=dict, compare=False)
    """Values already computed, by answer class and the parts' values."""


_MISSING: Any = object()

Collapse = Callable[[tuple[Any, ...]], bool]
"""Facts after which nothing a walk reports can change any more (only the questions asked still matter)."""


class Walker:
    """Walks one flow with a chosen set of trackers."""

    def __init__(
        self,
        flow: LoadedFlow,
        trackers: list[Tracker],
        facts: list[Fact],
        budget: Budget,
        all_conditions: list[Rule],
        classes: list[list[AnswerClass]],
        *,
        collapse: Collapse | None = None,
        flags: bool = False,
    ) -> None:
        self.flow = flow
        self.n = len(flow.questions)
        self.qids = tuple(q.id for q in flow.questions)
        self.trackers = trackers
        self.facts = facts
        self.flags = flags
        """Whether to note on each step which red flags it makes fire (for their coverage)."""
        self.budget = budget
        self.collapse = collapse
        self.index_of = {id(c): i for i, c in enumerate(all_conditions)}
        tracked: dict[str, dict[int, Leaf]] = {q.id: {} for q in flow.questions}
        for tracker in trackers:
            for leaf in leaves(tracker.condition.node):
                if leaf.question in tracked:
                    tracked[leaf.question][id(leaf)] = leaf
        self.classes = [
            coarsen(fine, list(tracked[q.id].values())) for q, fine in zip(flow.questions, classes, strict=True)
        ]
        self._closes: dict[int, int] = {}
        self.items: list[tuple[cond.Node, bool]] = []
        self.item_index: dict[tuple[int, bool], int] = {}
        self.plan = [self._plan(layer) for layer in range(self.n + 1)]
        position = [{item: pos for pos, item in enumerate(plan)} for plan in self.plan]
        self.control = [
            tuple(position[layer][i] for i in plan if self.items[i][1]) for layer, plan in enumerate(self.plan)
        ]
        """Positions of the values show_if and valid_if read: all a collapsed state keeps."""
        self.recipe: list[list[int | _New]] = []
        self.folds: list[list[tuple[Tracker, _New]]] = []
        for layer in range(self.n):
            here = position[layer]
            steps: list[int | _New] = []
            for item in self.plan[layer + 1]:
                node, shown = self.items[item]
                steps.append(here[item] if item in here else self._new(node, shown, layer, here))
            self.recipe.append(steps)
            self.folds.append(
                [
                    (t, self._new(t.condition.node, False, layer, here))
                    for t in trackers
                    if t.slot is not None and self.closes(t.condition.node) == layer + 1
                ]
            )
        self.root_folds = [t for t in trackers if t.slot is not None and self.closes(t.condition.node) == 0]
        self.show: dict[int, tuple[int, int]] = {}
        """Question order -> (position of its show_if value, index of the condition)."""
        for tracker in trackers:
            if tracker.condition.kind is Kind.SHOW_IF:
                order = self.flow.order[tracker.condition.owner]
                item = self.item_index[(id(_resolve(tracker.condition.node)), True)]
                self.show[order] = (position[order][item], self.index_of[id(tracker.condition)])
        self.valid = [
            [self._new(rule.node, True, layer, position[layer]) for rule, _ in flow.valid_if[q.id]]
            for layer, q in enumerate(flow.questions)
        ]
        self.reads: list[tuple[int, ...]] = []
        """Positions of the parent's values that a step reads: the parts of what it completes."""
        for layer in range(self.n):
            used = {i for step in self.recipe[layer] if isinstance(step, _New) for i in step.parts}
            used |= {i for _, how in self.folds[layer] for i in how.parts}
            used |= {i for rule in self.valid[layer] for i in rule.parts}
            if layer in self.show:
                used.add(self.show[layer][0])
            self.reads.append(tuple(sorted(used)))
        self.rows: list[dict[tuple[Any, ...], list[_Effect]]] = [{} for _ in flow.questions]
        self.states: list[State] = []
        self.memo: list[dict[tuple[Any, ...], int]] = [{} for _ in range(self.n + 1)]
        self.finals: list[int] = []
        self.dead_ends: list[int] = []
        self.done = 0
        self._times = 1
        """How many paths the current prefix stands for."""
        self.pending: list[int] = []
        self.observed: dict[int, set[cond.Tri]] = {}

    def _plan(self, layer: int) -> list[int]:
        """The values a state at `layer` keeps: the complete parts of every condition still to be read."""
        here: list[int] = []
        for tracker in self.trackers:
            if tracker.needed < layer or (tracker.slot is not None and self.closes(tracker.condition.node) <= layer):
                continue
            for node in self._closed_parts(tracker.condition.node, layer):
                key = (id(node), tracker.visibility)
                if key not in self.item_index:
                    self.item_index[key] = len(self.items)
                    self.items.append((node, tracker.visibility))
                if self.item_index[key] not in here:
                    here.append(self.item_index[key])
        return here

    def _new(self, node: cond.Node, shown: bool, layer: int, here: dict[int, int]) -> _New:
        parts = tuple(here[self.item_index[(id(part), shown)]] for part in self._closed_parts(node, layer))
        return _New(node, shown, parts)

    def closes(self, node: cond.Node) -> int:
        """The first layer at which every question the node reads has been decided."""
        known = self._closes.get(id(node))
        if known is not None:
            return known
        if isinstance(node, (cond.And, cond.Or)):
            result = max((self.closes(item) for item in node.items), default=0)
        elif isinstance(node, cond.Not):
            result = self.closes(node.item)
        elif isinstance(node, cond.Ref):
            result = 0 if node.target is None else self.closes(node.target)
        else:
            order = self.flow.order.get(node.question)
            result = NEVER if order is None else order + 1
        self._closes[id(node)] = result
        return result

    def _closed_parts(self, node: cond.Node, layer: int) -> list[cond.Node]:
        node = _resolve(node)
        if self.closes(node) <= layer:
            return [node]
        if isinstance(node, (cond.And, cond.Or)):
            return [part for item in node.items for part in self._closed_parts(item, layer)]
        if isinstance(node, cond.Not):
            return self._closed_parts(node.item, layer)
        return []

    # --- lookups over a witness ----------------------------------------------------------

    def lookup(self, answers: dict[str, Answer], visible: tuple[bool, ...], *, shown: bool) -> cond.Lookup:
        """How a condition sees a witness: as show_if does (`shown`), or as the outcome does."""
        order = self.flow.order

        def lookup(qid: str) -> tuple[cond.State, Any]:
            if qid in answers:
                return cond.State.KNOWN, answers[qid]
            index = order[qid]
            if not shown and index < len(visible) and visible[index]:
                return cond.State.UNKNOWN, None
            return cond.State.ABSENT, None

        return lookup

    # --- the walk ------------------------------------------------------------------------

    def run(self) -> Walk:
        lookups = {flag: self.lookup({}, (), shown=flag) for flag in (True, False)}
        values = tuple(cond.evaluate(self.items[i][0], lookups[self.items[i][1]]) for i in self.plan[0])
        facts = [fact.start for fact in self.facts]
        for tracker in self.root_folds:
            assert tracker.slot is not None and tracker.delta is not None
            value = cond.evaluate(tracker.condition.node, lookups[False])
            self.observed.setdefault(self.index_of[id(tracker.condition)], set()).add(value)
            delta = tracker.delta(value)
            if delta is not None:
                facts[tracker.slot] = self.facts[tracker.slot].apply(facts[tracker.slot], delta)
        try:
            self.visit(values, tuple(facts))
        except Stopped:  # the state being opened holds at least one path of each class on its prefix
            return Walk(
                self.states,
                self.finals,
                self.dead_ends,
                self.done,
                sum(self.pending) + self._times,
                False,
                self.observed,
            )
        return Walk(self.states, self.finals, self.dead_ends, self.done, 0, True, self.observed)

    @staticmethod
    def _value(step: _New, branch: int, values: tuple[cond.Tri, ...], lookups: _Lazy) -> cond.Tri:
        """A node's value after a step: it depends only on its parts and the class taken, so it is cached."""
        key = (branch, *(values[i] for i in step.parts))
        found = step.cache.get(key, _MISSING)
        if found is _MISSING:
            found = step.cache[key] = cond.evaluate(step.node, lookups.get(step.shown))
        return found  # type: ignore[no-any-return]

    def _row(self, layer: int, trail: Trail, values: tuple[cond.Tri, ...]) -> list[_Effect]:
        """What each answer class does on the step from `layer`, with classes that do the same merged.

        It depends only on the parent's values at `self.reads[layer]`, so it is computed once per
        combination of those values, from the first state that has it.
        """
        key = tuple(values[i] for i in self.reads[layer])
        row = self.rows[layer].get(key)
        if row is not None:
            return row
        shown = True
        if layer in self.show:
            position, condition = self.show[layer]
            shown = values[position] is not False
            self.observed.setdefault(condition, set()).add(values[position])
        classes: list[tuple[AnswerClass | None, int]] = [(None, 1)]
        if shown:
            classes = list(self.classes[layer])
        effects: dict[tuple[Any, ...], _Effect] = {}
        for number, (answer_class, times) in enumerate(classes):
            branch = number if shown else -1
            lookups = _Lazy(self, (trail, shown, None if answer_class is None else answer_class.answer))
            if (
                answer_class is not None
                and answer_class.answer is not None
                and any(self._value(rule, branch, values, lookups) is False for rule in self.valid[layer])
            ):
                continue
            new = tuple(
                self._value(step, branch, values, lookups) for step in self.recipe[layer] if isinstance(step, _New)
            )
            deltas: dict[int, Any] = {}
            fired: list[str] = []
            for tracker, how in self.folds[layer]:
                assert tracker.slot is not None and tracker.delta is not None
                value = self._value(how, branch, values, lookups)
                self.observed.setdefault(self.index_of[id(tracker.condition)], set()).add(value)
                if self.flags and tracker.condition.kind is Kind.RED_FLAG and Kind.RED_FLAG.acts(value):
                    fired.append(tracker.condition.owner)
                delta = tracker.delta(value)
                if delta is not None:
                    slot = tracker.slot
                    deltas[slot] = self.facts[slot].combine(deltas[slot], delta) if slot in deltas else delta
            folded = tuple(sorted(deltas.items()))
            effect_key = (new, folded, tuple(fired))
            effect = effects.get(effect_key)
            if effect is None:
                effects[effect_key] = _Effect(answer_class, shown, times, new, folded, tuple(fired))
            else:
                effect.times += times
            if answer_class is not None:
                effects[effect_key].classes.append((answer_class, times))
        row = list(effects.values())
        self.rows[layer][key] = row
        return row

    def _open(self, layer: int, trail: Trail, values: tuple[cond.Tri, ...], facts: tuple[Any, ...]) -> int | _Frame:
        """Reach a state: an index when it is known already or ends here, else a frame to visit its children."""
        if self.collapse is not None and self.collapse(facts):
            key: tuple[Any, ...] = (tuple(values[i] for i in self.control[layer]), None)
        else:
            key = (values, facts)
        found = self.memo[layer].get(key)
        if found is not None:
            self.done += self.states[found].paths * self._times
            return found
        self.budget.spend()
        index = len(self.states)
        self.states.append(State(layer, trail, self.qids, facts))
        self.memo[layer][key] = index
        state = self.states[index]
        if layer == self.n:
            self.finals.append(index)
            state.paths = 1
            self.done += self._times
            return index
        row = self._row(layer, trail, values)
        if not row:
            state.paths = 1
            self.dead_ends.append(index)
            self.done += self._times
            return index
        self.pending.append(self._times * sum(effect.times for effect in row))
        return _Frame(index, values, row, self._times)

    def visit(self, values: tuple[cond.Tri, ...], facts: tuple[Any, ...]) -> None:
        """Depth first from the start, with an explicit stack: a flow of any length never nears the recursion limit."""
        opened = self._open(0, None, values, facts)
        stack = [opened] if isinstance(opened, _Frame) else []
        child: int | None = None
        while stack:
            frame = stack[-1]
            state = self.states[frame.index]
            if child is not None:  # the child of the effect before `frame.next` is finished
                effect = frame.row[frame.next - 1]
                self._times = frame.outer
                state.edges.append((effect.classes, effect.times, child, effect.fired))
                state.paths += effect.times * self.states[child].paths
                child = None
            if frame.next == len(frame.row):
                self.pending.pop()
                stack.pop()
                child = frame.index
                continue
            effect = frame.row[frame.next]
            frame.next += 1
            made = iter(effect.new)
            recipe = self.recipe[state.layer]
            child_values = tuple(frame.values[step] if isinstance(step, int) else next(made) for step in recipe)
            child_facts = state.facts
            if effect.folded:
                folded = list(child_facts)
                for slot, delta in effect.folded:
                    folded[slot] = self.facts[slot].apply(folded[slot], delta)
                child_facts = tuple(folded)
            self.pending[-1] -= frame.outer * effect.times
            self._times = frame.outer * effect.times
            # The child's trail extends this state's own path, so the child's witness is a real path.
            answer = None if effect.answer_class is None else effect.answer_class.answer
            opened = self._open(state.layer + 1, (state.trail, effect.shown, answer), child_values, child_facts)
            if isinstance(opened, _Frame):
                stack.append(opened)
            else:
                child = opened


class _Lazy:
    """The two lookups over one witness, made (and its trail unwound) only when a value is not cached."""

    def __init__(self, walker: Walker, trail: Trail) -> None:
        self.walker, self.trail = walker, trail
        self.made: dict[bool, cond.Lookup] = {}

    def get(self, shown: bool) -> cond.Lookup:
        if shown not in self.made:
            answers, visible = unwind(self.trail, self.walker.qids)
            self.made[shown] = self.walker.lookup(answers, visible, shown=shown)
        return self.made[shown]


@dataclass
class _Effect:
    """Answer classes that do the same on one step, and what they do."""

    answer_class: AnswerClass | None
    """The first class: the witness answers with it."""
    shown: bool
    times: int
    new: tuple[cond.Tri, ...]
    folded: tuple[tuple[int, Any], ...]
    """(fact slot, delta) for the facts this step changes."""
    fired: tuple[str, ...]
    classes: list[tuple[AnswerClass, int]] = field(default_factory=list)


def _resolve(node: cond.Node) -> cond.Node:
    while isinstance(node, cond.Ref) and node.target is not None:
        node = node.target
    return node


def control_trackers(flow: LoadedFlow, found: list[Rule]) -> list[Tracker]:
    """show_if and valid_if: they decide which questions are asked and which answers are allowed."""
    return [Tracker(c, True, flow.order[c.owner]) for c in found if c.kind in (Kind.SHOW_IF, Kind.VALID_IF)]
