"""Hostile input (issue 14): conditions built to overflow the stack, flows large enough to exhaust memory,
and the corpus in tests/data/hostile run through the real command line."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_yaml
from wizard.errors import WizardError
from wizard.flow import conditions as cond
from wizard.flow.loader import load_flow

from .conftest import MINIMAL

BASE = MINIMAL.read_text(encoding="utf-8")
AGE_RULE = '"age >= 55"'
"""The red flag condition the condition cases replace: line 75 of the minimal flow."""


def load_problems(write: Callable[[str, str], Path], text: str) -> list[str]:
    path = write("flow.yaml", text)
    with pytest.raises(WizardError) as info:
        load_flow(path)
    return [p.format().removeprefix(f"{path}:") for p in info.value.problems]


def with_rule(rule: str) -> str:
    return BASE.replace(AGE_RULE, rule, 1)


@pytest.mark.parametrize(
    ("rule", "col"),
    [
        ('"' + "(" * 340 + "age >= 55" + ")" * 340 + '"', 85),
        ('"' + "not " * 600 + "age >= 55" + '"', 181),
        ('"' + "(not " * 20 + "age >= 55" + ")" * 20 + '"', 133),
    ],
    ids=["parentheses", "not", "both"],
)
def test_deep_conditions_are_one_syntax_error_not_a_recursion_error(
    write: Callable[[str, str], Path], rule: str, col: int
) -> None:
    assert load_problems(write, with_rule(rule)) == [
        f"75:{col}: error: the condition is nested more than {cond.MAX_NESTING} levels deep "
        "(parentheses, not, all, any); simplify it [cond/syntax]"
    ]


def test_nesting_up_to_the_limit_loads(write: Callable[[str, str], Path]) -> None:
    depth = cond.MAX_NESTING
    flow = load_flow(write("flow.yaml", with_rule('"' + "(" * depth + "age >= 55" + ")" * depth + '"')))
    assert [flag.id for flag, _ in flow.red_flags][-1] == "older_age"


def test_deep_mapping_conditions_are_refused_too(write: Callable[[str, str], Path]) -> None:
    rule = "{not: " * 34 + AGE_RULE + "}" * 34
    (problem,) = load_problems(write, with_rule(rule))
    assert problem.endswith("nested more than 32 levels deep (parentheses, not, all, any); simplify it [cond/syntax]")


def definitions(entries: list[str]) -> str:
    return BASE.replace('  knee: "where has knee"\n', '  knee: "where has knee"\n' + "".join(entries), 1)


def test_a_chain_of_definitions_counts_as_nesting(write: Callable[[str, str], Path]) -> None:
    """Each definition used inside the next adds a level wherever the last one is evaluated or explained."""
    chain = ['  d0: "age >= 50"\n'] + [f'  d{i}: "d{i - 1} or pain >= 9"\n' for i in range(1, 400)]
    problems = load_problems(write, definitions(chain).replace(AGE_RULE, "d399", 1))
    assert problems and all("counting the definitions it uses [cond/syntax]" in p for p in problems)


def test_definitions_that_double_are_refused_before_anything_walks_them(write: Callable[[str, str], Path]) -> None:
    """d8 written out has 10**8 parts: checking a show_if that used it never finished (questions_read walked
    every part), and explain, lint and explore would not either."""
    growing = ['  d0: "where has knee"\n'] + [f'  d{i}: "{" or ".join([f"d{i - 1}"] * 10)}"\n' for i in range(1, 9)]
    text = definitions(growing).replace(AGE_RULE, "d8", 1).replace('show_if: "injury == recent"', 'show_if: "d8"')
    problems = load_problems(write, text)
    assert problems and all(f"more than {cond.MAX_PARTS:,} parts" in p for p in problems)


def test_a_long_number_in_a_condition_is_one_line(write: Callable[[str, str], Path]) -> None:
    assert load_problems(write, with_rule('"age >= ' + "9" * 5000 + '"')) == [
        "75:60: error: a number of 5,000 digits; numbers have at most 100 [cond/syntax]"
    ]


def test_messages_say_an_option_and_list_each_option_once(write: Callable[[str, str], Path]) -> None:
    text = BASE.replace("{id: none, label: None}", "{id: recent, label: Again}", 1).replace(
        '"injury == recent"', '"injury == recnt"', 1
    )
    problems = load_problems(write, text)
    wrong = [p for p in problems if "[ref/unknown-option]" in p]
    assert wrong and all("is not an option of" in p and "valid: recent, unsure [" in p for p in wrong), problems


# --- scale ----------------------------------------------------------------------------------

MEASURED = (
    "import resource, sys\n"
    "from wizard.flow.loader import load_flow\n"
    "from wizard.tools.explore import explore\n"
    "from wizard.tools.semantic_lint import lint_findings\n"
    "flow = load_flow(sys.argv[1])\n"
    "found = lint_findings(flow, max_states=30_000)\n"
    "result = explore(flow, max_states=30_000)\n"
    "print(found[0].rule, result.complete, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
)
PEAK_MB = 250
"""Loading a 1,200-question flow takes about 100 MB; 30,000 states each copying their path took gigabytes."""


def test_a_flow_of_1200_questions_checks_and_explores_without_recursion_in_bounded_memory(tmp_path: Path) -> None:
    """The walk recursed once per question (RecursionError from about 1,000) and copied the answers and
    visibility of its whole path into every state (400 questions took about 1 GB in `wizard check`).
    benchmarks/scale.py measures 2,000 questions with the default budget."""
    path = tmp_path / "large.yaml"
    path.write_text(synthetic_yaml(1200), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MEASURED, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    rule, complete, peak = done.stdout.split()
    assert (rule, complete) == ("explore/incomplete", "False")
    assert int(peak) < PEAK_MB, f"peak {peak} MB"
