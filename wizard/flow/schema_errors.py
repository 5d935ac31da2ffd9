"""Pydantic's validation errors as located, readable problems: one line per place, with a did-you-mean.

Kept apart from the loader because every file format the wizard reads (flows, scenario
expectations, kiosk settings) reports its schema errors the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Problem, did_you_mean
from .located import Located
from .model import Flow


@cache
def _field_names() -> frozenset[str]:
    """Every field name of the flow format, for did-you-mean on an unknown field."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [Flow]
    while stack:
        model = stack.pop()
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack.extend(m for m in _model_types(info.annotation) if m not in seen)
    return frozenset(names)


def _model_types(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation mentions (through unions, lists and Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_model_types(arg))
    return found


def data_path(data: Any, loc: Iterable[str | int]) -> tuple[str | int, ...]:
    """Map a pydantic error location onto the data, dropping discriminator tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and part == node.get("type"):
            continue
        else:
            node = None
        path.append(part)
    return tuple(path)


CITED = ("red_flags", "causes", "exercises", "treatments", "prevention")
"""The parts of a flow whose every item must cite a source (`source/missing`)."""


def _item_id(data: Any, path: Iterable[str | int]) -> str:
    node = data
    for part in path:
        node = node[part]
    return str(node.get("id", "?")) if isinstance(node, dict) else "?"


def pydantic_problems(
    exc: ValidationError, located: Located, prefix: tuple[str, ...] = (), field_names: frozenset[str] | None = None
) -> list[Problem]:
    """Turn pydantic's errors into located, readable problems (one per place).

    `prefix` is where the validated part sits in the file, when it is not the whole file;
    `field_names` are the fields a misspelling is matched against (default: the flow format's).
    """
    problems: list[Problem] = []
    errors = [(data_path(located.data, (*prefix, *e["loc"])), e) for e in exc.errors()]
    unknown = {path[:-1]: str(path[-1]) for path, e in errors if e["type"] == "extra_forbidden" and path}
    seen: set[tuple[str | int, ...]] = set()
    for path, error in errors:
        kind = error["type"]
        name = ".".join(str(p) for p in path) or "the file"
        last = path[-1] if path else ""
        if kind == "missing" and path[:-1] in unknown and did_you_mean(unknown[path[:-1]], [str(last)]):
            continue  # reported once, as the misspelled field with its did-you-mean
        if path in seen:
            continue
        seen.add(path)
        if kind == "union_tag_invalid":
            ctx = error.get("ctx", {})
            problems.append(
                located.problem(
                    (*path, ctx.get("discriminator", "type").strip("'")),
                    f"unknown {ctx.get('discriminator', 'type').strip(chr(39))} "
                    f'"{ctx.get("tag")}"; valid: {ctx.get("expected_tags")}',
                    rule="schema/invalid",
                )
            )
        elif kind == "extra_forbidden":
            hint = did_you_mean(str(last), field_names or _field_names())
            problems.append(
                located.problem(path, f'unknown field "{last}"{hint}', rule="schema/unknown-field", key=True)
            )
        elif kind == "missing" and last == "source" and len(path) == 3 and path[0] in CITED:
            problems.append(
                located.problem(
                    path[:-1],
                    f"{str(path[0]).rstrip('s').replace('_', ' ')} "
                    f'"{_item_id(located.data, path[:-1])}" cites no source; add '
                    '"source:" with the id of an entry in flow.sources',
                    rule="source/missing",
                )
            )
        elif kind == "missing":
            problems.append(located.problem(path[:-1], f'missing required field "{last}"', rule="schema/missing-field"))
        elif kind == "bool_type" and isinstance(error.get("input"), str):
            problems.append(
                located.problem(
                    path,
                    f'{name}: "{error["input"]}" is a word here, not a boolean; write true or false',
                    rule="schema/not-boolean",
                )
            )
        else:
            message = error["msg"].removeprefix("Value error, ")
            if kind == "string_type" and isinstance(error.get("input"), (int, float)):
                message += f' (quote it: "{error["input"]}")'
            if kind == "string_pattern_mismatch" and "a-z" in str(error.get("ctx", {}).get("pattern", "")):
                message = "ids use lower-case letters, digits and _, starting with a letter"
            problems.append(located.problem(path, f"{name}: {message}", rule="schema/invalid"))
    return problems
