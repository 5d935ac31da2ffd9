"""Where the built-in flow and its scenarios live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_INSTALLED = _PACKAGE / "_flows"
"""Wheels carry the repository's flows/ folder here (see pyproject.toml)."""
_CHECKOUT = _PACKAGE.parent / "flows"

FLOWS_DIR = _INSTALLED if _INSTALLED.is_dir() else _CHECKOUT
BUILTIN_FLOW = FLOWS_DIR / "knee_ankle.yaml"
SCENARIOS_DIR = FLOWS_DIR / "scenarios"
