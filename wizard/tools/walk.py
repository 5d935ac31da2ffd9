"""The walk behind `wizard explore`: every path through a flow, with paths that cannot differ merged.

Questions are taken in flow order; at a visible question the walk branches on its
answer classes. Two partial paths are merged when everything the rest of the flow
can still read agrees: the parts of later conditions that are already decided, and
a few facts folded from the conditions that are complete (the most urgent red flag
that fires, each cause's score up to its threshold, the regions, whether loading is
withheld, whether each exercise is contraindicated, ...). Merged paths have the same
future and the same outcome, so the outcome of each merged group is computed once by
the real engine on a real answers set (the group's witness) and counted for all.

The pieces: `walk_plan.py` plans, before any path is taken, which condition values a
state keeps at each layer and how a step computes them; `walk_facts.py` says what a
walk tracks of the outcome and folds complete conditions into facts; `walk_graph.py`
holds the state graph this walker builds; `budget.py` the limits all walks share. Nothing
here recurses once per question.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine.answers import Answer
from ..flow.conditions import evaluator
from ..flow.loaded import LoadedFlow
from ..flow.rules import Kind
from .answer_classes import AnswerClass, coarsen_all
from .budget import Budget, Stopped
from .walk_facts import Fact
from .walk_graph import Edge, State, Trail, Walk, unwind
from .walk_plan import Computed, Plan, Tracker


@dataclass(slots=True)
class _Frame:
    """A state whose children are being visited: the walk's own stack instead of Python's."""

    index: int
    values: tuple[evaluator.Tri, ...]
    row: list[_Effect]
    outer: int
    """How many paths the state's prefix stands for."""
    next: int = 0
    """The next effect of the row to visit."""


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
        classes: list[list[AnswerClass]],
        *,
        collapse: Collapse | None = None,
        flags: bool = False,
    ) -> None:
        self.flow = flow
        self.n = len(flow.questions)
        self.qids = tuple(q.id for q in flow.questions)
        self.facts = facts
        self.budget = budget
        self.collapse = collapse
        self.flags = flags
        """Whether to note on each step which red flags it makes fire (for their coverage)."""
        self.classes = coarsen_all(flow, [tracker.condition for tracker in trackers], classes)
        self.plan = Plan(flow, trackers)
        self._start()

    def _start(self) -> None:
        """The walk's own state: no state reached yet."""
        self.rows: list[dict[tuple[Any, ...], list[_Effect]]] = [{} for _ in range(self.n)]
        """What each answer class does on a step, by the values the step reads (see `_row`)."""
        self.states: list[State] = []
        self.memo: list[dict[tuple[Any, ...], int]] = [{} for _ in range(self.n + 1)]
        """The states of each layer, by what tells them apart."""
        self.finals: list[int] = []
        self.dead_ends: list[int] = []
        self.done = 0
        self._times = 1
        """How many paths the current prefix stands for."""
        self.pending: list[int] = []
        self.observed: dict[int, set[evaluator.Tri]] = {}

    # --- lookups over a witness ----------------------------------------------------------

    def lookup(self, answers: dict[str, Answer], visible: tuple[bool, ...], *, shown: bool) -> evaluator.Lookup:
        """How a condition sees a witness: as show_if does (`shown`), or as the outcome does."""
        order = self.flow.order

        def lookup(qid: str) -> tuple[evaluator.State, Any]:
            if qid in answers:
                return evaluator.State.KNOWN, answers[qid]
            index = order[qid]
            if not shown and index < len(visible) and visible[index]:
                return evaluator.State.UNKNOWN, None
            return evaluator.State.ABSENT, None

        return lookup

    # --- the walk ------------------------------------------------------------------------

    def run(self) -> Walk:
        lookups = {flag: self.lookup({}, (), shown=flag) for flag in (True, False)}
        items = self.plan.items
        values = tuple(evaluator.evaluate(items[i].node, lookups[items[i].shown]) for i in self.plan.kept[0])
        facts = [fact.start for fact in self.facts]
        for tracker in self.plan.root_folds:
            assert tracker.slot is not None and tracker.delta is not None
            value = evaluator.evaluate(tracker.condition.node, lookups[False])
            self.observed.setdefault(tracker.rule, set()).add(value)
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
    def _value(step: Computed, branch: int, values: tuple[evaluator.Tri, ...], lookups: _Lazy) -> evaluator.Tri:
        """A node's value after a step: it depends only on its parts and the class taken, so it is cached."""
        key = (branch, *(values[i] for i in step.parts))
        found = step.cache.get(key, _MISSING)
        if found is _MISSING:
            found = step.cache[key] = evaluator.evaluate(step.node, lookups.get(step.shown))
        return found  # type: ignore[no-any-return]

    def _row(self, layer: int, trail: Trail, values: tuple[evaluator.Tri, ...]) -> list[_Effect]:
        """What each answer class does on the step from `layer`, with classes that do the same merged.

        It depends only on the parent's values at `plan.reads[layer]`, so it is computed once per
        combination of those values, from the first state that has it.
        """
        plan = self.plan
        key = tuple(values[i] for i in plan.reads[layer])
        row = self.rows[layer].get(key)
        if row is not None:
            return row
        shown = True
        if layer in plan.show:
            position, condition = plan.show[layer]
            shown = Kind.SHOW_IF.acts(values[position])
            self.observed.setdefault(condition, set()).add(values[position])
        valid = plan.valid[layer]
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
                and not all(Kind.VALID_IF.acts(self._value(rule, branch, values, lookups)) for rule in valid)
            ):
                continue
            new = tuple(
                self._value(step, branch, values, lookups) for step in plan.recipe[layer] if isinstance(step, Computed)
            )
            deltas: dict[int, Any] = {}
            fired: list[str] = []
            for tracker, how in plan.folds[layer]:
                assert tracker.slot is not None and tracker.delta is not None
                value = self._value(how, branch, values, lookups)
                self.observed.setdefault(tracker.rule, set()).add(value)
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

    def _open(
        self, layer: int, trail: Trail, values: tuple[evaluator.Tri, ...], facts: tuple[Any, ...]
    ) -> int | _Frame:
        """Reach a state: an index when it is known already or ends here, else a frame to visit its children."""
        if self.collapse is not None and self.collapse(facts):
            key: tuple[Any, ...] = (tuple(values[i] for i in self.plan.control[layer]), None)
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

    def visit(self, values: tuple[evaluator.Tri, ...], facts: tuple[Any, ...]) -> None:
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
                state.edges.append(Edge(effect.classes, effect.times, child, effect.fired))
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
            recipe = self.plan.recipe[state.layer]
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
        self.made: dict[bool, evaluator.Lookup] = {}

    def get(self, shown: bool) -> evaluator.Lookup:
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
    new: tuple[evaluator.Tri, ...]
    folded: tuple[tuple[int, Any], ...]
    """(fact slot, delta) for the facts this step changes."""
    fired: tuple[str, ...]
    classes: list[tuple[AnswerClass, int]] = field(default_factory=list)
