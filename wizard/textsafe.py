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

import re

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
