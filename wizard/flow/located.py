"""Plain data read from YAML with the position of every value, and its form in the disk cache."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem

PathKey = tuple[str | int, ...]
"""Where a value sits in the data: the keys and list indexes from the top."""


@dataclass
class Located:
    """Plain data read from YAML, with the 1-based position of every value and key."""

    data: Any
    path: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    ends: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """Where each mapping ends, so a finding can be matched to the item it lies in."""
    lines: list[str] = field(default_factory=list)
    unsafe: list[tuple[int, str]] = field(default_factory=list, repr=False, compare=False)
    """Offsets in the text of unsafe characters written as escapes, and what to say (while parsing only)."""

    def position(self, loc: PathKey, *, key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def quoted(self, loc: PathKey) -> bool:
        """Whether the scalar at `loc` starts with a quote, so offsets inside it shift by one."""
        line, col = self.values.get(tuple(loc), (0, 0))
        if not 0 < line <= len(self.lines):
            return False
        text = self.lines[line - 1]
        return col - 1 < len(text) and text[col - 1] in "'\""

    def problem(
        self, loc: PathKey, message: str, *, rule: str = "", key: bool = False, severity: str = "error"
    ) -> Problem:
        """A problem located at `loc` in this file."""
        line, col = self.position(loc, key=key)
        return Problem(message, self.path, line, col, severity, rule)


def _plain(data: Any) -> None:
    """Raise ValueError unless JSON keeps `data` exactly (mapping keys must be strings)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not isinstance(key, str):
                raise ValueError("a mapping key that is not a string")
            _plain(value)
    elif isinstance(data, list):
        for value in data:
            _plain(value)


def located_to_json(located: Located) -> dict[str, Any]:
    """Plain JSON data for the disk cache: the parsed data, every position and the lines."""
    _plain(located.data)
    return {
        "path": located.path,
        "data": located.data,
        "lines": located.lines,
        **{
            name: [[list(loc), list(pos)] for loc, pos in getattr(located, name).items()]
            for name in ("values", "keys", "ends")
        },
    }


def located_from_json(entry: dict[str, Any]) -> Located:
    """The inverse of `located_to_json`; KeyError, TypeError or ValueError on anything else."""

    def positions(rows: list[list[Any]]) -> dict[PathKey, tuple[int, int]]:
        table: dict[PathKey, tuple[int, int]] = {}
        for loc, (line, col) in rows:
            if not all(isinstance(part, (str, int)) for part in loc) or not (
                isinstance(line, int) and isinstance(col, int)
            ):
                raise ValueError("not a position")
            table[tuple(loc)] = (line, col)
        return table

    lines = entry["lines"]
    if not isinstance(entry["path"], str) or not all(isinstance(line, str) for line in lines):
        raise ValueError("not a cache entry")
    return Located(
        entry["data"],
        entry["path"],
        values=positions(entry["values"]),
        keys=positions(entry["keys"]),
        ends=positions(entry["ends"]),
        lines=lines,
    )
