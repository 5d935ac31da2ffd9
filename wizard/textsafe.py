"""Characters that must never reach a terminal from a file, an answer or typed input, and how to show them.

A flow, an answers file, a file name or a typed answer can carry ESC (the start of
every terminal escape sequence: OSC 52 sets the clipboard, OSC 0 the window title),
other C0 controls, DEL, C1 controls (`\\x9b` is a one-byte CSI), bidirectional
overrides that reorder what a reader sees, and lone surrogates that cannot be
encoded at all. Loading refuses them in files (`text/control-char`); everything
printed passes through `safe()` (or `json_safe()` for JSON) as a last line of defence,
so a check that is missed somewhere still cannot send a raw control byte.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO, TextIO, cast

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates, lone surrogates."""

_BIDI_NAMES = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}


def describe(char: str) -> str:
    """What an unsafe character is, visibly: `\\x1b (a control character)`, `U+202E (RLO, a bidirectional control)`."""
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x} (a control character)"
    if char in _BIDI_NAMES:
        return f"U+{code:04X} ({_BIDI_NAMES[char]}, a bidirectional control)"
    return f"U+{code:04X} (a lone surrogate, which cannot be printed)"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"<U+{code:04X}>"


def safe(text: str) -> str:
    """`text` with every unsafe character written as a visible escape (`\\x1b`, `<U+202E>`); the rest unchanged."""
    return UNSAFE.sub(_visible, text)


def json_safe(text: str) -> str:
    """The same for JSON text: `\\u001b`, a valid JSON escape, so the document still parses to the same strings.

    Every unsafe character in JSON text lies inside a string (the syntax itself is ASCII), where
    `\\uXXXX` means exactly that character.
    """
    return UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def is_safe(text: str) -> bool:
    return UNSAFE.search(text) is None


class GuardedWriter(io.TextIOBase):
    """A text stream that neutralises everything written to it before the real stream sees it.

    Installed over standard output and standard error by the headless commands, so nothing
    any of them prints (a report, a message, a typed answer echoed back) can carry a raw control
    byte, whatever code printed it. A failed write (a full disk, a closed descriptor) is raised as
    `OutputFailed`, so the command line can tell it from a file it could not read.
    """

    def __init__(self, stream: TextIO, neutralise: Callable[[str], str] = safe) -> None:
        super().__init__()
        self.stream = stream
        self.neutralise = neutralise

    def write(self, text: str) -> int:
        try:
            self.stream.write(self.neutralise(text))
        except BrokenPipeError:
            raise  # the reader went away (`| head`): the command line stops quietly
        except OSError as exc:
            raise OutputFailed(exc) from None
        return len(text)

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputFailed(exc) from None

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.stream.encoding


def guard(stream: TextIO, neutralise: Callable[[str], str] = safe) -> TextIO:
    """`stream` behind a GuardedWriter; a character it cannot encode is written as an escape, never raised."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return cast(TextIO, GuardedWriter(stream, neutralise))


def silence(stream: TextIO | None) -> None:
    """Point a stream's descriptor at /dev/null after a failed write, so the flush at exit cannot fail again."""
    try:
        if stream is not None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    except (OSError, ValueError):
        pass


class OutputFailed(Exception):
    """Writing to standard output or standard error failed."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


MAX_LINE = 4_096
"""The longest line of standard input kept (bytes); the rest of a longer line is read and dropped.

No answer is longer, and a longer run of digits would pass Python's 4,300-digit limit for int()."""


def input_lines(stream: BinaryIO, encoding: str, warn: Callable[[str], None]) -> Iterator[str]:
    """Lines of standard input, decoded so that bytes which are not `encoding` never raise.

    Python decodes standard input strictly in a UTF-8 locale (UnicodeDecodeError on the first
    stray byte) and into lone surrogates in the C locale; here such bytes become U+FFFD and
    `warn` is told once, so a person learns why an answer was not understood.
    """
    warned = False
    while line := stream.readline(MAX_LINE):
        if len(line) == MAX_LINE and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                pass
        try:
            text = line.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            text = line.decode(encoding if _known(encoding) else "utf-8", "replace")
            if not warned:
                warned = True
                warn(f"standard input is not {encoding} text; bytes that are not were read as U+FFFD")
        yield text


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True
