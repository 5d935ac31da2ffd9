"""A hardened YAML reader that remembers where every value came from.

Flows and answers files are written by hand, so the reader is strict where YAML
is surprising: duplicate keys, anchors, aliases, merge keys and tags are errors
(an alias bomb costs nothing), only `true`/`false` are booleans (so `no` stays
the word "no"), dates stay strings, and the size and nesting depth are capped.
Control characters, bidirectional controls and lone surrogates are refused anywhere
in the file, written raw or as a double-quoted escape (`text/control-char`), so no
text read from a file can drive a terminal. Files are read only if they are
regular files, and never past the size cap.
Every value's position is kept so that later checks can say `file:line:col`.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..errors import Problem, WizardError
from ..textsafe import UNSAFE, describe

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_DIGITS = 100
"""The longest integer accepted, in YAML and in conditions: far above any real value, far below
Python's 4,300-digit conversion limit and the size at which a float conversion overflows."""
MAX_REPORTED = 10
"""Control characters reported one by one; the rest are counted in one more line."""

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)


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


class _Composer(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's composer with every risky feature refused as it is met."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            raise _Refused("aliases (*name) are not allowed; write the value out", mark, "yaml/alias")
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if event.anchor is not None:
                raise _Refused("anchors (&name) are not allowed; write each value out", mark, "yaml/anchor")
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                raise _Refused(f"tags such as {tag!r} are not allowed", mark, "yaml/tag")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"the data is nested more than {MAX_DEPTH} levels deep", mark, "yaml/too-deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Refused(Exception):
    def __init__(self, message: str, mark: Any, rule: str) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.rule = rule


def _scalar(node: ScalarNode) -> Any:
    """YAML 1.2 core-schema values for plain scalars; quoted ones stay strings."""
    text: str = node.value
    if node.style is not None:
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        digits = len(text.lstrip("+-"))
        if digits > MAX_DIGITS:
            raise _Refused(
                f"a number of {digits:,} digits; numbers have at most {MAX_DIGITS}", node.start_mark, "schema/invalid"
            )
        return int(text)
    if _FLOAT.match(text):
        number = float(text)
        if not math.isfinite(number):
            raise _Refused(f"{text[:20]} is too large to be a number here", node.start_mark, "schema/invalid")
        return number
    return text


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _escaped_at(text: str, node: ScalarNode) -> int:
    """Where in `text` the first escape of a double-quoted scalar writes an unsafe character."""
    start, end = node.start_mark.index, node.end_mark.index
    for match in _ESCAPE.finditer(text, start, end):
        escape = match.group()[1:]
        code = int(escape[1:], 16) if len(escape) > 1 else ord(Scanner.ESCAPE_REPLACEMENTS.get(escape, " "))
        if code < 0x110000 and UNSAFE.match(chr(code)):
            return match.start()
    return start


def _check_text(node: ScalarNode, out: Located, text: str) -> None:
    """Note an unsafe character in a scalar (a key or a value): raw ones are found before parsing."""
    found = UNSAFE.search(node.value)
    if found is not None:
        at = _escaped_at(text, node)
        out.unsafe.append((at, f"the text contains {describe(found.group())}; remove it"))


def _build(node: Node, loc: PathKey, out: Located, text: str) -> Any:
    out.values[loc] = _pos(node.start_mark)
    if isinstance(node, ScalarNode):
        _check_text(node, out, text)
        return _scalar(node)
    if isinstance(node, SequenceNode):
        return [_build(item, loc + (i,), out, text) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    out.ends[loc] = _pos(node.end_mark)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise _Refused("a key must be a plain word, not a list or mapping", key_node.start_mark, "yaml/complex-key")
        _check_text(key_node, out, text)
        key = str(key_node.value)
        if key == "<<" and key_node.style is None:
            raise _Refused("merge keys (<<) are not allowed; write the keys out", key_node.start_mark, "yaml/merge-key")
        if key in result:
            first = out.keys[loc + (key,)]
            raise _Refused(
                f'duplicate key "{key}" (first at line {first[0]})', key_node.start_mark, "yaml/duplicate-key"
            )
        out.keys[loc + (key,)] = _pos(key_node.start_mark)
        result[key] = _build(value_node, loc + (key,), out, text)
    return result


def _decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise WizardError(
            [
                Problem(
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x})", path, line, col, rule="yaml/encoding"
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _control_chars(text: str, path: str, found: list[tuple[int, str]]) -> WizardError:
    """One problem per unsafe character (the first few), at its line and column."""
    found.sort()
    problems = [Problem(message, path, *_line_col(text, index), rule="text/control-char") for index, message in found][
        :MAX_REPORTED
    ]
    if len(found) > MAX_REPORTED:
        line, col = _line_col(text, found[MAX_REPORTED][0])
        more = len(found) - MAX_REPORTED
        problems.append(
            Problem(f"{more:,} more control characters from here on", path, line, col, rule="text/control-char")
        )
    return WizardError(problems)


def _raw_control_chars(text: str) -> list[tuple[int, str]]:
    return [
        (match.start(), f"the file contains {describe(match.group())}; remove it") for match in UNSAFE.finditer(text)
    ]


def parse_yaml(raw: bytes | str, path: str, *, max_bytes: int = MAX_BYTES) -> Located:
    """Parse one YAML document into plain data with positions, or raise WizardError."""
    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > max_bytes:
        raise _too_large(size, max_bytes, path)
    text = raw if isinstance(raw, str) else _decode(raw, path)
    if raw_found := _raw_control_chars(text):
        raise _control_chars(text, path, raw_found)
    out = Located(None, path, lines=text.splitlines())
    try:
        composer = _Composer(text)
        node = composer.get_single_node()
        if node is None:
            raise WizardError([Problem("the file is empty", path, 1, 1, rule="yaml/empty")])
        out.data = _build(node, (), out, text)
    except ReaderError as exc:  # a character YAML never allows, such as U+FFFE
        line, col = _line_col(text, exc.position)
        message = f"the file contains U+{exc.character:04X}, which YAML does not allow"
        raise WizardError([Problem(message, path, line, col, rule="yaml/encoding")]) from None
    except _Refused as exc:
        line, col = _pos(exc.mark)
        raise WizardError([Problem(exc.message, path, line, col, rule=exc.rule)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (0, 0)
        tab = "'\\t'" in (exc.problem or "")
        raise WizardError(
            [Problem(_yaml_message(exc), path, line, col, rule="yaml/tab" if tab else "yaml/syntax")]
        ) from None
    except RecursionError:
        raise WizardError([Problem("the data is nested too deeply", path, rule="yaml/too-deep")]) from None
    if out.unsafe:
        raise _control_chars(text, path, out.unsafe)
    return out


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem:
        return "a tab character is not allowed here; indent YAML with spaces"
    lead = f"{exc.context}, " if exc.context else ""
    return f"YAML syntax error: {lead}{problem}"


def read_yaml(path: Path, *, max_bytes: int = MAX_BYTES) -> Located:
    """Read and parse a YAML file, turning I/O failures into one clear problem."""
    return parse_yaml(read_bytes(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)


_KINDS = (
    (stat.S_ISDIR, "this is a folder, not a file", "file/missing"),
    (stat.S_ISFIFO, "this is a named pipe (FIFO), not a regular file", "file/unreadable"),
    (stat.S_ISSOCK, "this is a socket, not a regular file", "file/unreadable"),
    (stat.S_ISCHR, "this is a device, not a regular file", "file/unreadable"),
    (stat.S_ISBLK, "this is a device, not a regular file", "file/unreadable"),
)


def _not_regular(mode: int, shown: str) -> WizardError | None:
    if stat.S_ISREG(mode):
        return None
    for test, message, rule in _KINDS:
        if test(mode):
            return WizardError([Problem(message, shown, rule=rule)])
    return WizardError([Problem("this is not a regular file", shown, rule="file/unreadable")])


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, or WizardError with one clear problem (missing, not a regular file, unreadable, too large).

    Only a regular file is read, and never more than the cap plus one byte: `/dev/zero` would
    otherwise be read until memory runs out, and a named pipe would wait for ever for a writer.
    The file is opened without blocking and checked again once open, in case it was swapped.
    """
    shown = str(path)
    try:
        refused = _not_regular(os.stat(path).st_mode, shown)
        if refused is not None:
            raise refused
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            opened = os.fstat(fd)
            refused = _not_regular(opened.st_mode, shown)
            if refused is not None:
                raise refused
            if opened.st_size > max_bytes:
                raise _too_large(opened.st_size, max_bytes, shown)
            chunks: list[bytes] = []
            size = 0
            while size <= max_bytes and (chunk := os.read(fd, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise WizardError([Problem("no such file", shown, rule="file/missing")]) from None
    except NotADirectoryError:
        raise WizardError(
            [Problem("no such file (a part of the path is not a folder)", shown, rule="file/missing")]
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise WizardError([Problem(f"cannot read the file: {reason}", shown, rule="file/unreadable")]) from None
    if size > max_bytes:
        raise _too_large(size, max_bytes, shown, at_least=True)
    return b"".join(chunks)


def _too_large(size: int, max_bytes: int, shown: str, *, at_least: bool = False) -> WizardError:
    what = f"more than {max_bytes:,} bytes" if at_least else f"{size:,} bytes"
    return WizardError([Problem(f"the file is {what}; the limit is {max_bytes:,}", shown, rule="yaml/too-large")])


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
