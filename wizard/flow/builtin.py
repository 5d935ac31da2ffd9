"""Where the built-in flow and its scenarios live, installed or in a source checkout, and which copy the
authoring commands use when none is named.

`wizard check` and `wizard test` are run by flow authors inside a clone, where a copy of the
wizard may also be installed (`pip install .` copies flows/ into the package). Checking the
installed copy there would silently ignore the author's edits, so those commands prefer
`flows/knee_ankle.yaml` and `flows/scenarios/` of the current folder, and say which copy they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_INSTALLED = _PACKAGE / "_flows"
"""Wheels carry the repository's flows/ folder here (see pyproject.toml)."""
_CHECKOUT = _PACKAGE.parent / "flows"

FLOWS_DIR = _INSTALLED if _INSTALLED.is_dir() else _CHECKOUT
BUILTIN_FLOW = FLOWS_DIR / "knee_ankle.yaml"
SCENARIOS_DIR = FLOWS_DIR / "scenarios"

LOCAL_FLOW = Path("flows", "knee_ankle.yaml")
"""The built-in flow's place in a clone, relative to its root."""
LOCAL_SCENARIOS = Path("flows", "scenarios")


@dataclass(frozen=True)
class Default:
    """The file or folder a command uses when none is named, and whose copy it is."""

    path: Path
    local: bool
    """True: the current folder's copy (a clone being edited); False: the wizard's own (installed) copy."""
    looked_for: Path

    def describe(self) -> str:
        """Which copy, in words, for the line the commands print."""
        if self.local:
            return f"{self.path} in this folder"
        return f"the wizard's own copy, {self.path} (this folder has no {self.looked_for})"


def default_flow() -> Default:
    """The flow of the current folder when it has one, else the built-in flow the wizard runs from."""
    if LOCAL_FLOW.is_file():
        return Default(LOCAL_FLOW, True, LOCAL_FLOW)
    return Default(BUILTIN_FLOW, False, LOCAL_FLOW)


def default_scenarios() -> Default:
    """The scenarios of the current folder when it has them, else the built-in flow's."""
    if LOCAL_SCENARIOS.is_dir():
        return Default(LOCAL_SCENARIOS, True, LOCAL_SCENARIOS)
    return Default(SCENARIOS_DIR, False, LOCAL_SCENARIOS)
