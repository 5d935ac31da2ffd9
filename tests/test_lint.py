"""`wizard check` as a linter: silences with reasons, stable order, JSON, exit codes, the rule table."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from wizard.errors import Problem
from wizard.flow.loaded import LoadedFlow
from wizard.flow.yamlsafe import read_yaml
from wizard.tools.lint import RULE_IDS, RULES, lint_file, lint_located, to_json, to_text
from wizard.tools.semantic_lint import lint_findings

from .conftest import MINIMAL
from .test_cli import wizard

BASE = MINIMAL.read_text(encoding="utf-8")
README = Path(__file__).parent.parent / "README.md"
FRENCH = "title: {en: Crack, fr: Craquement}, when"
"""A red flag title in an undeclared language: a `text/unknown-language` warning inside that red flag."""


def flow_with(write: Callable[[str, str], Path], *changes: tuple[str, str]) -> Path:
    text = BASE
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return write("flow.yaml", text)


def test_a_silence_with_a_reason_silences_the_finding_in_its_item_and_counts_it(
    write: Callable[[str, str], Path],
) -> None:
    path = flow_with(
        write,
        ("title: Crack, when", FRENCH),
        ("{id: crack_heard,", '{id: crack_heard, lint: {ignore: {text/unknown-language: "Quebec"}},'),
    )
    report = lint_file(path)
    assert report.ok and report.count("warning") == 0 and report.silenced == 1
    assert report.findings[0].reason == "Quebec"
    assert "[text/unknown-language] (silenced: Quebec)" in to_text([report], show_silenced=True)
    assert "silenced:" not in to_text([report]).splitlines()[0]
    assert to_text([report]).endswith("; 0 errors, 0 warnings, 1 silenced\n")


def test_a_silence_on_another_item_does_not_silence(write: Callable[[str, str], Path]) -> None:
    path = flow_with(
        write,
        ("title: Crack, when", FRENCH),
        ("{id: older_age,", '{id: older_age, lint: {ignore: {text/unknown-language: "wrong item"}},'),
    )
    report = lint_file(path)
    assert [(f.problem.rule, f.silenced) for f in report.findings] == [
        ("text/unknown-language", False),
        ("lint/unused-silence", False),
    ]
    assert report.findings[1].problem.line == report.findings[0].problem.line + 1


def test_the_innermost_item_owns_a_finding(write: Callable[[str, str], Path]) -> None:
    """A silence on a question does not reach a finding inside one of its options."""
    path = flow_with(
        write,
        ("{id: ankle, label: Ankle}", "{id: ankle, label: {en: Ankle, fr: Cheville}}"),
        ("      - id: where\n", "      - id: where\n        lint: {ignore: {text/unknown-language: x}}\n"),
    )
    rules = [(f.problem.rule, f.silenced) for f in lint_file(path).findings]
    assert rules == [("lint/unused-silence", False), ("text/unknown-language", False)]


def test_a_silence_without_a_reason_is_an_error_and_silences_nothing(write: Callable[[str, str], Path]) -> None:
    path = flow_with(
        write,
        ("title: Crack, when", FRENCH),
        ("{id: crack_heard,", "{id: crack_heard, lint: {ignore: {text/unknown-language: }},"),
    )
    report = lint_file(path)
    assert sorted(f.problem.rule for f in report.findings) == ["lint/no-reason", "text/unknown-language"]
    assert not report.ok and report.silenced == 0


def test_findings_are_ordered_by_path_line_col_rule(write: Callable[[str, str], Path]) -> None:
    path = flow_with(
        write,
        ("title: Crack, when", FRENCH),
        ("title: Danger, when", "title: {es: Peligro}, when"),
        ("  title: Mini flow", "  title: {en: Mini flow, de: Mini}"),
    )
    findings = [f.problem for f in lint_file(path).findings]
    keys = [(p.line, p.col, p.rule) for p in findings]
    assert keys == sorted(keys) and len(keys) == 4
    assert [p.rule for p in findings[1:3]] == ["text/missing-translation", "text/unknown-language"]


def test_more_checks_plug_in_and_their_findings_can_be_silenced(write: Callable[[str, str], Path]) -> None:
    """The shape the reachability analysis plugs into: a function from a loaded flow to problems."""
    path = flow_with(
        write,
        (
            "{id: none, label: None}",
            '{id: none, label: None, lint: {ignore: {option/never-used: "asked so the person can say so"}}}',
        ),
    )

    def never_used(flow: LoadedFlow) -> Iterable[Problem]:
        yield Problem('option "none" of "injury" is never read', flow.path, 57, 13, "warning", "option/never-used")
        yield Problem('option "recent" of "injury" is never read', flow.path, 56, 13, "warning", "option/never-used")

    report = lint_file(path, [never_used])
    assert [(f.problem.line, f.silenced) for f in report.findings] == [(56, False), (57, True)]


def test_json_has_the_documented_shape(write: Callable[[str, str], Path]) -> None:
    good = flow_with(
        write,
        ("title: Crack, when", FRENCH),
        ("{id: crack_heard,", '{id: crack_heard, lint: {ignore: {text/unknown-language: "pilot"}},'),
    )
    bad = write("bad.yaml", BASE.replace('when: "danger == yes"', 'when: "dangr == yes"'))
    result = wizard("check", "--format", "json", good, bad)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["errors"] == 1 and data["warnings"] == 0 and data["silenced"] == 1
    assert [(f["path"], f["ok"]) for f in data["files"]] == [(str(good), True), (str(bad), False)]
    (silenced,) = data["files"][0]["problems"]
    assert silenced == {
        "rule": "text/unknown-language",
        "severity": "warning",
        "line": 74,
        "col": 93,
        "path": str(good),
        "silenced": True,
        "reason": "pilot",
        "message": silenced["message"],
    }
    (error,) = data["files"][1]["problems"]
    assert {k: error[k] for k in ("rule", "severity", "line", "silenced")} == {
        "rule": "ref/unknown-question",
        "severity": "error",
        "line": 73,
        "silenced": False,
    }
    assert to_json([lint_file(good), lint_file(bad)]) == result.stdout


def test_exit_status_is_zero_with_only_warnings(write: Callable[[str, str], Path]) -> None:
    result = wizard("check", flow_with(write, ("title: Crack, when", FRENCH)))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[0].endswith(
        "warning: text in a language the flow does not declare: fr (languages: en) [text/unknown-language]"
    )
    assert result.stdout.splitlines()[1].endswith("; 0 errors, 1 warning, 0 silenced")


def test_the_readme_rule_table_is_the_rule_list() -> None:
    rows = re.findall(r"^\| `([a-z0-9-]+/[a-z0-9-]+)` \| (error|warning) \|", README.read_text(encoding="utf-8"), re.M)
    assert rows == [(rule.id, rule.severity) for rule in RULES]


# --- issue 14 ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Mini flow", 'title: "Mini \\e]0;pwned\\a flow"'),
        ('version: "1"', 'version: "1\\u202e"'),
        ("{id: src, title: A source}", '{id: src, title: A source, url: "https://x.example/\\x9b"}'),
        ("{id: src, title: A source}", '{id: src, title: A source, note: "\\ud83d\\ude00"}'),
        ("title: Danger, when", 'title: "Danger\\x1b[2J", when'),
        ("{id: none, label: None}", '{id: none, label: None, lint: {ignore: {text/control-char: "\\x1b"}}}'),
    ],
    ids=["title", "version", "source-url", "surrogate-pair-escape", "red-flag", "inside-a-silence"],
)
def test_control_characters_anywhere_in_a_flow_are_an_error_that_cannot_be_silenced(
    write: Callable[[str, str], Path], old: str, new: str
) -> None:
    """Found at the escape that writes them, in any string: texts, versions, sources, silences."""
    path = flow_with(write, (old, new))
    report = lint_file(path)
    assert not report.ok and report.flow is None
    (finding,) = report.findings
    number, line = next((n, text) for n, text in enumerate(BASE.replace(old, new, 1).splitlines(), 1) if new in text)
    where = (number, line.index(new) + new.index("\\") + 1)
    assert (finding.problem.rule, (finding.problem.line, finding.problem.col), finding.silenced) == (
        "text/control-char",
        where,
        False,
    )
    assert RULE_IDS["text/control-char"].loading


def test_a_language_listed_twice_is_an_error_at_the_list(write: Callable[[str, str], Path]) -> None:
    path = flow_with(write, ("languages: [en]", "languages: [en, es, en]"))
    (finding,) = lint_file(path).findings
    assert finding.problem.format() == (
        f'{path}:6:14: error: flow.languages: "en" is listed twice (again as item 3); list each language once '
        "[schema/invalid]"
    )


INVARIANT = 'invariants:\n  - {id: danger_is_soon, description: Danger is soon., then: "triage == soon"}\n'


def test_check_proves_the_flows_own_invariants(write: Callable[[str, str], Path]) -> None:
    """Only `wizard explore` reported a failing invariant; `wizard check` said ok."""
    path = write("flow.yaml", BASE + INVARIANT)
    result = wizard("check", path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f'{path}:114:10: error: invariant "danger_is_soon" does not hold: Danger is soon.; '
        "`wizard explore` prints answers that break it [invariant/fails]"
    )
    holding = write("holds.yaml", BASE + INVARIANT.replace("triage == soon", "triage in [emergency, soon, self_care]"))
    assert lint_file(holding).ok


def test_check_says_when_the_invariants_were_not_proved(write: Callable[[str, str], Path]) -> None:
    path = write("flow.yaml", BASE + INVARIANT)
    located = read_yaml(path)
    (finding,) = lint_located(located, [lambda flow: lint_findings(flow, max_states=3)]).findings
    assert finding.problem.rule == "explore/incomplete"
    assert finding.problem.message.startswith("semantic checks skipped, nor the flow's 1 invariants:")
