"""Pick the right language from a localizable text."""

from __future__ import annotations

from .fields import Text


def localize(text: Text, lang: str, default: str) -> str:
    """The text in `lang`, else in the flow's default language, else any language it has."""
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get(default) or next(iter(text.values()))
