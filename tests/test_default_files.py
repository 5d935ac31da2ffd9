"""`wizard check` and `wizard test` with nothing named: inside a clone they use the current folder's
flows/ (so an author's edits are what is checked), elsewhere the wizard's own copy; either way a line
on standard error says which, and the output names the files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from wizard.flow.builtin import BUILTIN_FLOW, SCENARIOS_DIR

PICKLEBALL = "self_care_pickleball.yaml"


def wizard(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wizard", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def own_copy(cwd: Path) -> tuple[Path, Path]:
    """The built-in flow and scenarios of the wizard a command run in `cwd` imports (an installed copy
    has them in site-packages, not in this checkout)."""
    code = "from wizard.flow.builtin import BUILTIN_FLOW, SCENARIOS_DIR; print(BUILTIN_FLOW); print(SCENARIOS_DIR)"
    flow, scenarios = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=True, timeout=60
    ).stdout.splitlines()
    return Path(flow), Path(scenarios)


def clone(tmp_path: Path, flow_text: str | None = None) -> Path:
    """A folder laid out like a clone's root: flows/knee_ankle.yaml and flows/scenarios/ with one scenario."""
    flows = tmp_path / "flows"
    (flows / "scenarios").mkdir(parents=True)
    (flows / "knee_ankle.yaml").write_text(flow_text or BUILTIN_FLOW.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copy(SCENARIOS_DIR / PICKLEBALL, flows / "scenarios")
    return tmp_path


def test_check_outside_a_clone_says_it_checks_the_wizards_own_copy(tmp_path: Path) -> None:
    result = wizard(tmp_path, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    BUILTIN_FLOW, _ = own_copy(tmp_path)
    assert result.stderr.splitlines() == [
        f"wizard check: no FLOW named, so checking the wizard's own copy, {BUILTIN_FLOW} "
        "(this folder has no flows/knee_ankle.yaml)"
    ]
    assert result.stdout.startswith(f"{BUILTIN_FLOW}: ok: flow knee_ankle")


def test_check_in_a_clone_checks_the_authors_edits(tmp_path: Path) -> None:
    text = BUILTIN_FLOW.read_text(encoding="utf-8")
    assert text.count('show_if: "conditions has diabetes"') == 1
    folder = clone(tmp_path, text.replace('show_if: "conditions has diabetes"', 'show_if: "conditionz has diabetes"'))
    result = wizard(folder, "check")
    assert result.returncode == 1, result.stdout
    assert result.stderr.splitlines() == [
        "wizard check: no FLOW named, so checking flows/knee_ankle.yaml in this folder"
    ]
    first = result.stdout.splitlines()[0]
    assert first.startswith("flows/knee_ankle.yaml:") and "[ref/unknown-question]" in first
    assert 'did you mean "conditions"' in first
    assert result.stdout.splitlines()[-1].startswith("flows/knee_ankle.yaml: not loaded: 1 error")


def test_test_in_a_clone_runs_its_scenarios_against_its_flow(tmp_path: Path) -> None:
    folder = clone(tmp_path)
    result = wizard(folder, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "wizard test: no SCENARIO named, so running flows/scenarios in this folder",
        "wizard test: no --flow named, so using flows/knee_ankle.yaml in this folder",
    ]
    assert result.stdout.splitlines() == [f"ok   flows/scenarios/{PICKLEBALL}", "1 passed, 0 failed"]
    # The flow is the folder's own too: break it, and the run says so at its path.
    (folder / "flows" / "knee_ankle.yaml").write_text("flow: [\n", encoding="utf-8")
    broken = wizard(folder, "test", f"flows/scenarios/{PICKLEBALL}")
    assert broken.returncode == 1
    assert (
        broken.stderr.splitlines()[0] == "wizard test: no --flow named, so using flows/knee_ankle.yaml in this folder"
    )
    assert broken.stderr.splitlines()[1].startswith("flows/knee_ankle.yaml:") and "[yaml/syntax]" in broken.stderr


def test_test_outside_a_clone_says_it_runs_the_wizards_own_scenarios(tmp_path: Path) -> None:
    result = wizard(tmp_path, "test")
    assert result.returncode == 0, result.stdout + result.stderr
    BUILTIN_FLOW, SCENARIOS_DIR = own_copy(tmp_path)
    assert result.stderr.splitlines() == [
        f"wizard test: no SCENARIO named, so running the wizard's own copy, {SCENARIOS_DIR} "
        "(this folder has no flows/scenarios)",
        f"wizard test: no --flow named, so using the wizard's own copy, {BUILTIN_FLOW} "
        "(this folder has no flows/knee_ankle.yaml)",
    ]
    lines = result.stdout.splitlines()
    assert f"ok   {SCENARIOS_DIR / PICKLEBALL}" in lines
    assert lines[-1] == f"{len(lines) - 1} passed, 0 failed"
