"""The front ends' fixed strings, read from ui_text.yaml (data, like the flows)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .flow.yamlsafe import read_yaml

UI_TEXT = Path(__file__).with_name("ui_text.yaml")


@cache
def table() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = read_yaml(UI_TEXT).data
    return data


def languages() -> list[str]:
    """The languages every UI string has, in the order of the first entry."""
    entries = list(table().values())
    return [lang for lang in entries[0] if all(lang in entry for entry in entries)]


def ui(key: str, lang: str, **values: Any) -> str:
    """The string `key` in `lang` (English when missing), with `{name}` fields filled in."""
    entry = table()[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
