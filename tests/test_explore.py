"""`wizard explore`: the built-in flow proved, a planted counterexample found for each invariant, the
counts checked against brute force, the budget, the JSON shape and the semantic lint findings."""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from wizard.cli import EXPLORE_INCOMPLETE, main
from wizard.engine import assessment
from wizard.engine.answers import Answer
from wizard.engine.assessment import assess
from wizard.engine.session import Session
from wizard.errors import WizardError
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import load_flow
from wizard.tools.answer_classes import _signature, answer_classes, leaves_by_question
from wizard.tools.exploration import Exploration
from wizard.tools.explore import explore
from wizard.tools.semantic_lint import lint_findings

from .conftest import DATA, MINIMAL
from .test_properties import FLOW as PROPERTY_FLOW
from .test_properties import answer_for, summary

LINT_FLOW = DATA / "explore" / "lint.yaml"
Write = Callable[[str, str], Path]


def planted(write: Write, *changes: tuple[str, str]) -> Path:
    """The minimal flow with each (old, new) text replaced once; the old text must be there."""
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return write("flow.yaml", text)


def failing(result: Exploration, name: str) -> str:
    """The counterexample of the one invariant that fails."""
    assert [i.name for i in result.failed] == [name]
    counterexample = result.failed[0].counterexample
    assert counterexample is not None
    return counterexample


def run_json(capsys: pytest.CaptureFixture[str], write: Write, flow: Path, answers: str) -> dict[str, Any]:
    """`wizard run --format json` on a counterexample, in this process (so a patched engine is the one run).

    Flattened to what the tests read: the signs, the exercises shown and the answers by question id.
    """
    capsys.readouterr()
    code = main(["run", str(write("counterexample.yaml", answers)), "--flow", str(flow), "--format", "json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data: dict[str, Any] = json.loads(out.out)
    signs = data["warning_signs"]["signs"] if data["warning_signs"] else []
    by_id = {given["id"]: given["value"] for given in data["answers"]["answers"]}
    return {**data, "red_flags": signs, "exercises": data["exercises"]["exercises"], "answers": by_id}


# --- the built-in flow -------------------------------------------------------------------


@pytest.fixture(scope="module")
def builtin(flow: LoadedFlow) -> Exploration:
    return explore(flow)


def test_builtin_flow_is_proved(builtin: Exploration) -> None:
    assert builtin.complete
    assert [(i.name, i.holds) for i in builtin.invariants if i.holds is not True] == []
    names = [i.name for i in builtin.invariants]
    assert len(names) == 6 + len(builtin.flow.invariants) and all(i.description for i in builtin.invariants)
    assert {"flow:possible_clot_is_seen_today", "flow:no_calf_stretch_on_a_fresh_ankle_injury"} <= set(names)
    for kind in ("questions", "red_flags", "likely", "causes", "exercises", "treatments", "prevention", "triage"):
        assert [item for item, n in builtin.coverage[kind].items() if not n] == [], kind
    assert builtin.paths == builtin.explored == builtin.at_least > 10**15


def test_coverage_counts_add_up(builtin: Exploration) -> None:
    assert sum(builtin.coverage["triage"].values()) == builtin.paths
    assert builtin.coverage["questions"]["where"] == builtin.paths
    options = builtin.coverage["options"]
    # A follow-up is asked on exactly the paths whose answer shows it.
    assert builtin.coverage["questions"]["injury_signs"] == options["injury.recent"]


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"paths", "coverage", "invariants", "seconds"} <= set(data)
    assert set(data["coverage"]) == {
        "questions",
        "options",
        "red_flags",
        "likely",
        "causes",
        "exercises",
        "treatments",
        "prevention",
        "triage",
    }
    assert data["coverage"]["red_flags"]["cannot_bear_weight"] > 0
    assert all({"name", "holds", "counterexample"} <= set(i) for i in data["invariants"])
    assert all(i["holds"] is True and i["counterexample"] is None for i in data["invariants"])
    assert isinstance(data["seconds"], float)


def test_budget_stops_with_its_own_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explore", "--max-states", "300"])
    out = capsys.readouterr().out
    assert code == EXPLORE_INCOMPLETE != 1
    line = next(line for line in out.splitlines() if line.startswith("incomplete:"))
    words = line.split()
    explored, at_least = int(words[2].replace(",", "")), int(words[6].replace(",", ""))
    assert 0 < explored < at_least
    assert "not proved (incomplete)" in out and "holds:" not in out


def test_timeout_stops_too(flow: LoadedFlow) -> None:
    result = explore(flow, timeout=0)
    assert not result.complete and result.explored < result.at_least
    assert all(i.holds is None for i in result.invariants)


# --- a planted counterexample for each invariant -----------------------------------------


def test_red_flag_triage_counterexample(
    write: Write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine takes the most urgent flag; plant a bug that takes the least urgent level instead.
    monkeypatch.setattr(LoadedFlow, "triage_level", lambda self, level_id: self.default_triage)
    flow = write("flow.yaml", MINIMAL.read_text(encoding="utf-8"))
    answers = failing(explore(load_flow(flow)), "red-flag-triage")
    data = run_json(capsys, write, flow, answers)
    assert data["red_flags"] and data["triage"]["level"] == "self_care"
    assert data["red_flags"][0]["level"] in ("emergency", "soon")


def test_emergency_exercise_counterexample(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    flow = planted(write, ("tone: danger, exercises: none", "tone: danger, exercises: all"))
    answers = failing(explore(load_flow(flow)), "no-exercise-at-emergency")
    data = run_json(capsys, write, flow, answers)
    assert data["triage"]["level"] == "emergency" and data["exercises"]


def test_withheld_load_counterexample(
    write: Write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine withholds weight-bearing exercises; plant a bug that forgets the flow's safety.withhold rules.
    original = assessment._exercises

    def careless(session: Session, *args: Any) -> Any:
        saved, session.flow.withhold = session.flow.withhold, []
        try:
            return original(session, *args)
        finally:
            session.flow.withhold = saved

    monkeypatch.setattr(assessment, "_exercises", careless)
    flow = write("flow.yaml", MINIMAL.read_text(encoding="utf-8"))
    answers = failing(explore(load_flow(flow)), "no-withheld-load")
    data = run_json(capsys, write, flow, answers)
    assert data["answers"]["walk"] in ("no", "unsure")
    assert any(e["load"] == "weight_bearing" for e in data["exercises"])


def test_dead_end_counterexample(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    flow = planted(
        write,
        (
            "        text: Can you walk?\n",
            "        text: Can you walk?\n        valid_if:\n"
            '          - {when: "danger != yes", message: Call for help instead.}\n',
        ),
    )
    answers = failing(explore(load_flow(flow)), "every-path-ends")
    assert 'no valid answer to "walk"' in answers
    capsys.readouterr()
    assert main(["run", str(write("counterexample.yaml", answers)), "--flow", str(flow)]) == 1
    assert 'missing answer to "walk"' in capsys.readouterr().err


def test_self_care_without_exercise_counterexample(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    flow = planted(
        write,
        (
            "    helps: {causes: [], locations: [ankle, knee]}\n",
            "    helps: {causes: [], locations: [ankle, knee]}\n    contraindications:\n"
            '      - {when: "injury == none", reason: Not without an injury.}\n',
        ),
        (
            '      - {when: "crack == yes", reason: Not after a crack.}\n',
            '      - {when: "crack == yes", reason: Not after a crack.}\n'
            '      - {when: "injury == none", reason: Not without an injury.}\n',
        ),
    )
    answers = failing(explore(load_flow(flow)), "self-care-says-something")
    data = run_json(capsys, write, flow, answers)
    assert data["triage"]["level"] == "self_care" and data["exercises"] == []


def test_flow_invariant_counterexample_and_proof(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    flow = planted(
        write,
        (
            "red_flags:\n",
            "invariants:\n"
            "  - id: cannot_walk_seen\n"
            "    description: someone who cannot walk is told to be seen\n"
            '    when: "walk == no"\n'
            '    then: "triage in [emergency, soon]"\n'
            "  - id: danger_is_emergency\n"
            "    description: a danger sign is an emergency, with no exercise\n"
            '    when: "danger in [yes, unsure]"\n'
            '    then: "triage == emergency and red_flags has danger_sign\n'
            '      and not exercises has squat"\n'
            "red_flags:\n",
        ),
    )
    result = explore(load_flow(flow))
    assert {i.name: i.holds for i in result.invariants if i.name.startswith("flow:")} == {
        "flow:cannot_walk_seen": False,
        "flow:danger_is_emergency": True,
    }
    answers = failing(result, "flow:cannot_walk_seen")
    data = run_json(capsys, write, flow, answers)
    assert data["answers"]["walk"] == "no" and data["triage"]["level"] == "self_care"


def test_flow_invariant_errors_are_located(write: Write) -> None:
    flow = planted(
        write,
        (
            "red_flags:\n",
            "invariants:\n"
            "  - id: typo\n"
            "    description: a misspelled outcome\n"
            '    then: "exercises has squats"\n'
            "red_flags:\n",
        ),
    )
    with pytest.raises(WizardError) as caught:
        load_flow(flow)
    (problem,) = caught.value.problems
    assert problem.rule == "ref/unknown-option" and 'did you mean "squat"' in problem.message
    line = flow.read_text(encoding="utf-8").splitlines().index('    then: "exercises has squats"') + 1
    assert (problem.line, problem.col) == (line, 11)


# --- the counts, against brute force ------------------------------------------------------


def every_path(flow: LoadedFlow) -> Iterator[dict[str, Answer]]:
    """Every combination of answer classes, one question after another, without any merging."""
    by_question = leaves_by_question(flow)
    classes = {q.id: answer_classes(q, by_question[q.id]) for q in flow.questions}

    def walk(index: int, answers: dict[str, Answer]) -> Iterator[dict[str, Answer]]:
        if index == len(flow.questions):
            yield answers
            return
        qid = flow.questions[index].id
        session = Session(flow)
        for done, value in answers.items():
            session.set_answer(done, value)
        if not session.is_visible(qid):
            yield from walk(index + 1, answers)
            return
        for answer_class in classes[qid]:
            if answer_class.answer is None:
                yield from walk(index + 1, answers)
                continue
            try:
                session.set_answer(qid, answer_class.answer)
            except ValueError:
                continue
            session.clear_answer(qid)
            yield from walk(index + 1, {**answers, qid: answer_class.answer})

    yield from walk(0, {})


def test_counts_match_brute_force(mini: LoadedFlow) -> None:
    counts: Counter[str] = Counter()
    paths = 0
    for answers in every_path(mini):
        paths += 1
        session = Session(mini)
        for qid, value in answers.items():
            session.set_answer(qid, value)
        assert session.finish()
        result = assess(session)
        counts.update([f"triage.{result.triage.id}"])
        counts.update(f"red_flags.{f.flag.id}" for f in result.red_flags)
        counts.update(f"causes.{c.cause.id}" for c in result.causes)
        counts.update(f"exercises.{e.id}" for e in result.exercises)
        counts.update(f"treatments.{t.id}" for t in result.treatments + result.prevention)
        counts.update(f"questions.{q.id}" for q in session.visible_questions())
    explored = explore(mini)
    assert explored.paths == paths > 100
    found = Counter(
        {
            f"{kind}.{item}": n
            for kind, items in explored.coverage.items()
            for item, n in items.items()
            if kind not in ("options", "prevention")
        }
    )
    found.update({f"treatments.{p}": n for p, n in explored.coverage["prevention"].items()})
    assert +found == +counts


def test_answer_classes_are_valid_answers_and_cover_the_thresholds(flow: LoadedFlow) -> None:
    by_question = leaves_by_question(flow)
    age = answer_classes(flow.question("age"), by_question["age"])
    assert sorted(c.answer for c in age if isinstance(c.answer, int)) == [
        1,
        16,
        18,
        40,
        45,
        55,
        61,
    ]  # red flags and likely conditions
    where = answer_classes(flow.question("where"), by_question["where"])
    assert all(isinstance(c.answer, list) and c.answer for c in where)
    exclusive = {"none", "unsure"}
    signs = answer_classes(flow.question("injury_signs"), by_question["injury_signs"])
    assert all(len(c.answer) == 1 for c in signs if isinstance(c.answer, list) and exclusive & set(c.answer))
    options = {o for c in answer_classes(flow.question("symptoms"), by_question["symptoms"]) for o in c.options}
    assert options == {o.id for o in flow.question("symptoms").options}  # type: ignore[union-attr]


# --- semantic lint -----------------------------------------------------------------------


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_lint_findings_with_rules_and_lines() -> None:
    text = LINT_FLOW.read_text(encoding="utf-8")
    found = {(p.rule, p.line, p.severity) for p in lint_findings(load_flow(LINT_FLOW))}
    assert found == {
        ("option/never-used", line_of(text, "{id: shin"), "warning"),
        ("question/unreachable", line_of(text, "- id: ghost_question"), "warning"),
        ("red-flag/unreachable", line_of(text, "{id: ghost_flag"), "error"),
        ("cause/unreachable", line_of(text, "- id: phantom"), "warning"),
        ("cond/never-true", line_of(text, "weight: 1, because: Impossible."), "warning"),
        ("exercise/unreachable", line_of(text, "- id: squat"), "warning"),
        ("cond/always-true", line_of(text, 'when: "pain >= 0"'), "warning"),
    }
    assert all(p.path == str(LINT_FLOW) and p.col > 0 for p in lint_findings(load_flow(LINT_FLOW)))


def test_lint_on_the_builtin_flow_finds_only_unread_options(flow: LoadedFlow) -> None:
    problems = lint_findings(flow)
    assert {p.rule for p in problems} == {"option/never-used"}
    assert all(p.severity == "warning" for p in problems)


def test_lint_says_when_the_budget_ran_out(flow: LoadedFlow) -> None:
    (problem,) = lint_findings(flow, max_states=50)
    assert problem.rule == "explore/incomplete" and problem.severity == "warning"


@pytest.mark.parametrize("values", list(itertools.product(["yes", "no", "unsure"], repeat=2)))
def test_counterexample_files_round_trip(values: tuple[str, str], write: Write, mini: LoadedFlow) -> None:
    from wizard.engine.answerfile import read_answers, replay
    from wizard.tools.exploration import answers_file

    answers: dict[str, Answer] = {
        "where": ["knee"],
        "danger": values[0],
        "walk": values[1],
        "injury": "none",
        "pain": 3,
    }
    doc = read_answers(write("a.yaml", answers_file(mini, answers, "why")))
    assert replay(doc, mini).answers() == answers


def test_synthetic_flows_load_and_explore() -> None:
    from benchmarks.synthetic import synthetic_flow, synthetic_yaml

    assert synthetic_yaml(50) == synthetic_yaml(50)  # the same size and seed, the same flow
    flow = synthetic_flow(50)
    assert len(flow.questions) == 50 and len(flow.red_flags) == 12
    assert sum(1 for q in flow.questions if q.show_if is not None) > 10
    result = explore(flow)
    assert result.complete and not result.failed and result.paths > 10**12


def test_readme_invariant_holds_on_the_builtin_flow(write: Write) -> None:
    from wizard.flow.builtin import BUILTIN_FLOW

    text = BUILTIN_FLOW.read_text(encoding="utf-8").replace(
        "\ninvariants:\n",
        """
invariants:
  - id: clot_is_seen_today
    description: a possible clot is never left to self-care
    when: "urgent_signs has any [calf, unsure]"
    then: "triage in [emergency, urgent] and red_flags has possible_dvt"
""",
        1,
    )
    result = explore(load_flow(write("knee_ankle.yaml", text)))
    assert result.complete and [(i.name, i.holds) for i in result.invariants if i.holds is not True] == []
    assert "flow:clot_is_seen_today" in {i.name for i in result.invariants}


def test_a_wrong_flow_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explore", "nope.yaml"]) == 1
    assert capsys.readouterr().err.strip() == "nope.yaml: error: no such file [file/missing]"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_answer_can_stand_for_its_class(data: st.DataObject) -> None:
    """Explore checks one answer per class: a random answer and its class's representative give the same
    outcome (that is what makes covering every class cover every answer)."""
    by_question = leaves_by_question(PROPERTY_FLOW)
    drawn, standing = Session(PROPERTY_FLOW), Session(PROPERTY_FLOW)
    for question in PROPERTY_FLOW.questions:
        if not drawn.is_visible(question.id):
            continue
        assert standing.is_visible(question.id)
        try:
            value = drawn.set_answer(question.id, answer_for(data, question, calm=True))
        except ValueError:  # not valid here (valid_if): no class needs to stand for it
            assume(False)
        items = by_question[question.id]
        (representative,) = [
            c.answer
            for c in answer_classes(question, items)
            if c.answer is not None and _signature(c.answer, items) == _signature(value, items)
        ]
        standing.set_answer(question.id, representative)
    assert drawn.finish() and standing.finish()
    assert summary(assess(drawn))[:4] == summary(assess(standing))[:4]


def test_too_many_option_combinations_is_a_clear_message(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    from wizard.tools import answer_classes as classes

    monkeypatch.setattr(classes, "MAX_COMBINATIONS", 3)
    flow = load_flow(write("flow.yaml", MINIMAL.read_text(encoding="utf-8")))
    with pytest.raises(WizardError) as caught:
        explore(flow)
    assert "option combinations" in caught.value.problems[0].message
    (problem,) = lint_findings(flow)
    assert problem.rule == "explore/too-many-options" and problem.severity == "warning"
