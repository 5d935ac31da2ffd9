"""For every shipped scenario, the screens reach the results and agree with `wizard run`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.tools.scenarios import scenario_files
from wizard.tui.replay import ReplayError, replay_screens

FILES = scenario_files([SCENARIOS_DIR])


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
async def test_replay_agrees_with_run(path: Path, flow: LoadedFlow) -> None:
    doc = read_answers(path)
    expected = assess(replay(doc, flow))
    shown = await replay_screens(flow, "en", doc.answers, (80, 24), None)
    assert shown.triage == expected.triage.id
    assert shown.triage_label == flow.text(expected.triage.label)
    assert shown.top_cause == (expected.causes[0].cause.id if expected.causes else None)


async def test_replay_names_the_question_the_screens_cannot_answer(flow: LoadedFlow) -> None:
    answers = {"where": ["left_knee"], "age": 30, "emergency": ["none"], "injury": "sometimes"}
    with pytest.raises(ReplayError, match='question "injury"'):
        await replay_screens(flow, "en", answers, (80, 24), None)


def test_replay_command_saves_an_svg(tmp_path: Path) -> None:
    svg = tmp_path / "results.svg"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "wizard",
            "replay",
            str(SCENARIOS_DIR / "self_care_pickleball.yaml"),
            "--size",
            "100x30",
            "--screenshot",
            str(svg),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "triage: self_care" in result.stdout and "top cause: activity_increase" in result.stdout
    assert svg.read_text().startswith("<svg")


def test_replay_command_rejects_a_bad_file_before_any_screen(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("answers:\n  where: [left_knee]\n  injury: sometimes\n")
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "replay", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad.yaml:3:11: error: injury:" in result.stderr
