"""Every shipped scenario file is a test of its own, and together they cover the flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.engine.answerfile import read_answers
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
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


MINI_SCENARIO = """title: Knee after a fall
answers:
  where: [knee]
  danger: "no"
  walk: "yes"
  injury: recent
  crack: "no"
  pain: 4
  age: 30
expect:
  triage: self_care
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        (
            ("  - id: pain\n", "pain >= 3"),
            ("  - id: pain_now\n", "pain_now >= 3"),
            8,
            '8:3: error: unknown question "pain" (did you mean "pain_now"?) [answers/unknown-question]',
        ),
        (
            ('show_if: "injury == recent"',),
            ('show_if: "injury == none"',),
            7,
            '7:3: error: "crack" is not asked with these answers: it is shown only when injury == none '
            "[answers/hidden-question]",
        ),
    ],
    ids=["question-renamed", "question-now-hidden"],
)
def test_wizard_test_fails_a_scenario_the_flow_has_drifted_from(  # type: ignore[no-untyped-def]
    write, old: tuple[str, ...], new: tuple[str, ...], line: int, said: str
) -> None:
    import io

    from wizard.tools.scenarios import run_scenarios

    from .conftest import MINIMAL

    scenario = write("knee.yaml", MINI_SCENARIO)
    out = io.StringIO()
    assert run_scenarios([scenario], MINIMAL, out) == 0, out.getvalue()
    flow_text = MINIMAL.read_text(encoding="utf-8")
    for before, after in zip(old, new, strict=True):
        assert before in flow_text
        flow_text = flow_text.replace(before, after)
    out = io.StringIO()
    assert run_scenarios([scenario], write("drifted.yaml", flow_text), out) == 1
    assert out.getvalue().splitlines() == [f"ERROR {scenario}", f"  {scenario}:{said}", "0 passed, 1 failed"]
    assert MINI_SCENARIO.splitlines()[line - 1].startswith("  " + said.split('"')[1])
