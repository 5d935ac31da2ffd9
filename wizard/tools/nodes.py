"""Conditions as the explore walk sees them: their comparisons, their definitions resolved, and maps
keyed by the node itself.

A named definition is one node shared by every condition that uses it, and the walk
keeps one value for it however many conditions read it. Condition nodes are mutable
dataclasses compared by value, so they cannot be dictionary keys; `ByNode` keys by
the node object itself (and keeps it alive, so an identity is never reused).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from ..flow import conditions as cond

Leaf = cond.Answered | cond.Compare | cond.In | cond.Has
"""A comparison on one question: what answer classes are made of."""

V = TypeVar("V")


def leaves(node: cond.Node) -> Iterator[Leaf]:
    """The comparisons a condition is made of, through named definitions."""
    if isinstance(node, (cond.And, cond.Or)):
        for item in node.items:
            yield from leaves(item)
    elif isinstance(node, cond.Not):
        yield from leaves(node.item)
    elif isinstance(node, cond.Ref):
        if node.target is not None:
            yield from leaves(node.target)
    else:
        yield node


def resolve(node: cond.Node) -> cond.Node:
    """The condition a chain of definitions stands for."""
    while isinstance(node, cond.Ref) and node.target is not None:
        node = node.target
    return node


class ByNode(Generic[V]):
    """A mapping from condition nodes, by identity, to values."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: dict[int, tuple[cond.Node, V]] = {}

    def get(self, node: cond.Node) -> V | None:
        found = self._items.get(id(node))
        return None if found is None else found[1]

    def __getitem__(self, node: cond.Node) -> V:
        return self._items[id(node)][1]

    def __setitem__(self, node: cond.Node, value: V) -> None:
        self._items[id(node)] = (node, value)

    def __contains__(self, node: cond.Node) -> bool:
        return id(node) in self._items

    def values(self) -> list[V]:
        """The values in the order their nodes were first added."""
        return [value for _, value in self._items.values()]
