"""Authoring aids: the question graph and the JSON Schema of the flow format."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema

from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loader import LoadedFlow
from wizard.flow.yamlsafe import read_yaml
from wizard.tools.graph import edges, to_dot, to_mermaid


def test_graph_puts_each_condition_on_the_edges_into_its_question(flow: LoadedFlow) -> None:
    found = edges(flow)
    assert ("calf_clot", "breathless", "calf_clot == yes") in found
    assert ("where", "injury", "") in found
    assert all(flow.order[source] < flow.order[target] for source, target, _ in found)
    assert {target for _, target, _ in found} == {q.id for q in flow.questions[1:]}
    assert '    calf_clot -->|"calf_clot == yes"| breathless' in to_mermaid(flow)
    assert '"calf_clot" -> "breathless" [label="calf_clot == yes", style=dashed];' in to_dot(flow)


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
    assert "Flow `knee_ankle`, version 1.0.0" in report
    assert all(f"**{q.id}**" in report for q in flow.questions)
    assert all(flow.text(f.title) in report for f, _ in flow.red_flags)
    assert (
        "| emergency | A blood clot may have reached your lungs | (`calf_clot` is “Yes” AND `breathless` is “Yes”)"
        in report
    )
    assert "asked only when `calf_clot` is “Yes”" in report
    assert (
        "No exercise that puts weight through the leg is offered when [cannot_bear_weight: `steps_now` is "
        "“No, I can't”]." in report
    )
    spanish = Explainer(flow, "es").report()
    assert "Revisión del dolor de rodilla y tobillo" in spanish
