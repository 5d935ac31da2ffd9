"""Every shipped scenario file is a test of its own, and together they cover the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.engine.answerfile import read_answers
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loader import LoadedFlow
from wizard.tools.scenarios import evaluate, parse_expect, scenario_files

FILES = scenario_files([SCENARIOS_DIR])


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path, flow: LoadedFlow) -> None:
    result = evaluate(path, flow)
    assert not result.failures, "\n".join(result.failures)


def test_scenarios_cover_every_level_flag_cause_and_exercise(flow: LoadedFlow) -> None:
    assert len(FILES) >= 30
    expects = [parse_expect(read_answers(p), flow) for p in FILES]
    m = flow.model
    assert {e.triage for e in expects} >= {t.id for t in m.triage}
    assert set().union(*(e.red_flags.present for e in expects)) >= {f.id for f in m.red_flags}
    assert set().union(*(e.causes.top3 for e in expects)) >= {c.id for c in m.causes}
    assert set().union(*(e.exercises.present for e in expects)) >= {x.id for x in m.exercises}
    assert set().union(*(e.treatments.present for e in expects)) >= {t.id for t in m.treatments}
    assert set().union(*(e.prevention.present for e in expects)) >= {p.id for p in m.prevention}


def test_a_wrong_expectation_fails_with_expected_and_actual(flow: LoadedFlow, tmp_path: Path) -> None:
    text = (SCENARIOS_DIR / "self_care_pickleball.yaml").read_text().replace("triage: self_care", "triage: urgent")
    path = tmp_path / "wrong.yaml"
    path.write_text(text)
    assert evaluate(path, flow).failures == ["triage: expected urgent, got self_care"]
