"""The layering contracts of pyproject.toml (import-linter): the engine, tools and headless faces never
import Textual or the TUI, and the flow model never imports the engine.

The contracts follow imports inside functions and through other modules, so a chain such as
engine -> some helper -> textual breaks them too; a hand-picked list of modules in a test would not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from importlinter.api import read_configuration

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = {
    "wizard.flow",
    "wizard.engine",
    "wizard.results",
    "wizard.tools",
    "wizard.plain",
    "wizard.fhir",
    "wizard.kiosk",
}
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package found in `cwd` (its own folder comes first on the path)."""
    return subprocess.run([sys.executable, "-c", LINT], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_contracts_name_every_headless_package() -> None:
    contracts = {c["name"]: c for c in read_configuration(str(ROOT / "pyproject.toml"))["contracts_options"]}
    forbidden = {
        (source, target)
        for c in contracts.values()
        if c["type"] == "forbidden"
        for source in c["source_modules"]
        for target in c["forbidden_modules"]
    }
    assert {(m, "textual") for m in HEADLESS} <= forbidden
    assert {(m, "wizard.tui") for m in HEADLESS} <= forbidden
    assert ("wizard.flow", "wizard.engine") in forbidden


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_planted_import_breaks_them(tmp_path: Path) -> None:
    """A copy of the package with an engine module that imports the TUI inside a function, and a flow
    module that imports the engine: both contracts fail and name the line."""
    shutil.copytree(ROOT / "wizard", tmp_path / "wizard", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "wizard" / "engine" / "flags.py").open("a", encoding="utf-8") as f:
        f.write("\n\ndef _planted() -> None:\n    from ..tui import app  # noqa: F401\n")
    with (tmp_path / "wizard" / "flow" / "text.py").open("a", encoding="utf-8") as f:
        f.write("\n\nfrom ..engine import session  # noqa: E402, F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "wizard.engine is not allowed to import textual" in result.stdout
    assert "wizard.engine.flags -> wizard.tui.app" in result.stdout
    assert "wizard.flow is not allowed to import wizard.engine" in result.stdout
    assert "2 broken" in result.stdout
