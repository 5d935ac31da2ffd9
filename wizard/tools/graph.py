"""`wizard graph`: the order questions can be asked in, as a Mermaid or Graphviz flowchart.

An edge runs from a question to each question that can come next, and to the results
after the last one asked. An edge into a question with a `show_if` carries that
condition; an edge that goes around questions that are not asked (their `show_if` is
false) is dashed and names them, so every skippable question has its way onward.
The edges are the ones some answers take: explore's walk of the questions asked finds
them, with the engine's reading of each `show_if`. A flow too large for the walk
gets every edge its conditions allow, unproved, and a comment line says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import WizardError
from ..flow.loaded import LoadedFlow
from ..textsafe import safe
from ..ui_text import ui
from .answer_classes import answer_classes, leaves_by_question
from .budget import Budget
from .walk import Walker
from .walk_plan import control_trackers

RESULTS = "_results"
"""The results' node (question ids start with a letter, so it cannot clash with one)."""
SHORT = 48
"""Question texts are cut to about this many characters, at a word."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    """A question id, or `RESULTS`."""
    condition: str
    """The target's `show_if` as written, or "" when it is always asked."""
    skipped: tuple[str, ...] = ()
    """The questions between the two that are not asked on this way."""

    @property
    def label(self) -> str:
        parts = [self.condition] if self.condition else []
        if self.skipped:
            parts.append(f"skips {', '.join(self.skipped)}")
        return "; ".join(parts)


@dataclass(frozen=True)
class Graph:
    edges: list[Edge]
    proved: bool
    """False when the walk ran out of budget: the edges are what the conditions allow, not all taken."""


def _source(show_if: object) -> str:
    return show_if if isinstance(show_if, str) else json.dumps(show_if)


def _steps(flow: LoadedFlow, *, max_states: int, timeout: float) -> set[tuple[int, int]] | None:
    """(question, next question) pairs, by flow order (`len(questions)` for the results), that some answers
    take; None when the walk cannot finish within the budget."""
    n = len(flow.questions)
    try:
        by_question = leaves_by_question(flow)
        classes = [answer_classes(q, by_question[q.id]) for q in flow.questions]
        walk = Walker(flow, control_trackers(flow), [], Budget(max_states, timeout), classes).run()
    except WizardError:  # a question with too many option combinations to walk
        return None
    if not walk.complete:
        return None
    last: list[set[int]] = [set() for _ in walk.states]
    """For each state: the questions that can have been asked last on the way to it (-1: none yet)."""
    if walk.states:
        last[0].add(-1)
    pairs: set[tuple[int, int]] = set()
    for index in sorted(range(len(walk.states)), key=lambda i: walk.states[i].layer):
        state = walk.states[index]
        for edge in state.edges:
            if edge.classes:  # the question at this layer is asked
                pairs.update((before, state.layer) for before in last[index])
                last[edge.child].add(state.layer)
            else:
                last[edge.child] |= last[index]
    for index in walk.finals:
        pairs.update((before, n) for before in last[index])
    return {(a, b) for a, b in pairs if a >= 0}


def _allowed(flow: LoadedFlow) -> set[tuple[int, int]]:
    """Without the walk: each question to every later one with only skippable questions between them."""
    n, pairs = len(flow.questions), set()
    for a in range(n):
        for b in range(a + 1, n + 1):
            pairs.add((a, b))
            if b == n or flow.show_if[flow.questions[b].id] is None:
                break
    return pairs


def question_graph(flow: LoadedFlow, *, max_states: int = 200_000, timeout: float = 10.0) -> Graph:
    """The edges of the flowchart, in flow order."""
    steps = _steps(flow, max_states=max_states, timeout=timeout)
    proved = steps is not None
    questions = flow.questions
    edges = []
    for a, b in sorted(steps if steps is not None else _allowed(flow)):
        target = questions[b] if b < len(questions) else None
        condition = _source(target.show_if) if target is not None and target.show_if is not None else ""
        skipped = tuple(q.id for q in questions[a + 1 : b])
        edges.append(Edge(questions[a].id, target.id if target else RESULTS, condition, skipped))
    return Graph(edges, proved)


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SHORT:
        return text
    cut = text[:SHORT].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _nodes(flow: LoadedFlow, lang: str) -> list[tuple[str, str]]:
    """(node id, label): each question's id and its text, short, then the results."""
    nodes = [(q.id, f"{q.id}: {_short(flow.text(q.text, lang))}") for q in flow.questions]
    return [*nodes, (RESULTS, ui("results_title", lang))]


_UNPROVED = "every edge the conditions allow; the flow has too many paths to prove which are taken"


def to_mermaid(flow: LoadedFlow, lang: str | None = None) -> str:
    lang = lang or flow.default_lang
    graph = question_graph(flow)
    lines = ["flowchart TD"]
    if not graph.proved:
        lines.append(f"    %% {_UNPROVED}")
    lines += [f'    {node}["{label.replace(chr(34), "#quot;")}"]' for node, label in _nodes(flow, lang)]
    for edge in graph.edges:
        arrow = "-.->" if edge.skipped else "-->"
        label = edge.label.replace('"', "#quot;")
        lines.append(
            f'    {edge.source} {arrow}|"{label}"| {edge.target}' if label else f"    {edge.source} --> {edge.target}"
        )
    return safe("\n".join(lines) + "\n")


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(flow: LoadedFlow, lang: str | None = None) -> str:
    lang = lang or flow.default_lang
    graph = question_graph(flow)
    lines = [f'digraph "{flow.id}" {{', "    rankdir=TB;", "    node [shape=box];"]
    if not graph.proved:
        lines.append(f"    // {_UNPROVED}")
    lines += [f'    "{node}" [label="{_dot(label)}"];' for node, label in _nodes(flow, lang)]
    for edge in graph.edges:
        attributes = [f'label="{_dot(edge.label)}"'] if edge.label else []
        if edge.skipped:
            attributes.append("style=dashed")
        elif edge.condition:
            attributes.append("style=bold")
        suffix = f" [{', '.join(attributes)}]" if attributes else ""
        lines.append(f'    "{edge.source}" -> "{edge.target}"{suffix};')
    return safe("\n".join(lines) + "\n}\n")
