"""A parsed condition: its nodes, where each came from, and the limits on its size.

The parser builds these nodes, the checker links definitions and fills in what it learns
from the questions, and the evaluator keeps each node's compiled closure on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .evaluator import Evaluator

MAX_NESTING = 32
"""How deep a condition may nest: parentheses, `not`, all/any/not mappings and definitions used inside
definitions all count. Far beyond any rule a person can read, and shallow enough that nothing that
walks a condition (evaluating, explaining, exploring) comes near Python's recursion limit."""
MAX_PARTS = 5_000
"""How many parts a condition may have with every definition it uses written out; a definition used
twice in each of a chain of definitions would otherwise double at every link."""

Loc = tuple[str | int, ...]
"""Where a condition (or a part of a mapping-form condition) sits in the flow data."""


class ConditionError(Exception):
    """A syntax or meaning error in a condition, at `offset` characters into the string at `loc`."""

    def __init__(self, message: str, loc: Loc, offset: int = 0, rule: str = "cond/syntax") -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc
        self.offset = offset
        self.rule = rule


def too_deep() -> str:
    return f"the condition is nested more than {MAX_NESTING} levels deep (parentheses, not, all, any); simplify it"


@dataclass(frozen=True)
class Site:
    """Where a node came from, for error messages."""

    loc: Loc
    offset: int


@dataclass
class And:
    items: list[Node]
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Or:
    items: list[Node]
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Not:
    item: Node
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Ref:
    """A named definition, linked to its tree when checked."""

    name: str
    site: Site
    target: Node | None = None
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Answered:
    question: str
    site: Site
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


Value = str | int | float


@dataclass
class Compare:
    question: str
    op: str
    value: Value
    site: Site
    unknown: frozenset[str] = frozenset()
    """Option ids of the question that mean "not sure"; filled in by the checker."""
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class In:
    question: str
    values: list[Value]
    negate: bool
    site: Site
    unknown: frozenset[str] = frozenset()
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


@dataclass
class Has:
    question: str
    mode: str
    """"one", "any" or "all"."""
    values: list[str]
    site: Site
    unknown: frozenset[str] = frozenset()
    compiled: Evaluator | None = field(default=None, repr=False, compare=False)


Node = And | Or | Not | Ref | Answered | Compare | In | Has


def children(node: Node) -> list[Node]:
    """The nodes right under `node`; a checked `Ref` has its definition under it."""
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, Not):
        return [node.item]
    if isinstance(node, Ref) and node.target is not None:
        return [node.target]
    return []


def questions_read(node: Node) -> set[str]:
    """Every question id a checked condition reads, through definitions too.

    Without recursion, and each definition once: a definition used twice by each of a chain of
    definitions would otherwise be read a number of times that doubles at every link.
    """
    found: set[str] = set()
    seen: set[int] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, (And, Or, Not, Ref)):
            stack.extend(children(item))
        else:
            found.add(item.question)
    return found - {"triage"}
