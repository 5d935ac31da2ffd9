"""The front ends' fixed strings, read from ui_text.yaml (data, like the flows)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

UI_TEXT = Path(__file__).with_name("ui_text.yaml")


@cache
def table() -> dict[str, dict[str, str]]:
    """The strings by key and language; from the disk cache when the file is unchanged.

    The first frame needs these, and parsing them (with the YAML library's import) was
    a fifth of the wizard's start-up beyond a bare Textual app's.
    """
    from .cache import stored

    raw = UI_TEXT.read_bytes()

    def parse() -> dict[str, dict[str, str]]:
        from .flow.yamlsafe import parse_yaml

        data: dict[str, dict[str, str]] = parse_yaml(raw, str(UI_TEXT)).data
        return data

    def decode(entry: Any) -> dict[str, dict[str, str]]:
        if not (isinstance(entry, dict) and all(isinstance(v, dict) for v in entry.values())):
            raise ValueError("not a table of strings")
        return entry

    return stored("ui", raw, str(UI_TEXT), parse, lambda table: table, decode)


def languages() -> list[str]:
    """The languages every UI string has, in the order of the first entry."""
    entries = list(table().values())
    return [lang for lang in entries[0] if all(lang in entry for entry in entries)]


def ui(key: str, lang: str, **values: Any) -> str:
    """The string `key` in `lang` (English when missing), with `{name}` fields filled in."""
    entry = table()[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
