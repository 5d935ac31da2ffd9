"""Screen bases that know their App: the one place a screen's `app` is read as the WizardApp."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from .app import WizardApp

Result = TypeVar("Result")


class WizardScreen(Screen[None]):
    """A full screen of the wizard."""

    @property
    def wizard(self) -> WizardApp:
        return cast("WizardApp", self.app)


class WizardModal(ModalScreen[Result]):
    """A dialog of the wizard, dismissed with a result of type `Result`."""

    @property
    def wizard(self) -> WizardApp:
        return cast("WizardApp", self.app)
