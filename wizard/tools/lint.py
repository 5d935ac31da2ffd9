"""`wizard check`: load a flow, run the lint checks on it, apply the silences written in it.

A flow that cannot be loaded gets the loader's errors and nothing else; those can
never be silenced, because the engine cannot run such a flow at all. A flow that
loads is handed to every check in `CHECKS`; each returns located problems with a
rule id from `RULES`. Any item of the flow may silence a finding about itself with
`lint: {ignore: {rule/id: "why this is fine"}}`; the reason is mandatory, and a
silenced finding is still counted, so nothing disappears without a trace.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..errors import Problem, WizardError, did_you_mean
from ..flow.fields import Item
from ..flow.loaded import LoadedFlow
from ..flow.loader import load_flow_data
from ..flow.located import Located, PathKey
from ..flow.yamlsafe import read_yaml
from ..textsafe import json_safe, safe


@dataclass(frozen=True)
class Rule:
    """One row of the rule table in the README."""

    id: str
    severity: str
    meaning: str
    fix: str
    loading: bool = False
    """Reported by the loader: the flow cannot be used, so it cannot be silenced."""


def _load(rule: str, meaning: str, fix: str) -> Rule:
    return Rule(rule, "error", meaning, fix, loading=True)


RULES: tuple[Rule, ...] = (
    _load("file/missing", "the file does not exist, or is a folder", "check the path"),
    _load("file/unreadable", "the file cannot be read", "check its permissions"),
    _load("yaml/too-large", "the file is over the size cap (1 MB)", "split it, or remove what is not needed"),
    _load("yaml/encoding", "the file is not UTF-8", "save it as UTF-8"),
    _load(
        "text/control-char",
        "a control character (ESC, a C1 control, ...), a bidirectional control or a lone surrogate, written "
        "as it is or as an escape; tabs and line breaks are fine",
        "remove it; it could drive the terminal of whoever reads the text",
    ),
    _load("yaml/empty", "the file has no data", "start from tests/data/minimal.yaml"),
    _load("yaml/syntax", "the YAML cannot be parsed", "fix the syntax at the position given"),
    _load("yaml/tab", "a tab is used for indentation", "indent with spaces"),
    _load("yaml/duplicate-key", "the same key twice in one mapping", "keep one of them"),
    _load("yaml/anchor", "an anchor (&name)", "write the value out"),
    _load("yaml/alias", "an alias (*name)", "write the value out"),
    _load("yaml/merge-key", "a merge key (<<)", "write the keys out"),
    _load("yaml/tag", "a tag (!name, !!type)", "remove the tag"),
    _load("yaml/complex-key", "a list or mapping used as a key", "use a plain word as the key"),
    _load("yaml/too-deep", "nested more than 40 levels", "flatten the data"),
    _load("schema/top-level", "the file is not a mapping", "start from tests/data/minimal.yaml"),
    _load("schema/unknown-field", "a field the format does not have (often a typo)", "use the suggested name"),
    _load("schema/missing-field", "a required field is missing", "add it"),
    _load("schema/invalid", "a value of the wrong type or out of range", "write the kind of value named"),
    _load("schema/not-boolean", "a word such as yes, no or on where true or false is expected", "write true or false"),
    _load(
        "source/missing",
        "a red flag, cause, exercise, treatment or prevention item cites no source",
        "add `source:` with the id of an entry in `flow.sources`",
    ),
    _load(
        "id/duplicate",
        "two items of one kind share an id, or a definition is named like a question",
        "rename one of them",
    ),
    _load("id/reserved", "a question is called `triage`", "rename the question"),
    _load("question/range", "a scale or number question with max not above min", "fix min or max"),
    _load(
        "question/map",
        "a `widget: body_map` question without `body_map` headings or `map` spots, two spots in one place, "
        "or a spot on a question that has no picture",
        "give each option its own `map: {row, column, label}` and the question `body_map: {left, right}`",
    ),
    _load("ref/unknown-question", "a condition names a question that does not exist", "use the suggested id"),
    _load(
        "ref/unknown-option",
        "a condition names an option (or triage level) the question does not have",
        "use the suggested option; the message lists the valid ones",
    ),
    _load("ref/unknown-definition", "a condition names a definition that does not exist", "use the suggested name"),
    _load(
        "ref/later-question",
        "a `show_if` or `valid_if` reads the same or a later question",
        "move the question, or depend on earlier ones only",
    ),
    _load("ref/unknown-source", "`source:` names no entry of `flow.sources`", "use the suggested id, or add it"),
    _load("ref/unknown-level", "a red flag's `level` is not a triage level", "use the suggested id"),
    _load("ref/unknown-cause", "an exercise helps a cause that does not exist", "use the suggested id"),
    _load("ref/unknown-region", "an exercise names a region that does not exist", "use the suggested id"),
    _load("cond/syntax", "a condition cannot be parsed", "see Conditions above"),
    _load(
        "cond/type",
        "an operator that does not fit the question type (`has` on a single choice, ...)",
        "use the operator the message names",
    ),
    _load("cond/out-of-range", "a number outside the question's min and max", "compare with a value in range"),
    _load("cond/bare-question", "a question used alone as a condition", "compare it: `walk == no`"),
    Rule("text/missing-translation", "warning", "a text lacks one of the flow's languages", "add the translation"),
    Rule(
        "text/unknown-language",
        "warning",
        "a text in a language the flow does not declare",
        "declare the language in `flow.languages`, or remove the text",
    ),
    Rule("cond/never-true", "warning", "a condition no answers can make true", "fix or remove the condition"),
    Rule("cond/always-true", "warning", "a condition every set of answers makes true", "fix or remove the condition"),
    Rule("question/unreachable", "warning", "a question no answers can show", "fix its `show_if`"),
    Rule(
        "option/never-used",
        "warning",
        "an option no condition reads",
        "use it in a rule, or silence it if it is only there for the person",
    ),
    Rule("red-flag/unreachable", "error", "a red flag no answers can fire", "fix its `when`"),
    Rule("cause/unreachable", "warning", "a cause no answers can reach its `min_score`", "fix its evidence"),
    Rule("exercise/unreachable", "warning", "an exercise no answers can offer", "fix `helps` or its contraindications"),
    Rule(
        "invariant/fails",
        "error",
        "one of the flow's own `invariants:` does not hold for some answers",
        "fix the rules, or the invariant; `wizard explore` prints answers that break it",
    ),
    Rule(
        "explore/incomplete",
        "warning",
        "the flow has too many paths to explore within the budget, so the rules above were not checked",
        "split the flow, or run `wizard explore --max-states` with a larger budget",
    ),
    Rule(
        "lint/unknown-rule", "error", "a `lint: ignore:` names a rule that does not exist", "use an id from this table"
    ),
    Rule("lint/no-reason", "error", "a `lint: ignore:` without a reason", "say why the finding is fine here"),
    Rule(
        "lint/not-silenceable",
        "error",
        "a `lint: ignore:` names a rule that stops the flow loading (or a lint/ rule)",
        "fix the problem instead",
    ),
    Rule("lint/unused-silence", "warning", "a `lint: ignore:` that silences nothing here", "remove it"),
)
RULE_IDS = {rule.id: rule for rule in RULES}

Check = Callable[[LoadedFlow], Iterable[Problem]]


def loader_warnings(flow: LoadedFlow) -> Iterable[Problem]:
    """What the loader noticed without refusing the flow (`text/*`)."""
    return flow.warnings


def semantic_findings(flow: LoadedFlow) -> Iterable[Problem]:
    """What only exploring every path shows: conditions never or always true, unreachable items, unused options."""
    from .semantic_lint import lint_findings

    return lint_findings(flow)


CHECKS: list[Check] = [loader_warnings, semantic_findings]
"""Every check run on a flow that loads; each finding's position decides which item may silence it."""


@dataclass(frozen=True)
class Finding:
    """A problem and whether the item it lies in silenced it, kept so that silences stay visible."""

    problem: Problem
    silenced: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, object]:
        p = self.problem
        data: dict[str, object] = {
            "rule": p.rule,
            "severity": p.severity,
            "message": p.message,
            "line": p.line,
            "col": p.col,
            "path": p.path,
            "silenced": self.silenced,
        }
        if self.silenced:
            data["reason"] = self.reason
        return data


def _order(finding: Finding) -> tuple[str, int, int, str, str]:
    p = finding.problem
    return p.path, p.line, p.col, p.rule, p.message


@dataclass
class FileReport:
    """Everything found in one file; `ok` decides the exit status."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    flow: LoadedFlow | None = None
    """None when the flow could not be loaded."""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if not f.silenced and f.problem.severity == severity)

    @property
    def silenced(self) -> int:
        return sum(1 for f in self.findings if f.silenced)

    @property
    def ok(self) -> bool:
        return self.flow is not None and not self.count("error")


def _items(value: object, path: PathKey) -> Iterator[tuple[PathKey, Item]]:
    """Every item of a flow model with its path in the YAML data."""
    if isinstance(value, Item):
        yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _items(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, element in enumerate(value):
            yield from _items(element, (*path, i))


class _Silences:
    """The `lint: ignore:` entries of one flow, matched to findings by position."""

    def __init__(self, flow: LoadedFlow, located: Located) -> None:
        self.located = located
        self.spans: list[tuple[PathKey, tuple[int, int], tuple[int, int], Item]] = []
        for path, item in _items(flow.model, ()):
            if path in located.values and path in located.ends:
                self.spans.append((path, located.values[path], located.ends[path], item))
        self.used: set[tuple[PathKey, str]] = set()

    def owner(self, problem: Problem) -> tuple[PathKey, Item] | None:
        """The innermost item the finding lies in."""
        at = (problem.line, problem.col or 1)
        inside = [(path, item) for path, start, end, item in self.spans if start <= at < end]
        return max(inside, key=lambda pair: len(pair[0]), default=None)

    def apply(self, problem: Problem) -> Finding:
        owner = self.owner(problem) if problem.line else None
        if owner is None or owner[1].lint is None or problem.rule.startswith("lint/"):
            return Finding(problem)
        reason = owner[1].lint.ignore.get(problem.rule)
        if reason is None or not reason.strip():
            return Finding(problem)
        self.used.add((owner[0], problem.rule))
        return Finding(problem, silenced=True, reason=reason.strip())

    def problems(self) -> Iterator[Problem]:
        """Silences that are themselves wrong: unknown rule, no reason, unsilenceable, unused."""
        for path, _, _, item in self.spans:
            if item.lint is None:
                continue
            for rule, reason in item.lint.ignore.items():
                loc = (*path, "lint", "ignore", rule)
                known = RULE_IDS.get(rule)
                if known is None:
                    yield self.located.problem(
                        loc,
                        f'unknown lint rule "{rule}"{did_you_mean(rule, RULE_IDS)}',
                        rule="lint/unknown-rule",
                        key=True,
                    )
                elif known.loading or rule.startswith("lint/"):
                    yield self.located.problem(
                        loc,
                        f'"{rule}" cannot be silenced; fix the problem instead',
                        rule="lint/not-silenceable",
                        key=True,
                    )
                elif reason is None or not reason.strip():
                    yield self.located.problem(
                        loc,
                        f'silencing "{rule}" needs a reason: {rule}: "why this is fine"',
                        rule="lint/no-reason",
                        key=True,
                    )
                elif (path, rule) not in self.used:
                    yield self.located.problem(
                        loc,
                        f'nothing here is reported as "{rule}"; remove this silence',
                        rule="lint/unused-silence",
                        key=True,
                        severity="warning",
                    )


def lint_located(located: Located, checks: Sequence[Check] | None = None) -> FileReport:
    """Load parsed flow data, run the checks (default: `CHECKS`), apply silences."""
    report = FileReport(located.path)
    try:
        flow = load_flow_data(located)
    except WizardError as exc:
        report.findings = sorted((Finding(p) for p in exc.problems), key=_order)
        return report
    report.flow = flow
    silences = _Silences(flow, located)
    findings = [silences.apply(p) for check in (CHECKS if checks is None else checks) for p in check(flow)]
    findings += [Finding(p) for p in silences.problems()]
    report.findings = sorted(findings, key=_order)
    return report


def lint_file(path: Path, checks: Sequence[Check] | None = None) -> FileReport:
    """Lint one flow file; a file that cannot be read or parsed is a report with one error."""
    try:
        located = read_yaml(path)
    except WizardError as exc:
        return FileReport(str(path), sorted((Finding(p) for p in exc.problems), key=_order))
    return lint_located(located, checks)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def to_text(reports: Sequence[FileReport], *, show_silenced: bool = False) -> str:
    """One line per finding, then one summary line per file."""
    out: list[str] = []
    for report in reports:
        for finding in report.findings:
            if finding.silenced and not show_silenced:
                continue
            line = finding.problem.format()
            out.append(f"{line} (silenced: {finding.reason})" if finding.silenced else line)
        counts = (
            f"{_plural(report.count('error'), 'error')}, {_plural(report.count('warning'), 'warning')}, "
            f"{report.silenced} silenced"
        )
        if report.flow is None:
            out.append(f"{report.path}: not loaded: {counts}")
        else:
            m = report.flow.model
            state = "ok" if report.ok else "failed"
            out.append(
                f"{report.path}: {state}: flow {m.flow.id} {m.flow.version}, {len(report.flow.questions)} "
                f"questions, {len(report.flow.red_flags)} red flags; {counts}"
            )
    return safe("\n".join(out) + "\n")


def to_json(reports: Sequence[FileReport]) -> str:
    """The documented JSON shape; silenced findings are included with `"silenced": true`."""
    files = [
        {
            "path": r.path,
            "ok": r.ok,
            "problems": [f.to_dict() for f in r.findings],
            "errors": r.count("error"),
            "warnings": r.count("warning"),
            "silenced": r.silenced,
        }
        for r in reports
    ]
    data = {
        "files": files,
        "errors": sum(r.count("error") for r in reports),
        "warnings": sum(r.count("warning") for r in reports),
        "silenced": sum(r.silenced for r in reports),
    }
    return json_safe(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
