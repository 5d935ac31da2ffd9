"""Authoring aids: the question graph and the JSON Schema of the flow format."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loaded import LoadedFlow
from wizard.flow.yamlsafe import read_yaml
from wizard.tools import graph
from wizard.tools.budget import Budget
from wizard.tools.graph import RESULTS, Edge, question_graph, to_dot, to_mermaid


def test_graph_has_a_way_onward_around_every_skippable_question(flow: LoadedFlow) -> None:
    graph = question_graph(flow)
    assert graph.proved
    found = {(e.source, e.target): e for e in graph.edges}
    assert found["where", "age"] == Edge("where", "age", "")
    assert found["conditions", "diabetic_foot"] == Edge("conditions", "diabetic_foot", "conditions has diabetes")
    assert found["conditions", "steps_now"] == Edge("conditions", "steps_now", "", ("diabetic_foot",))
    assert found["activity_change", RESULTS].skipped == ("shoes",)  # the last question can be skipped too
    # Only ways some answers take: tender_points and ottawa_exclusions are asked together or not at all.
    assert ("tender_points", "pain_score") not in found
    assert found["urgent_signs", "pain_score"].skipped == ("injury_how", "tender_points", "ottawa_exclusions")
    skippable = {q.id for q in flow.questions if q.show_if is not None}
    assert {q for e in graph.edges for q in e.skipped} == skippable
    assert all(flow.order[e.source] < (flow.order.get(e.target, len(flow.questions))) for e in graph.edges)
    assert {e.target for e in graph.edges} == {q.id for q in flow.questions[1:]} | {RESULTS}
    assert {e.source for e in graph.edges} == {q.id for q in flow.questions}


def test_graph_shows_short_question_texts_in_the_chosen_language(flow: LoadedFlow) -> None:
    mermaid = to_mermaid(flow, "es")
    assert '    urgent_signs["urgent_signs: ¿Tiene alguna de estas cosas? Elija todas las…"]' in mermaid
    assert '    _results["Sus resultados"]' in mermaid
    assert '    conditions -->|"conditions has diabetes"| diabetic_foot' in mermaid
    assert '    conditions -.->|"skips diabetic_foot"| steps_now' in mermaid
    dot = to_dot(flow, "en")
    assert '    "age" [label="age: How old are you?"];' in dot
    assert '"conditions" -> "diabetic_foot" [label="conditions has diabetes", style=bold];' in dot
    assert '"conditions" -> "steps_now" [label="skips diabetic_foot", style=dashed];' in dot
    assert '"shoes" -> "_results";' in dot
    assert all(len(line) < 120 for line in dot.splitlines() if "[label=" in line and "->" not in line)


def test_graph_too_large_for_the_walk_says_its_edges_are_unproved(
    flow: LoadedFlow, monkeypatch: pytest.MonkeyPatch
) -> None:
    proved = {(e.source, e.target) for e in question_graph(flow).edges}
    unproved = question_graph(flow, max_states=10)
    assert not unproved.proved
    assert proved < {(e.source, e.target) for e in unproved.edges}
    monkeypatch.setattr(graph, "Budget", lambda states, seconds: Budget(10, seconds))
    assert "    %% every edge the conditions allow" in to_mermaid(flow)
    assert "    // every edge the conditions allow" in to_dot(flow)


def test_graph_from_the_command_line_takes_a_language() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "graph", "--lang", "es", "--format", "dot"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert '"age" [label="age: ¿Cuántos años tiene?"];' in result.stdout


def test_schema_accepts_the_built_in_flow_and_rejects_a_typo() -> None:
    result = subprocess.run([sys.executable, "-m", "wizard", "schema"], capture_output=True, text=True, timeout=60)
    schema = json.loads(result.stdout)
    validator = jsonschema.Draft202012Validator(schema)
    data = read_yaml(BUILTIN_FLOW).data
    assert list(validator.iter_errors(data)) == []
    data["sections"][0]["questions"][0]["txt"] = data["sections"][0]["questions"][0].pop("text")
    assert list(validator.iter_errors(data))


def test_explain_reads_every_rule_in_plain_words(flow: LoadedFlow) -> None:
    from wizard.tools.explain import Explainer

    report = Explainer(flow, "en").report()
    assert "Flow `knee_ankle`, version 2.0.0" in report
    assert all(f"**{q.id}**" in report for q in flow.questions)
    assert all(flow.text(f.title) in report for f, _ in flow.red_flags)
    assert (
        "| emergency | Chest pain or sudden breathlessness | `emergency` includes “Chest pain, sudden "
        "breathlessness, or coughing up blood” | as the level allows | nhs_dvt |" in report
    )
    assert "asked only when `conditions` includes “Diabetes”" in report
    assert (
        "Not offered at load Gentle weight on the leg; Strengthening under load; Impact: running, jumping, hopping "
        "when [cannot_bear_weight: `steps_now` is “No, I can't”] (cannot_bear_weight): " in report
    )
    spanish = Explainer(flow, "es").report()
    assert "Revisión del dolor de rodilla y tobillo" in spanish
