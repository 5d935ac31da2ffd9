"""A disk cache of parsed YAML keyed by the source file's hash, so a second start skips the YAML parse.

Parsing a flow with positions is most of the cost of loading it. Entries are plain
JSON data, never pickles: reading the cache can never run code, whoever wrote it.
An entry's key is the SHA-256 of the file's bytes, the path the file was given as
(problems and warnings name it), and the wizard's own flow code (wizard/flow,
errors.py, this file) with the Python and library versions, so an edited file or
an upgraded wizard never reads a stale entry. Only files that parse are stored,
and validation still runs on every load.

Entries live in a folder only the user can open (0700), are written atomically, and
are read only if the user owns them and nobody else can write them; anything
damaged or foreign is ignored and rebuilt. `WIZARD_CACHE=0` turns the cache off and
`WIZARD_CACHE_DIR` moves it (default `$XDG_CACHE_HOME/knee-ankle-wizard`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent
_CODE = (_PACKAGE / "cache.py", _PACKAGE / "errors.py", *sorted((_PACKAGE / "flow").glob("*.py")))


def folder() -> Path | None:
    """Where entries go, or None when the cache is turned off."""
    if os.environ.get("WIZARD_CACHE", "1") == "0":
        return None
    if os.environ.get("WIZARD_CACHE_DIR"):
        return Path(os.environ["WIZARD_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "knee-ankle-wizard"


@cache
def _code_digest() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for source in _CODE:
        digest.update(source.read_bytes())
    return digest.digest()


def _read(entry: Path) -> Any:
    try:
        fd = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            return None  # written by someone else: it could plant a different flow
        try:
            return json.load(file)
        except ValueError:  # a damaged entry is rebuilt, never trusted
            return None


def _write(entry: Path, value: Any) -> None:
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for old in entry.parent.glob(entry.name.rsplit("-", 1)[0] + "-*.json"):
            old.unlink(missing_ok=True)  # one entry per kind and path: an edited file replaces its entry
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=entry.parent, prefix=".tmp-", delete=False) as file:
            json.dump(value, file, ensure_ascii=False)
        os.replace(file.name, entry)
    except OSError:
        return  # a read-only home or full disk only costs speed


def stored(
    kind: str,
    raw: bytes,
    label: str,
    build: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    *versions: str,
) -> T:
    """`build()`, or what it returned before for the same kind, bytes, label, code and `versions`.

    `encode` turns the value into JSON data (raising ValueError when it cannot be kept
    faithfully); `decode` turns it back, raising KeyError, TypeError or ValueError on
    anything it does not recognise.
    """
    where = folder()
    if where is None:
        return build()
    digest = hashlib.sha256(_code_digest())
    for part in (kind, label, *versions):
        digest.update(part.encode() + b"\0")
    digest.update(raw)
    entry = where / f"{kind}-{hashlib.sha256(label.encode()).hexdigest()[:16]}-{digest.hexdigest()[:32]}.json"
    found = _read(entry)
    if found is not None:
        try:
            return decode(found)
        except (KeyError, TypeError, ValueError):
            pass  # not what this version writes: rebuild it
    value = build()
    with contextlib.suppress(ValueError):  # data JSON cannot keep exactly (a number as a key) is not cached
        _write(entry, encode(value))
    return value
