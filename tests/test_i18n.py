"""Spanish and English give the same outcome, and every text exists in both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loader import LoadedFlow
from wizard.report import outcome, to_html, to_text
from wizard.tools.scenarios import scenario_files
from wizard.ui_text import languages, table

FILES = scenario_files([SCENARIOS_DIR])


def ids(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("red_flags", "causes", "exercises", "exercises_withheld", "treatments", "prevention")
    return {"triage": data["triage"]["level"], **{k: [item["id"] for item in data[k]] for k in keys}}


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_spanish_gives_the_same_ids_with_spanish_text(path: Path, flow: LoadedFlow) -> None:
    doc = read_answers(path)
    en = outcome(session := replay(doc, flow, "en"), assess(session))
    es = outcome(session := replay(doc, flow, "es"), assess(session))
    assert ids(en) == ids(es)
    assert es["lang"] == "es" and es["triage"]["label"] != en["triage"]["label"]
    assert es["disclaimer"] != en["disclaimer"]
    text = to_text(es)
    for english in ("WARNING SIGNS", "EXERCISES", "Because", "How soon", "Not now", "SOURCES"):
        assert english not in text
    assert "Warning signs" not in to_html(es)


def _texts(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every localizable text in a dumped flow model, with where it is."""
    if isinstance(value, dict):
        if value and set(value) <= {"en", "es"} and all(isinstance(v, str) for v in value.values()):
            return [(path, value)]
        return [
            t for key, item in value.items() if key not in ("picture", "sources") for t in _texts(item, f"{path}.{key}")
        ]
    if isinstance(value, list):
        return [t for i, item in enumerate(value) for t in _texts(item, f"{path}[{i}]")]
    return []


def test_every_flow_text_and_ui_string_has_both_languages(flow: LoadedFlow) -> None:
    assert flow.model.flow.languages == ["en", "es"]
    texts = _texts(flow.model.model_dump())
    assert len(texts) > 400
    assert [path for path, text in texts if set(text) != {"en", "es"}] == []
    assert languages() == ["en", "es"]
    assert [key for key, entry in table().items() if set(entry) != {"en", "es"}] == []


def test_check_warns_about_missing_and_undeclared_translations(flow: LoadedFlow, tmp_path: Path) -> None:
    from tests.conftest import MINIMAL
    from wizard.flow.loader import load_flow

    assert flow.warnings == []
    text = (
        MINIMAL.read_text()
        .replace("  languages: [en]", "  languages: [en, es]")
        .replace("  title: Mini flow", "  title: {en: Mini flow, es: Mini, de: Mini}")
    )
    path = tmp_path / "flow.yaml"
    path.write_text(text)
    warnings = load_flow(path).warnings
    assert {w.rule for w in warnings} == {"text/missing-translation", "text/unknown-language"}
    first = warnings[0]
    assert (first.line, first.severity) == (5, "warning") and "de" in first.message
    assert all(w.severity == "warning" for w in warnings)
