"""The broken-flow corpus: each file in tests/data/broken is one mistake, found by its rule at its line.

Every file's first line says what `wizard check` must report:
`# expect: RULE at line N[; says: TEXT]`. The files are the minimal test flow
with one thing changed, so they stay small and the mistake is the only thing
wrong. Unreachable items and conditions that can never be true come from
exploring every path (`wizard.tools.semantic_lint`).
"""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest

from wizard.flow.files import MAX_BYTES
from wizard.tools.lint import RULE_IDS, FileReport, lint_file

from .conftest import DATA, MINIMAL

BROKEN = DATA / "broken"
HEADER = re.compile(
    rb"# expect: (?P<rule>[a-z0-9-]+/[a-z0-9-]+) at line (?P<line>\d+)"
    rb"(?:; says: (?P<says>.*?))?\n"
)
PEAK_BYTES = 20_000_000
"""Rejecting a broken flow must not take more memory than this, whatever the file does."""


def _cases() -> list[object]:
    cases: list[object] = []
    for path in sorted(BROKEN.glob("*.yaml")):
        match = HEADER.match(path.read_bytes())
        assert match, f"{path.name} has no '# expect:' header"
        says = (match["says"] or b"").decode()
        cases.append(pytest.param(path, match["rule"].decode(), int(match["line"]), says, id=path.stem))
    return cases


def lint_within_memory(path: Path) -> FileReport:
    tracemalloc.start()
    try:
        report = lint_file(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES, f"{path.name} took {peak:,} bytes"
    return report


def test_the_corpus_is_large_and_covers_the_rule_table() -> None:
    files = list(BROKEN.glob("*.yaml"))
    assert len(files) >= 40
    rules = {m["rule"].decode() for f in files if (m := HEADER.match(f.read_bytes()))}
    assert rules <= set(RULE_IDS)
    untested = {r for r in RULE_IDS if r not in rules} - {
        "file/missing",
        "file/unreadable",
        "yaml/too-large",  # tested below, without a file in the corpus
        "cond/always-true",
        "option/never-used",
        "cause/unreachable",
        "exercise/unreachable",  # explore's tests
        "explore/incomplete",
        "lint/unused-silence",
    }  # tested in test_lint.py, where a silence can be made unused on purpose
    assert not untested


@pytest.mark.parametrize(("path", "rule", "line", "says"), _cases())
def test_broken_flow_is_found_by_its_rule_at_its_line(path: Path, rule: str, line: int, says: str) -> None:
    report = lint_within_memory(path)
    found = [f.problem for f in report.findings if f.problem.rule == rule]
    assert found, [f.problem.format() for f in report.findings]
    assert found[0].line == line, found[0].format()
    assert found[0].path == str(path) and found[0].col >= 1
    assert says in found[0].message
    assert found[0].severity == RULE_IDS[rule].severity
    others = [f.problem.format() for f in report.findings if f.problem.rule != rule and f.problem.severity == "error"]
    assert not others, "the corpus file should be broken in one way only"
    assert report.ok is (RULE_IDS[rule].severity == "warning")


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    text = MINIMAL.read_text(encoding="utf-8")
    path.write_text(text + "#" * (MAX_BYTES - len(text) + 1), encoding="utf-8")
    report = lint_within_memory(path)
    assert [f.problem.format() for f in report.findings] == [
        f"{path}: error: the file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} [yaml/too-large]"
    ]


def test_a_missing_file_is_one_finding(tmp_path: Path) -> None:
    report = lint_file(tmp_path / "nope.yaml")
    assert [f.problem.rule for f in report.findings] == ["file/missing"]
    assert not report.ok
