"""Every benchmark in one table: `python -m benchmarks [--quick] [--long] [--runs N]`, from the repository root.

Prints a Markdown table (figure, measured, reference measured in the same run,
ratio, target, met) and writes it with the machine's details to docs/benchmarks.md.
Timings are medians of alternating runs (wizard, reference, wizard, ...), so noise
on a busy machine falls on both. The default run takes 13 to 15 minutes on 2 cores;
`--long` soaks 1,000 visitors and fuzzes 10,000 events (about an hour); `--quick`
runs every group with few repetitions, to check that the benchmarks work.

The checkout's byte-code is compiled first (`compileall`), as `pip install` does: with
PYTHONDONTWRITEBYTECODE set, every run would otherwise compile the wizard's sources
while the libraries it is compared with load from their installed byte-code.

Groups that run in a process of their own (explore, the soaks, the long fuzz) print
their rows with `--json`. The contract: `python -m benchmarks.<module> ... --json`,
run from the repository root, prints to stdout a JSON list of rows, each an object
with the fields of `common.Row`: "figure" (str), "measured" (str), and optionally "reference" (str),
"ratio" (number), "target" (str), "met" (true, false or null for no target) and
"why" (str, why a target is missed); it exits 0 when it could measure.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import fuzz_long, headless, memory, startup
from .common import PYTHON, ROOT, Row, rows_from
from .quota import limited_rows

DOC = ROOT / "docs" / "benchmarks.md"


@dataclass
class Settings:
    runs: int
    transitions: int
    seconds: float
    visitors: int
    fuzz_events: int
    seed: int
    quick: bool
    jobs: int
    kiosk_visitors: int
    slow_transitions: int


def module(name: str, *args: object) -> list[str]:
    """The command that runs one benchmark module with `--json`, from the repository root."""
    return [PYTHON, "-m", f"benchmarks.{name}", *(str(arg) for arg in args), "--json"]


SLOW = ", a quarter of one core"


def explore_rows(settings: Settings) -> list[Row]:
    """Rows from benchmarks/explore.py (see the contract above)."""
    return rows_from(
        [PYTHON, "-m", "benchmarks.explore", "--json", *(["--quick"] if settings.quick else [])], "explore"
    )


def long_rows(settings: Settings) -> list[tuple[str, list[Row]]]:
    """The soaks and the long fuzz, `settings.jobs` at a time, each in a process of its own.

    They run after every timing, so they cannot slow one down, and side by side,
    since what they measure (memory growth, sessions left alive, survival) does
    not depend on speed: on 2 cores this halves the longest part of the run.
    Only their "time per visitor" context rows feel the neighbours.
    """
    soak = module("memory", "soak", "--visitors", settings.visitors)
    fuzz = [
        PYTHON,
        "-m",
        "benchmarks.fuzz_long",
        "--json",
        "--events",
        str(settings.fuzz_events),
        "--seed",
        str(settings.seed),
    ]
    jobs = [
        ("Memory", soak, "soak"),
        ("Memory", [*soak, "--kiosk"], "soak, kiosk"),
        ("Fuzz", fuzz, "fuzz"),
        ("Fuzz", [*fuzz, "--kiosk"], "fuzz, kiosk"),
    ]
    with ThreadPoolExecutor(max_workers=settings.jobs) as pool:
        running = [(group, pool.submit(rows_from, command, name)) for group, command, name in jobs]
        return [(group, future.result()) for group, future in running]


def slow_rows(settings: Settings) -> list[Row]:
    """The transitions and a kiosk visitor again, in a process limited to a quarter of one core (quota.py)."""
    transitions = module("transition", "--transitions", settings.slow_transitions, "--label", SLOW)
    visitor = module("screens", "visitor", "--visitors", 3, "--label", SLOW)
    return [*limited_rows(transitions, "slow transitions"), *limited_rows(visitor, "slow visitor")]


GROUPS: list[tuple[str, Callable[[Settings], list[Row]]]] = [
    ("Start-up", lambda s: startup.rows(s.runs)),
    ("First question", lambda s: rows_from(module("screens", "first", "--runs", max(3, s.runs // 2)), "first")),
    ("Next question", lambda s: rows_from(module("transition", "--transitions", s.transitions), "transitions")),
    ("Kiosk visitor", lambda s: rows_from(module("screens", "visitor", "--visitors", s.kiosk_visitors), "visitor")),
    ("Slow machine", lambda s: slow_rows(s)),
    (
        "Headless",
        lambda s: [*headless.cold_run_rows(s.runs), *headless.throughput_rows(s.seconds), *headless.per_answer_rows()],
    ),
    ("Explore", explore_rows),
    ("Memory", lambda s: memory.peak_rows(max(1, s.runs // 3))),
]
"""Timed one after another, with nothing else of ours running; `long_rows` follows."""


def table(groups: list[tuple[str, list[Row]]]) -> str:
    lines = [
        "| group | figure | measured | reference | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, rows in groups:
        for row in rows:
            ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
            lines.append(
                f"| {name} | {row.figure} | {row.measured} | {row.reference} | {ratio} | {row.target} "
                f"| {row.status()} |"
            )
    return "\n".join(lines) + "\n"


def commit() -> str:
    """The measured checkout's commit, with "+changes" when its files differ from it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" +changes" if git("status", "--porcelain", "--untracked-files=no") else "")


START = "<!-- python -m benchmarks: start -->"
END = "<!-- python -m benchmarks: end -->"
TRIED = ROOT / "benchmarks" / "tried.md"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def document(body: str, settings: Settings, seconds: float, loads: dict[str, str]) -> str:
    """The generated part of docs/benchmarks.md, between START and END."""
    mode = " --quick" if settings.quick else " --long" if settings.visitors >= memory.VISITORS else ""
    quick = (
        "\n**Quick mode: few repetitions; these figures show the benchmarks work, not how fast the wizard is.**\n"
        if settings.quick
        else ""
    )
    tried = TRIED.read_text(encoding="utf-8") if TRIED.exists() else ""
    return f"""{START}
# Benchmarks

Written by `python -m benchmarks{mode} --runs {settings.runs}` on \
{time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, in {seconds / 60:.1f} min, at commit {commit()}.
Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.
Load average (1 / 5 / 15 min, as `uptime` shows it): {loads["start"]} at the start, {loads["timed"]} when
the timed groups ended, {loads["end"]} at the end (the soaks and the fuzz ran last, {settings.jobs} at a time).
{quick}
Each timing is the median of alternating runs (wizard, reference, wizard, reference, ...)
with the reference measured in the same run, so noise from other work falls on both and
the ratio is steadier than either figure; on a loaded machine the ratios still move by
tens of percent from run to run. The checkout's byte-code was compiled first, as
`pip install` does. How each figure is measured: benchmarks/README.md.

{body}
{tried}
{END}
"""


def write(generated: str) -> None:
    """Replace the generated part of docs/benchmarks.md, keeping every section someone else wrote around it."""
    old = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    if START in old and END in old:
        before, rest = old.split(START, 1)
        after = rest.split(END, 1)[1]
    else:  # the old, wholly generated page: keep only sections under headings it never had
        ours = ("# Benchmarks", "## What was tried")
        sections = ["## " + part for part in old.split("\n## ")[1:]]
        before, after = "", "".join("\n" + part for part in sections if not part.startswith(ours))
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(before + generated.rstrip("\n") + after.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions of everything (a few minutes)")
    parser.add_argument("--long", action="store_true", help="soak 1,000 visitors and fuzz 10,000 events (an hour)")
    parser.add_argument("--runs", type=int, default=None, help="alternating runs per timing (default 9, quick 3)")
    parser.add_argument("--visitors", type=int, default=None, help="soak visitors (default 60, long 1000, quick 10)")
    parser.add_argument(
        "--fuzz-events", type=int, default=None, help="fuzz events (default 400, long 10000, quick 100)"
    )
    parser.add_argument("--seed", type=int, default=20261128, help="the long fuzz's seed")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="soaks and long fuzz run side by side, this many at a time (default: one per core)",
    )
    parser.add_argument("--no-write", action="store_true", help="print the table only; leave docs/benchmarks.md")
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(
        runs=args.runs or (3 if quick else 9),
        transitions=60 if quick else 500,
        seconds=0.5 if quick else 3.0,
        visitors=args.visitors or (10 if quick else memory.VISITORS if args.long else 60),
        fuzz_events=args.fuzz_events or (100 if quick else fuzz_long.EVENTS if args.long else 400),
        seed=args.seed,
        quick=quick,
        jobs=max(1, args.jobs),
        kiosk_visitors=3 if quick else 4,
        slow_transitions=40 if quick else 100,
    )
    started = time.perf_counter()
    loads = {"start": load()}
    for folder in ("wizard", "benchmarks"):
        compileall.compile_dir(ROOT / folder, quiet=1)
    groups: list[tuple[str, list[Row]]] = []
    for name, measure in GROUPS:
        print(f"measuring: {name} ... (load {load()})", file=sys.stderr, flush=True)
        groups.append((name, measure(settings)))
    loads["timed"] = load()
    print(f"measuring: soaks and fuzz, {settings.jobs} at a time ...", file=sys.stderr, flush=True)
    for name, rows in long_rows(settings):  # each joins its group's rows, or starts the group
        known = [index for index, (group, _) in enumerate(groups) if group == name]
        if known:
            groups[known[0]][1].extend(rows)
        else:
            groups.append((name, rows))
    loads["end"] = load()
    body = table(groups)
    print(body, end="")
    if not args.no_write:
        write(document(body, settings, time.perf_counter() - started, loads))
        print(f"written: {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0
