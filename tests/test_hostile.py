"""Hostile input (issue 14): conditions built to overflow the stack, flows large enough to exhaust memory,
and the corpus in tests/data/hostile run through the real command line."""

from __future__ import annotations

import json
import os
import re
import resource
import socket
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import synthetic_yaml
from wizard.errors import WizardError
from wizard.flow.builtin import SCENARIOS_DIR
from wizard.flow.conditions import tree
from wizard.flow.loader import load_flow
from wizard.flow.yamlsafe import parse_yaml
from wizard.textsafe import UNSAFE, describe

from .conftest import DATA, MINIMAL

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
        f"75:{col}: error: the condition is nested more than {tree.MAX_NESTING} levels deep "
        "(parentheses, not, all, any); simplify it [cond/syntax]"
    ]


def test_nesting_up_to_the_limit_loads(write: Callable[[str, str], Path]) -> None:
    depth = tree.MAX_NESTING
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
    assert problems and all(f"more than {tree.MAX_PARTS:,} parts" in p for p in problems)


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
    "import sys\n"
    "from wizard.flow.loader import load_flow\n"
    "from wizard.tools.explore import explore\n"
    "from wizard.tools.semantic_lint import lint_findings\n"
    "flow = load_flow(sys.argv[1])\n"
    "found = lint_findings(flow, max_states=30_000)\n"
    "result = explore(flow, max_states=30_000)\n"
    "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
    "print(found[0].rule, result.complete, peak // 1024)\n"
)
"""The peak is VmHWM, this process's own: ru_maxrss keeps the parent's peak across fork and exec, so
under a pytest worker that had grown to 269 MB it reported 269 MB for a child that used 80."""
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


# --- the corpus -------------------------------------------------------------------------------

HOSTILE = DATA / "hostile"
PICKLEBALL = SCENARIOS_DIR / "self_care_pickleball.yaml"
FLOW_COMMANDS = [
    ["check", "{input}"],
    ["explain", "{input}"],
    ["check", "{input}", "--format", "json"],
    ["explain", "{input}", "--format", "html"],
    ["check", "{input}"],
    ["graph", "{input}"],
    ["explore", "{input}"],
    ["check", "{input}"],
    ["graph", "{input}", "--format", "dot"],
    ["explore", "{input}", "--format", "json"],
    ["check", "{input}"],
    ["run", "{pickleball}", "--flow", "{input}"],
    ["run", "{pickleball}", "--flow", "{input}", "--format", "markdown"],
    ["check", "{input}"],
    ["test", "{pickleball}", "--flow", "{input}"],
    ["--accessible", "--flow", "{input}"],
]
"""The command each flow that must not load goes through, in turn: every one of them loads the flow."""
LOADING_COMMANDS = {
    "check": ["check", "{input}"],
    "explain": ["explain", "{input}"],
    "html": ["explain", "{input}", "--format", "html"],
    "graph": ["graph", "{input}"],
    "explore": ["explore", "{input}", "--max-states", "20000"],
}
PROBLEM_LINE = re.compile(r"^\S.*?: (error|warning): .+ \[[a-z0-9-]+/[a-z0-9-]+\]$")
ENV = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
"""Strict decoding and encoding, as in any real UTF-8 locale: a stray byte or a lone surrogate raises there."""


def cases() -> list[dict[str, Any]]:
    data = parse_yaml((HOSTILE / "cases.yaml").read_bytes(), "cases.yaml").data
    assert isinstance(data, list)
    return data


def unescape(text: str) -> str:
    """`\\xNN` and `\\uNNNN` as those characters, `\\n`, `\\r`, `\\t` and `\\\\` as themselves."""
    simple = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}
    return re.sub(
        r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt\\])",
        lambda m: simple.get(m[1]) or chr(int(m[1][1:], 16)),
        text,
    )


def unescape_bytes(text: str) -> bytes:
    """The same, but `\\xNN` is that byte, so a file or an input can hold bytes that are not UTF-8."""
    parts = re.split(r"(\\x[0-9a-fA-F]{2})", text)
    return b"".join(bytes([int(p[2:], 16)]) if re.fullmatch(r"\\x..", p) else unescape(p).encode() for p in parts)


@dataclass
class Run:
    """One command of one case, and what came out."""

    case: dict[str, Any]
    argv: list[str]
    stdin: bytes
    expected: int
    code: int = 0
    out: bytes = b""
    err: bytes = b""


def make_input(case: dict[str, Any], folder: Path, held: list[Any]) -> tuple[str, bytes]:
    """The case's input path (written into `folder` when it is made) and its standard input."""
    if "file" in case:
        path = HOSTILE / case["file"]
        return str(path), path.read_bytes() if case["kind"] == "stdin" else b""
    make = case.get("make")
    target = folder / f"{case['id']}.yaml"
    base = PICKLEBALL if case["kind"] == "answers" else MINIMAL
    if make is None:
        return "", b""
    if make == "devzero":
        return "/dev/zero", b""
    if make == "fifo":
        os.mkfifo(target)
    elif make == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        held.append(server)
    elif make == "folder":
        target.mkdir()
    elif make == "loop":
        target.symlink_to(target.name)
    elif "bytes" in make:
        name, old, new = make["bytes"]
        raw = (PICKLEBALL if name == "pickleball" else MINIMAL).read_bytes()
        assert old.encode() in raw, old
        target.write_bytes(raw.replace(old.encode(), unescape_bytes(new), 1))
    elif "pad" in make:
        text = base.read_bytes()
        target.write_bytes(text + b"#" * (make["pad"] - len(text)))
    elif "synthetic" in make:
        target.write_text(synthetic_yaml(make["synthetic"]), encoding="utf-8")
    elif "name" in make:
        target = folder / unescape(make["name"])
    elif "stdin" in make:
        return "", unescape_bytes(make["stdin"])
    elif "repeat" in make:
        text, times, end = make["repeat"]
        return "", text.encode() * times + unescape_bytes(end)
    else:
        raise AssertionError(f"unknown maker {make}")
    return str(target), b""


def commands(case: dict[str, Any], turn: int) -> list[tuple[list[str], int]]:
    """The command lines a case runs, with the exit status each must end with."""
    kind = case["kind"]
    if kind == "flow":
        return [(FLOW_COMMANDS[turn % len(FLOW_COMMANDS)], 1)]
    if kind == "flow-ok":
        return [(argv, case.get("exits", {}).get(name, 0)) for name, argv in LOADING_COMMANDS.items()]
    if kind == "answers":
        return [(["run", "{input}", "--format", ("text", "json", "markdown")[turn % 3]], 1)]
    if kind == "stdin":
        return [(["--accessible"], case.get("exit", 1))]
    return [(case["argv"], case.get("exit", 2))]


def plan(folder: Path, held: list[Any]) -> list[Run]:
    """Every command of every case; the scenarios run as one folder."""
    runs: list[Run] = []
    own = [case for case in cases() if case["kind"] != "scenario"]
    for turn, case in enumerate(own):
        path, stdin = make_input(case, folder, held)
        fill = {"{input}": path, "{mini}": str(MINIMAL), "{pickleball}": str(PICKLEBALL)}
        for argv, expected in commands(case, turn):
            runs.append(Run(case, [fill.get(a, unescape(a)) for a in argv], stdin, expected))
    scenarios = [c for c in cases() if c["kind"] == "scenario"]
    folder_case = {"id": "scenarios", "kind": "scenarios", "members": scenarios, "says": "1 passed, 9 failed"}
    runs.append(Run(folder_case, ["test", str(HOSTILE / "scenarios")], b"", 1))
    return runs


MEMORY = 2 << 30
"""Address space for each command: reading /dev/zero without limit must fail its case, not exhaust the machine."""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def execute(run: Run) -> Run:
    try:
        done = subprocess.run(
            [sys.executable, "-m", "wizard", *run.argv],
            input=run.stdin,
            capture_output=True,
            timeout=60,
            cwd=HOSTILE,
            env={**os.environ, **ENV},
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired as exc:  # a hang (a FIFO waited on, a condition walked for ever)
        run.code, run.out, run.err = -1, exc.stdout or b"", b"Traceback: none, but no end after 60 s"
        return run
    run.code, run.out, run.err = done.returncode, done.stdout, done.stderr
    return run


def raw_controls(data: bytes) -> list[str]:
    """Every raw control character in output, as the terminal would get it (bytes not UTF-8 count too)."""
    return [describe(m.group()) for m in UNSAFE.finditer(data.decode("utf-8", "surrogateescape"))]


def problems_with(run: Run) -> list[str]:
    """What is wrong with one command's result, as readable lines; empty when it is all right."""
    wrong = []
    out, err = run.out.decode("utf-8", "replace"), run.err.decode("utf-8", "replace")
    if "Traceback" in out + err or run.code not in (0, 1, 2, 3):
        wrong.append(f"a traceback or a crash (exit {run.code}): {err[-600:]}")
    elif run.code != run.expected:
        wrong.append(f"exit {run.code}, expected {run.expected}: {(err or out)[-300:]}")
    for name, data in (("stdout", run.out), ("stderr", run.err)):
        if found := raw_controls(data):
            wrong.append(f"{len(found)} raw control characters in {name}: {', '.join(found[:5])}")
    if run.case["kind"] in ("flow", "answers"):
        wrong += [f"not one clear problem line: {line!r}" for line in err.splitlines() if not PROBLEM_LINE.match(line)]
    return wrong


def missing_from(case: dict[str, Any], runs: list[Run]) -> list[str]:
    """The located line (`at`, `rule`) and the text (`says`) a case expects, looked for in all its output."""
    said = "".join(r.out.decode("utf-8", "replace") + r.err.decode("utf-8", "replace") for r in runs)
    lines = [line.strip() for line in said.splitlines()] + [line for r in runs for line in json_problem_lines(r)]
    wrong = []
    for member in case.get("members", [case]):
        shown = str(HOSTILE / member["file"]) if "file" in member else _input_of(runs[0])
        if "at" in member:
            prefix = f"{shown}:{member['at']}: error: "
            if not any(line.startswith(prefix) and line.endswith(f"[{member['rule']}]") for line in lines):
                wrong.append(f"{member['id']}: no line {prefix}... [{member['rule']}]")
        elif "rule" in member and f"[{member['rule']}]" not in said:
            wrong.append(f"{member['id']}: no [{member['rule']}] line")
        if "says" in member and member["says"].replace("{input}", shown) not in said:
            wrong.append(f"{member['id']}: does not say {member['says']!r}")
    return wrong


def json_problem_lines(run: Run) -> list[str]:
    """`wizard check --format json` findings written as the text format writes them."""
    if run.argv[:1] != ["check"] or "json" not in run.argv:
        return []
    return [
        f"{p['path']}:{p['line']}:{p['col']}: {p['severity']}: {p['message']} [{p['rule']}]"
        for file in json.loads(run.out)["files"]
        for p in file["problems"]
    ]


def _input_of(run: Run) -> str:
    """The made input's path: the argument the case's own commands were given."""
    flow = run.argv[run.argv.index("--flow") + 1] if "--flow" in run.argv else None
    return flow or next((a for a in run.argv[1:] if not a.startswith("-")), "")


def run_all(runs: list[Run]) -> list[Run]:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return list(pool.map(execute, runs))


def test_the_corpus_is_large_and_every_file_in_it_is_a_case() -> None:
    listed = {c["file"] for c in cases() if "file" in c}
    stored = {str(p.relative_to(HOSTILE)) for p in HOSTILE.rglob("*") if p.is_file() and p.name != "cases.yaml"}
    assert listed == stored
    assert len(cases()) >= 60
    assert len({c["id"] for c in cases()}) == len(cases())


def test_hostile_corpus_no_traceback_no_control_byte_one_located_line(tmp_path: Path) -> None:
    held: list[Any] = []
    try:
        results = run_all(plan(tmp_path, held))
    finally:
        for thing in held:
            thing.close()
    failures = [f"{r.case['id']}: wizard {' '.join(map(repr, r.argv))}: {p}" for r in results for p in problems_with(r)]
    by_case: dict[str, list[Run]] = {}
    for run in results:
        by_case.setdefault(run.case["id"], []).append(run)
    failures += [f"{name}: {p}" for name, runs in by_case.items() for p in missing_from(runs[0].case, runs)]
    assert not failures, "\n".join(failures)
