"""The benchmarks import, and their page keeps what others wrote in docs/benchmarks.md (figures: benchmarks/)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks import common, headless, quota, run, screens, transition
from wizard.flow.builtin import BUILTIN_FLOW
from wizard.flow.loader import load_flow


def test_one_tiny_case_runs_and_makes_a_row() -> None:
    start = time.perf_counter()
    per_change = headless.per_answer_us(load_flow(BUILTIN_FLOW), changes=20)
    row = common.ratio_row("x", 0.3, 0.2, "s", 1.2, "bare")
    assert per_change > 0 and row.met is False and row.why.startswith("25% over")
    assert screens.FIRST_TARGET == transition.TARGET == 1.2 and quota.QUOTA_US / quota.PERIOD_US == 0.25
    assert time.perf_counter() - start < 5


def test_the_page_keeps_sections_written_by_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "benchmarks.md"
    monkeypatch.setattr(run, "DOC", page)
    page.write_text("# Benchmarks\n\nold table\n\n## Vignettes\n\nkept text\n", encoding="utf-8")
    run.write(f"{run.START}\n# Benchmarks\n\nnew table\n{run.END}\n")
    first = page.read_text(encoding="utf-8")
    assert "new table" in first and "old table" not in first and first.endswith("## Vignettes\n\nkept text\n")
    page.write_text("intro\n" + first + "## Later\n\nalso kept\n", encoding="utf-8")
    run.write(f"{run.START}\nnewer table\n{run.END}\n")
    second = page.read_text(encoding="utf-8")
    assert second.startswith("intro\n") and "newer table" in second and "new table\n" not in second
    assert "kept text" in second and second.endswith("also kept\n")
