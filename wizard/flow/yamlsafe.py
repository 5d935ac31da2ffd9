"""A hardened YAML reader that remembers where every value came from.

Flows and answers files are written by hand, so the reader is strict where YAML
is surprising: duplicate keys, anchors, aliases, merge keys and tags are errors
(an alias bomb costs nothing), only `true`/`false` are booleans (so `no` stays
the word "no"), dates stay strings, and the size and nesting depth are capped.
Control characters, bidirectional controls and lone surrogates are refused anywhere
in the file, written raw or as a double-quoted escape (`text/control-char`), so no
text read from a file can drive a terminal. Files are read only if they are
regular files, and never past the size cap (`files.py`).
Every value's position is kept so that later checks can say `file:line:col`.

libyaml's C parser reads a clean file about eight times faster than PyYAML's Python
one, with the same events and marks; the checks above run on its events. Whatever it
does not read cleanly, and the few things it reads differently from PyYAML (tabs,
U+FEFF, some plain words inside `[...]` and `{...}`), is read again by the Python
parser, so every message and position is the one PyYAML gives.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.scanner import Scanner

from ..errors import Problem, WizardError
from ..textsafe import UNSAFE, describe
from .files import MAX_BYTES, read_bytes, too_large
from .located import Located, PathKey


def _libyaml() -> Any:
    """libyaml's C parser, or None when PyYAML was built without it (the Python parser then reads everything)."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None
    return CParser


_CParser: Any = _libyaml()

MAX_DEPTH = 40
MAX_DIGITS = 100
"""The longest integer accepted, in YAML and in conditions: far above any real value, far below
Python's 4,300-digit conversion limit and the size at which a float conversion overflows."""
MAX_REPORTED = 10
"""Control characters reported one by one; the rest are counted in one more line."""


_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?\Z|[-+]?[0-9]+[eE][-+]?[0-9]+\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)


class _PyParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python event parser: its messages are the ones a person sees for broken YAML."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


class _Refused(Exception):
    def __init__(self, message: str, mark: Any, rule: str) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.rule = rule


class _Unsure(Exception):
    """libyaml read something PyYAML may read differently: read the file again with PyYAML."""


class _Builder:
    """Plain data and positions straight from parser events, refusing every risky feature as it is met.

    Works on the events of libyaml's C parser (fast) and of PyYAML's Python parser (the exact
    messages), which are the same events with the same marks. Errors come in the order the old
    compose-then-build reader gave them: anything met while composing (a syntax error, an alias,
    an anchor, a tag, too deep, a second document) anywhere in the file wins over the first
    problem with the data itself (a complex, merge or duplicate key, a number too long), which is
    kept until the whole document has been read.
    """

    def __init__(self, parser: Any, text: str, out: Located, *, fast: bool = False) -> None:
        self.parser = parser
        self.text = text
        self.out = out
        self.fast = fast
        """Reading libyaml's events: stop (`_Unsure`) where PyYAML's scanner differs from libyaml's."""
        self.flow = 0
        """How many flow collections (`[...]`, `{...}`) the next node is inside."""
        self.failed: _Refused | None = None
        """The first problem with the data, raised once the document is read."""

    def document(self) -> bool:
        """Read the one document into `out`; False when the stream holds none."""
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return False
        parser.get_event()  # document start
        root = parser.peek_event()
        self.out.data = self.node((), 1)
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            event = parser.get_event()
            context, problem = "expected a single document in the stream", "but found another document"
            raise ComposerError(context, root.start_mark, problem, event.start_mark)
        if self.failed is not None:
            raise self.failed
        return True

    def fail(self, refused: _Refused) -> None:
        if self.failed is None:
            self.failed = refused

    def start(self, depth: int) -> Any:
        """The next node's first event, after the checks that apply to every node."""
        event = self.parser.get_event()
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            raise _Refused("aliases (*name) are not allowed; write the value out", mark, "yaml/alias")
        if event.anchor is not None:
            raise _Refused("anchors (&name) are not allowed; write each value out", mark, "yaml/anchor")
        if event.tag is not None:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(f"tags such as {tag!r} are not allowed", mark, "yaml/tag")
        if depth > MAX_DEPTH:
            raise _Refused(f"the data is nested more than {MAX_DEPTH} levels deep", mark, "yaml/too-deep")
        return event

    def node(self, loc: PathKey, depth: int) -> Any:
        event = self.start(depth)
        self.out.values[loc] = _pos(event.start_mark)
        if isinstance(event, ScalarEvent):
            self.check_text(event)
            return self.scalar(event)
        self.flow += bool(event.flow_style)
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while not self.parser.check_event(SequenceEndEvent):
                items.append(self.node(loc + (len(items),), depth + 1))
            self.parser.get_event()
        else:
            items = self.mapping(loc, depth)  # type: ignore[assignment]
        self.flow -= bool(event.flow_style)
        return items

    def mapping(self, loc: PathKey, depth: int) -> dict[str, Any]:
        parser = self.parser
        result: dict[str, Any] = {}
        while not parser.check_event(MappingEndEvent):
            if not isinstance(parser.peek_event(), ScalarEvent | AliasEvent):
                mark = parser.peek_event().start_mark
                self.node((), depth + 1)  # read for what composing it finds; the data is refused anyway
                self.fail(_Refused("a key must be a plain word, not a list or mapping", mark, "yaml/complex-key"))
                self.node((), depth + 1)
                continue
            key_event = self.start(depth + 1)
            self.check_text(key_event)
            key = str(key_event.value)
            mark = key_event.start_mark
            if key == "<<" and not key_event.style:
                self.fail(_Refused("merge keys (<<) are not allowed; write the keys out", mark, "yaml/merge-key"))
            elif key in result:
                first = self.out.keys[loc + (key,)]
                self.fail(_Refused(f'duplicate key "{key}" (first at line {first[0]})', mark, "yaml/duplicate-key"))
            else:
                self.out.keys[loc + (key,)] = _pos(mark)
            value = self.node(loc + (key,), depth + 1)
            if self.failed is None:
                result[key] = value
        self.out.ends[loc] = self.end(parser.get_event().end_mark)
        return result

    def end(self, mark: Any) -> tuple[int, int]:
        """Where a mapping ends; libyaml ends one at the end of a file without a final line break
        on a line after the last, PyYAML at the end of the text."""
        if mark.index < len(self.text):
            return _pos(mark)
        return _end_of(self.text) if self.fast else _pos(mark)

    def check_text(self, event: ScalarEvent) -> None:
        """Note an unsafe character in a scalar (a key or a value): raw ones are found before parsing."""
        if self.fast and self.flow and not event.style and _FLOW_UNSURE.search(event.value) is not None:
            raise _Unsure  # see _FLOW_UNSURE
        found = UNSAFE.search(event.value)
        if found is not None:
            at = _escaped_at(self.text, event)
            self.out.unsafe.append((at, f"the text contains {describe(found.group())}; remove it"))

    def scalar(self, event: ScalarEvent) -> Any:
        """YAML 1.2 core-schema values for plain scalars; quoted ones stay strings."""
        text: str = event.value
        if event.style:  # None (PyYAML) or "" (libyaml) for a plain scalar
            return text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text):
            digits = len(text.lstrip("+-"))
            if digits > MAX_DIGITS:
                message = f"a number of {digits:,} digits; numbers have at most {MAX_DIGITS}"
                self.fail(_Refused(message, event.start_mark, "schema/invalid"))
                return None
            return int(text)
        if _FLOAT.match(text):
            number = float(text)
            if not math.isfinite(number):
                self.fail(_Refused(f"{text[:20]} is too large to be a number here", event.start_mark, "schema/invalid"))
                return None
            return number
        return text


_FLOW_UNSURE = re.compile(r"\A\Z|[?:]")
"""A plain word inside `[...]` or `{...}` that libyaml and PyYAML read differently: empty, or with `?` or `:`."""
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""A line break as PyYAML's reader counts them."""


def _end_of(text: str) -> tuple[int, int]:
    """The 1-based line and column just after the last character of `text`."""
    breaks = list(_BREAK.finditer(text))
    return len(breaks) + 1, len(text) - (breaks[-1].end() if breaks else 0) + 1


def _pos(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _escaped_at(text: str, event: Any) -> int:
    """Where in `text` the first escape of a double-quoted scalar writes an unsafe character."""
    start: int = event.start_mark.index
    end: int = event.end_mark.index
    for match in _ESCAPE.finditer(text, start, end):
        escape = match.group()[1:]
        code = int(escape[1:], 16) if len(escape) > 1 else ord(Scanner.ESCAPE_REPLACEMENTS.get(escape, " "))
        if code < 0x110000 and UNSAFE.match(chr(code)):
            return match.start()
    return start


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
        raise too_large(size, max_bytes, path)
    text = raw if isinstance(raw, str) else _decode(raw, path)
    if raw_found := _raw_control_chars(text):
        raise _control_chars(text, path, raw_found)
    lines = text.splitlines()
    fast = _fast(text, path, lines)
    if fast is not None:
        return fast
    out = Located(None, path, lines=lines)
    try:
        if not _Builder(_PyParser(text), text, out).document():
            raise WizardError([Problem("the file is empty", path, 1, 1, rule="yaml/empty")])
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
    if out.unsafe:
        raise _control_chars(text, path, out.unsafe)
    return out


def _fast(text: str, path: str, lines: list[str]) -> Located | None:
    """The file read with libyaml's C parser when it holds one clean document, else None.

    Anything else (no document, a syntax error, a refused feature, an unsafe escape) is read
    again by PyYAML's Python parser, so every message, and which problem is reported first,
    stays exactly what the Python reader says. A tab or a U+FEFF anywhere goes to the Python
    parser directly: libyaml accepts tabs in places where PyYAML, whose messages name them, does
    not, and gives U+FEFF no column.
    """
    if _CParser is None or "\t" in text or "\ufeff" in text:
        return None
    out = Located(None, path, lines=lines)
    try:
        if _Builder(_CParser(text), text, out, fast=True).document() and not out.unsafe:
            return out
    except (yaml.YAMLError, _Refused, _Unsure, ValueError):
        pass
    return None


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem:
        return "a tab character is not allowed here; indent YAML with spaces"
    lead = f"{exc.context}, " if exc.context else ""
    return f"YAML syntax error: {lead}{problem}"


def read_yaml(path: Path, *, max_bytes: int = MAX_BYTES) -> Located:
    """Read and parse a YAML file, turning I/O failures into one clear problem."""
    return parse_yaml(read_bytes(path, max_bytes=max_bytes), str(path), max_bytes=max_bytes)
