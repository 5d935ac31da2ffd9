"""The footer, with each key's description in the reader's language, redrawn only when its keys change."""

from __future__ import annotations

from collections.abc import Hashable
from functools import cache

from textual.app import ComposeResult

from ...ui_text import table, ui
from ..compat import FooterKey, OwnTaskFooter


@cache
def _english_to_key() -> dict[str, str]:
    """Binding descriptions are written in English in the code; `key_*` entries translate them."""
    return {entry["en"]: key for key, entry in table().items() if key.startswith("key_")}


class LocalFooter(OwnTaskFooter):
    """Textual's footer recomposes (a new widget per key, each styled anew) after every bindings update.

    A question screen updates its bindings on mount, on every focus change and on every answer,
    while the keys shown rarely change: composing the footer again only when they do made about
    a third of the cost of drawing a question screen disappear.
    """

    _shown: Hashable = None
    """What the footer shows now: the keys, their state and the language (None before the first keys)."""

    def _keys(self) -> Hashable:
        return (
            getattr(self.app, "lang", "en"),
            self.show_command_palette,
            tuple(
                (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
                for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            ),
        )

    def compose(self) -> ComposeResult:
        lang = getattr(self.app, "lang", "en")
        keys = self._keys()
        shown = False
        for widget in super().compose():
            shown = True
            if isinstance(widget, FooterKey) and widget.description in _english_to_key():
                widget.description = ui(_english_to_key()[widget.description], lang)
            yield widget
        self._shown = keys if shown else None

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()
