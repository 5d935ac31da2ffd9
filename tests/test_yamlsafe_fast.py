"""libyaml's fast path reads every file exactly as PyYAML's Python parser does (wizard/flow/yamlsafe.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wizard.errors import WizardError
from wizard.flow import yamlsafe

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for folder in ("flows", "tests/data", "wizard") for p in (ROOT / folder).rglob("*.yaml"))


def read(text: str, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Everything parse_yaml returns or reports, with libyaml on or off."""
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(yamlsafe, "_CParser", None)
        try:
            out = yamlsafe.parse_yaml(text, "f.yaml")
        except WizardError as exc:
            return [problem.format() for problem in exc.problems]
        return out.data, out.values, out.keys, out.ends, out.lines


@pytest.mark.skipif(yamlsafe._CParser is None, reason="PyYAML without libyaml")
def test_libyaml_and_pyyaml_agree_on_every_yaml_file_here(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(FILES) > 100
    for path in FILES:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert read(text, fast=True, monkeypatch=monkeypatch) == read(text, fast=False, monkeypatch=monkeypatch), path


@pytest.mark.skipif(yamlsafe._CParser is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize(
    "text",
    [
        "a: [b?c]\n",  # PyYAML ends a plain word at "?" inside [...] and refuses the rest
        "a: {b: where?}\n",
        "a: {b: , c: d}\n",  # a missing value inside {...}: libyaml puts it elsewhere
        "a: [x: ]\n",
        "a:\tb\n",  # libyaml takes tabs where PyYAML refuses them
        "a\ufeffb: c\n",  # libyaml gives U+FEFF no column
        "a:\n  b: c",  # no final line break: libyaml ends the mapping on a line after the last
        "a: {b: c}",
        "a: b\n---\nc: d\n",
        "a: &x 1\nb: *x\n",
        "a: 1\na: 2\nb: *x\n",  # the alias is found while composing, before the duplicate key
    ],
)
def test_where_libyaml_differs_pyyaml_decides(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert read(text, fast=True, monkeypatch=monkeypatch) == read(text, fast=False, monkeypatch=monkeypatch)
