"""The footer, with each key's description in the reader's language."""

from __future__ import annotations

from functools import cache

from textual.app import ComposeResult

from ...ui_text import table, ui
from ..compat import FooterKey, OwnTaskFooter


@cache
def _english_to_key() -> dict[str, str]:
    """Binding descriptions are written in English in the code; `key_*` entries translate them."""
    return {entry["en"]: key for key, entry in table().items() if key.startswith("key_")}


class LocalFooter(OwnTaskFooter):
    def compose(self) -> ComposeResult:
        lang = getattr(self.app, "lang", "en")
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description in _english_to_key():
                widget.description = ui(_english_to_key()[widget.description], lang)
            yield widget
