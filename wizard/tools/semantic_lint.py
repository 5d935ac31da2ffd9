"""Semantic lint findings from the exploration: what no path reaches, and conditions that cannot vary.

A syntax check cannot see that `age >= 55` is never true behind a `show_if` that
only asks children, or that a red flag can never fire; walking every path can.
Each finding points at the item's line in the flow file.
"""

from __future__ import annotations

from ..errors import Problem, WizardError
from ..flow.conditions import tree
from ..flow.loaded import LoadedFlow
from ..flow.questions import MultipleChoice, SingleChoice
from ..flow.rules import Kind
from .exploration import Exploration
from .explore import explore
from .nodes import leaves

WHAT = {
    Kind.RED_FLAG: "this red flag",
    Kind.WITHHOLD_LOADS: "this load rule",
    Kind.CONTRAINDICATION: "this contraindication",
    Kind.ADVICE_UNLESS: "this unless rule",
    Kind.SHOW_IF: "this show_if",
    Kind.EVIDENCE: "this evidence rule",
    Kind.LIKELY_EVIDENCE: "this evidence rule",
    Kind.REGION: "this region",
    Kind.ADVICE_WHEN: "this when",
}
"""The kinds whose never-acting or always-acting condition is a finding (as `Kind.acts` reads them)."""


LINT_STATES = 1_000_000
"""The exact walk's budget: the built-in flow needs about 520,000 states (some 15 s of CPU here)."""


def lint_findings(flow: LoadedFlow, *, max_states: int = LINT_STATES, timeout: float = 60.0) -> list[Problem]:
    """Rules cond/never-true, cond/always-true, question/unreachable, option/never-used,
    red-flag/unreachable (an error), cause/unreachable and exercise/unreachable."""
    try:
        result = explore(flow, max_states=max_states, timeout=timeout, exact=True)
    except WizardError as exc:  # a question with too many option combinations to explore
        return [Problem(p.message, flow.path, severity="warning", rule=p.rule) for p in exc.problems]
    if not result.complete:
        unchecked = f", nor the flow's {len(flow.invariants)} invariants" if flow.invariants else ""
        return [
            _problem(
                flow,
                (),
                f"semantic checks skipped{unchecked}: explored {result.explored:,} of at least "
                f"{result.at_least:,} paths within the budget",
                "explore/incomplete",
            )
        ]
    problems = _conditions(flow, result) + _unreached(flow, result) + _unused_options(flow) + _invariants(flow, result)
    return sorted(problems, key=lambda p: (p.line, p.col, p.rule))


def _invariants(flow: LoadedFlow, result: Exploration) -> list[Problem]:
    """`invariant/fails`: the flow's own invariants, proved by the same walk `wizard explore` runs."""
    broken = {r.name for r in result.invariants if r.holds is False}
    return [
        _problem(
            flow,
            ("invariants", i, "id"),
            f'invariant "{inv.id}" does not hold: {inv.description.strip()}; '
            "`wizard explore` prints answers that break it",
            "invariant/fails",
            "error",
        )
        for i, inv in enumerate(flow.model.invariants)
        if f"flow:{inv.id}" in broken
    ]


def _problem(flow: LoadedFlow, loc: tree.Loc, message: str, rule: str, severity: str = "warning") -> Problem:
    if flow.located is None:
        return Problem(message, flow.path, 0, 0, severity, rule)
    return flow.located.problem(loc, message, rule=rule, severity=severity)


def _conditions(flow: LoadedFlow, result: Exploration) -> list[Problem]:
    problems = []
    for index, condition in enumerate(flow.rules):
        seen = result.observed.get(index)
        if condition.kind not in WHAT or not seen:
            continue
        acts = {v for v in seen if condition.kind.acts(v)}
        what = WHAT[condition.kind]
        if not acts and condition.kind not in (Kind.SHOW_IF, Kind.RED_FLAG):  # reported as unreachable items instead
            problems.append(
                _problem(flow, condition.loc, f"{what} is true for no reachable answers", "cond/never-true")
            )
        elif len(acts) == len(seen):
            problems.append(
                _problem(
                    flow,
                    condition.loc,
                    f"{what} is true for every reachable set of answers; it could be left out",
                    "cond/always-true",
                )
            )
    return problems


def _unreached(flow: LoadedFlow, result: Exploration) -> list[Problem]:
    m, coverage = flow.model, result.coverage
    problems = []
    for si, section in enumerate(m.sections):
        for qi, question in enumerate(section.questions):
            if not coverage["questions"][question.id]:
                problems.append(
                    _problem(
                        flow,
                        ("sections", si, "questions", qi, "id"),
                        f'question "{question.id}" is asked on no path: its show_if is never true',
                        "question/unreachable",
                    )
                )
    unreached = (
        (
            "red_flags",
            [f.id for f in m.red_flags],
            'red flag "{}" fires for no answers',
            "red-flag/unreachable",
            "error",
        ),
        ("causes", [c.id for c in m.causes], 'cause "{}" is shown on no path', "cause/unreachable", "warning"),
        (
            "exercises",
            [e.id for e in m.exercises],
            'exercise "{}" is shown on no path',
            "exercise/unreachable",
            "warning",
        ),
    )
    for name, ids, message, rule, severity in unreached:
        for i, item_id in enumerate(ids):
            if not coverage[name][item_id]:
                problems.append(_problem(flow, (name, i, "id"), message.format(item_id), rule, severity))
    return problems


def _unused_options(flow: LoadedFlow) -> list[Problem]:
    """Options whose choice changes nothing.

    Exclusive ("none of these") and "not sure" options always matter, and one unread option of a
    single choice is the plain "other" answer; a second one, or any unread option of a multiple
    choice, gives exactly the same result as not choosing it.
    """
    read: set[tuple[str, str]] = set()
    for condition in flow.rules:
        for leaf in leaves(condition.node):
            values = [leaf.value] if isinstance(leaf, tree.Compare) else getattr(leaf, "values", [])
            read.update((leaf.question, str(v)) for v in values)
    problems = []
    for si, section in enumerate(flow.model.sections):
        for qi, question in enumerate(section.questions):
            if not isinstance(question, (SingleChoice, MultipleChoice)):
                continue
            unread = [
                (oi, o)
                for oi, o in enumerate(question.options)
                if (question.id, o.id) not in read and not o.exclusive and not o.unknown
            ]
            if isinstance(question, SingleChoice) and len(unread) < 2:
                continue
            same = " as the other unread options" if isinstance(question, SingleChoice) else " as leaving it out"
            for oi, option in unread:
                problems.append(
                    _problem(
                        flow,
                        ("sections", si, "questions", qi, "options", oi, "id"),
                        f'option "{option.id}" of "{question.id}" is read by no condition: '
                        f"choosing it gives the same result{same}",
                        "option/never-used",
                    )
                )
    return problems
