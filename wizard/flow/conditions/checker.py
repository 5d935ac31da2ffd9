"""Checking a parsed condition against the flow: names, options, number ranges and order.

The checker also links each `Ref` to its definition and gives each comparison the option ids
that mean "not sure", so evaluation needs nothing but the answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...errors import did_you_mean
from .tree import (
    MAX_NESTING,
    MAX_PARTS,
    And,
    Answered,
    Compare,
    ConditionError,
    Has,
    In,
    Node,
    Not,
    Or,
    Ref,
    Site,
    Value,
    children,
    questions_read,
    too_deep,
)


@dataclass(frozen=True)
class Subject:
    """What a condition may know about one question (or the `triage` pseudo-question)."""

    id: str
    kind: str
    """single, multi, yes_no_unsure, scale, number or triage."""
    order: int
    options: tuple[str, ...] = ()
    unknown: frozenset[str] = frozenset()
    low: float = 0
    high: float = 0


@dataclass
class Scope:
    """The names a condition may use where it is written."""

    subjects: Mapping[str, Subject]
    definitions: Mapping[str, Node]
    before: int | None = None
    """When set, only questions with a smaller order may be named (for `show_if`)."""
    allow_self: int | None = None
    """A question order that may be named although it is not before (for `valid_if`)."""


_NUMERIC = ("scale", "number")


def check(node: Node, scope: Scope) -> list[ConditionError]:
    """Check names, options and types; link definitions. Returns every error found."""
    errors: list[ConditionError] = []
    _check(node, scope, errors)
    depth, parts = measure(node)
    if depth > MAX_NESTING:
        errors.append(
            ConditionError(too_deep() + ", counting the definitions it uses", node.site.loc, node.site.offset)
        )
    elif parts > MAX_PARTS:
        errors.append(
            ConditionError(
                f"the condition has more than {MAX_PARTS:,} parts with its definitions written out; simplify it",
                node.site.loc,
                node.site.offset,
            )
        )
    return errors


def measure(root: Node) -> tuple[int, int]:
    """(depth, parts) of a linked condition, through its definitions, without recursion.

    Each definition is measured once, so a chain of definitions that each use the one before twice
    costs one visit per definition, not a number that doubles at every link. Parts stop counting
    just above MAX_PARTS.
    """
    sizes: dict[int, tuple[int, int]] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in sizes:
            continue
        below = children(node)
        if not ready:
            stack.append((node, True))
            stack.extend((child, False) for child in below if id(child) not in sizes)
            continue
        known = [sizes.get(id(child), (0, 1)) for child in below]
        depth = 1 + max((d for d, _ in known), default=0)
        sizes[id(node)] = (depth, min(MAX_PARTS + 1, 1 + sum(p for _, p in known)))
    return sizes[id(root)]


def _subject(name: str, site: Site, scope: Scope, errors: list[ConditionError]) -> Subject | None:
    subject = scope.subjects.get(name)
    if subject is None:
        hint = did_you_mean(name, list(scope.subjects) + list(scope.definitions))
        errors.append(ConditionError(f'unknown question "{name}"{hint}', site.loc, site.offset, "ref/unknown-question"))
        return None
    if scope.before is not None and subject.order >= scope.before and subject.order != scope.allow_self:
        where = "this same question" if subject.order == scope.before else "a later question"
        errors.append(
            ConditionError(
                f'"{name}" is {where}; a question can only depend on earlier ones',
                site.loc,
                site.offset,
                "ref/later-question",
            )
        )
    return subject


def _check_value(subject: Subject, value: Value, site: Site, errors: list[ConditionError]) -> None:
    if subject.kind in _NUMERIC:
        if not isinstance(value, (int, float)):
            errors.append(
                ConditionError(
                    f'"{subject.id}" is a number; compare it with a number, not "{value}"',
                    site.loc,
                    site.offset,
                    "cond/type",
                )
            )
        elif not subject.low <= value <= subject.high:
            errors.append(
                ConditionError(
                    f'{value} is outside the range of "{subject.id}" ({subject.low:g} to {subject.high:g})',
                    site.loc,
                    site.offset,
                    "cond/out-of-range",
                )
            )
        return
    if str(value) not in subject.options:
        what = "a triage level" if subject.kind == "triage" else "an option"
        valid = ", ".join(dict.fromkeys(subject.options))
        errors.append(
            ConditionError(
                f'"{value}" is not {what} of "{subject.id}"{did_you_mean(str(value), subject.options)}; valid: {valid}',
                site.loc,
                site.offset,
                "ref/unknown-option",
            )
        )


def _check(node: Node, scope: Scope, errors: list[ConditionError]) -> None:
    if isinstance(node, (And, Or)):
        for item in node.items:
            _check(item, scope, errors)
    elif isinstance(node, Not):
        _check(node.item, scope, errors)
    elif isinstance(node, Ref):
        target = scope.definitions.get(node.name)
        if target is None:
            if node.name in scope.subjects:
                errors.append(
                    ConditionError(
                        f'"{node.name}" is a question; compare it, for example "{node.name} == ..."',
                        node.site.loc,
                        node.site.offset,
                        "cond/bare-question",
                    )
                )
            else:
                hint = did_you_mean(node.name, list(scope.definitions) + list(scope.subjects))
                errors.append(
                    ConditionError(
                        f'unknown name "{node.name}"{hint}', node.site.loc, node.site.offset, "ref/unknown-definition"
                    )
                )
            return
        node.target = target
        if scope.before is not None:
            for name in sorted(questions_read(target)):
                subject = scope.subjects.get(name)
                if subject is not None and subject.order >= scope.before and subject.order != scope.allow_self:
                    errors.append(
                        ConditionError(
                            f'"{node.name}" reads "{name}", which is not an earlier question',
                            node.site.loc,
                            node.site.offset,
                            "ref/later-question",
                        )
                    )
    elif isinstance(node, Answered):
        _subject(node.question, node.site, scope, errors)
    else:
        subject = _subject(node.question, node.site, scope, errors)
        if subject is None:
            return
        node.unknown = subject.unknown
        wrong = _wrong_kind(node, subject)
        if wrong:
            errors.append(ConditionError(wrong, node.site.loc, node.site.offset, "cond/type"))
            return
        for value in [node.value] if isinstance(node, Compare) else node.values:
            _check_value(subject, value, node.site, errors)


def _wrong_kind(node: Compare | In | Has, subject: Subject) -> str:
    """Why this test cannot be made on this kind of question, or "" when it can."""
    if isinstance(node, Has):
        return (
            "" if subject.kind == "multi" else f'"has" needs a multiple choice; use "==" or "in" for "{node.question}"'
        )
    if subject.kind == "multi":
        return f'"{node.question}" is a multiple choice; use "{"has" if isinstance(node, Compare) else "has any"}"'
    if isinstance(node, Compare) and node.op not in ("==", "!=") and subject.kind not in _NUMERIC:
        return f'"{node.op}" needs a number question; "{node.question}" is {subject.kind}'
    return ""
