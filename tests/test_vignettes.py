"""The case vignettes (tests/vignettes) through the real engine: the safety figures are asserted,
the accuracy figures are held to issue 17's targets, and every file is checked for its shape.

Gold labels are never edited to make these pass (tests/vignettes/README.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.vignettes import LEVELS, TARGETS, VIGNETTES, Report, read_vignette, run


@pytest.fixture(scope="module")
def report() -> Report:
    return run()


def _ratio(share: tuple[int, int]) -> float:
    hits, total = share
    return hits / total


def test_the_set_is_large_and_spread() -> None:
    cases = [read_vignette(path) for path in sorted(VIGNETTES.glob("v*.yaml"))]
    assert len(cases) >= 60
    assert {c.gold.triage for c in cases} == set(LEVELS)
    assert {c.joint for c in cases} == {"knee", "ankle", "both"}
    assert {c.onset for c in cases} == {"traumatic", "atraumatic"}
    assert {c.course for c in cases} == {"acute", "chronic"}
    assert min(c.age for c in cases) <= 16 and max(c.age for c in cases) >= 85
    ids = {c.id for c in cases}
    assert all(c.pair in ids for c in cases if c.pair), "a near-miss pair names a case that exists"
    for path, case in zip(sorted(VIGNETTES.glob("v*.yaml")), cases, strict=True):
        assert Path(path).name.startswith(f"{case.id}_"), path


def test_no_case_is_under_triaged(report: Report) -> None:
    assert [(c.vignette.id, c.vignette.gold.triage, c.triage) for c in report.under] == []


def test_no_case_is_offered_a_forbidden_exercise(report: Report) -> None:
    assert [(c.vignette.id, c.forbidden) for c in report.forbidden] == []


def test_accuracy_meets_the_targets(report: Report) -> None:
    assert _ratio(report.triage_exact) >= TARGETS["triage_exact"]
    assert _ratio(report.self_care_right) >= TARGETS["self_care_right"]
    assert _ratio(report.condition_top3) >= TARGETS["condition_top3"]


def test_a_person_without_red_flags_finishes_in_20_questions(report: Report) -> None:
    assert any(not c.red_flags for c in report.cases)
    assert report.most_asked_without_flags <= 20
