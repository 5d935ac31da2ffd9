"""`wizard graph`: the question graph with each question's condition on its incoming edges.

An edge runs from each question a `show_if` reads to the question it gates; a
question without `show_if` follows its predecessor in the flow unconditionally.
"""

from __future__ import annotations

import json

from ..flow import conditions as cond
from ..flow.loader import LoadedFlow
from ..textsafe import safe


def _label(source: object) -> str:
    return source if isinstance(source, str) else json.dumps(source)


def edges(flow: LoadedFlow) -> list[tuple[str, str, str]]:
    """(from, to, condition) for every edge; condition is "" for the plain order of the flow."""
    result = []
    for index, question in enumerate(flow.questions):
        rule = flow.show_if[question.id]
        if rule is None:
            if index:
                result.append((flow.questions[index - 1].id, question.id, ""))
            continue
        for source in sorted(cond.questions_read(rule.node), key=flow.order.__getitem__):
            result.append((source, question.id, _label(question.show_if)))
    return result


def to_mermaid(flow: LoadedFlow) -> str:
    lines = ["flowchart TD"]
    lines += [f'    {q.id}["{q.id}"]' for q in flow.questions]
    for source, target, condition in edges(flow):
        text = condition.replace('"', "'")
        lines.append(f'    {source} -->|"{text}"| {target}' if condition else f"    {source} --> {target}")
    return safe("\n".join(lines) + "\n")


def to_dot(flow: LoadedFlow) -> str:
    lines = [f'digraph "{flow.id}" {{', "    rankdir=TB;", "    node [shape=box];"]
    lines += [f'    "{q.id}";' for q in flow.questions]
    for source, target, condition in edges(flow):
        attributes = f' [label="{condition.replace(chr(34), chr(39))}", style=dashed]' if condition else ""
        lines.append(f'    "{source}" -> "{target}"{attributes};')
    return safe("\n".join(lines) + "\n}\n")
