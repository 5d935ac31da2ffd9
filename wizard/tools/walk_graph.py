"""The state graph a walk builds: merged states in layers, the steps between them, and the paths they count.

A state does not copy its path: it keeps one link to the path it was reached by
(`Trail`), and children share their parent's trail, so memory grows with the states,
not with states times questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..engine.answers import Answer
from ..flow import conditions as cond
from .answer_classes import AnswerClass

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


class Edge(NamedTuple):
    """A step from one state to a child."""

    classes: list[tuple[AnswerClass, int]]
    """The answer classes taken, with how many classes each stands for; empty when the question is hidden."""
    times: int
    """How many answer classes the step stands for in all."""
    child: int
    fired: tuple[str, ...]
    """The red flags that fire on this step (noted only when the walk counts them)."""


@dataclass(slots=True)
class State:
    """One merged group of partial paths, with the first path that reached it."""

    layer: int
    trail: Trail
    qids: tuple[str, ...]
    """The flow's question ids, shared by every state, to name the answers of the trail."""
    facts: tuple[Any, ...]
    edges: list[Edge] = field(default_factory=list)
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
            for edge in self.states[index].edges:
                counts[edge.child] += counts[index] * edge.times
        return counts
