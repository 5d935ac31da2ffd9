"""Spanish and English give the same outcome, and every text exists in both."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wizard.engine.answerfile import read_answers, replay
from wizard.engine.assessment import assess
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.loaded import LoadedFlow
from wizard.results.html import to_html
from wizard.results.plain import to_plain
from wizard.results.view import ResultView, build_view
from wizard.tools.scenarios import scenario_files
from wizard.ui_text import languages, table

FILES = scenario_files([SCENARIOS_DIR])


def ids(view: ResultView) -> dict[str, Any]:
    return {
        "triage": view.triage.level,
        "signs": [s.id for s in view.warning_signs.signs] if view.warning_signs else [],
        "causes": [c.id for c in view.causes.causes] if view.causes else [],
        "exercises": [e.id for e in view.exercises.exercises],
        "withheld": len(view.exercises.withheld),
        "treatments": [t.id for t in view.treatments.items] if view.treatments else [],
        "prevention": [p.id for p in view.prevention.items] if view.prevention else [],
    }


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_spanish_gives_the_same_ids_with_spanish_text(path: Path, flow: LoadedFlow) -> None:
    doc = read_answers(path)
    en = build_view(session := replay(doc, flow, "en"), assess(session))
    es = build_view(session := replay(doc, flow, "es"), assess(session))
    assert ids(en) == ids(es)
    assert es.lang == "es" and es.triage.label != en.triage.label
    assert es.disclaimer.text != en.disclaimer.text
    text = to_plain(es)
    for english in ("Warning signs", "Exercises", "Because", "How soon", "Not now", "Sources", "Your answers"):
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
