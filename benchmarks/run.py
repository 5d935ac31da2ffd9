"""Every benchmark in one table: `python -m benchmarks [--quick] [--runs N]`, from the repository root.

Prints a Markdown table (figure, measured, reference measured in the same run,
ratio, target, met) and writes it with the machine's details to docs/benchmarks.md.
Timings are medians of alternating runs (wizard, reference, wizard, ...), so noise
on a busy machine falls on both. `--quick` runs every group with few repetitions
(a few minutes), to check that the benchmarks work rather than to quote figures.

Groups that run in a process of their own (explore, the soaks, the long fuzz) print
their rows with `--json`. The contract: `python -m benchmarks.<module> ... --json`,
run from the repository root, prints to stdout a JSON list of rows, each an object
with the fields of `common.Row`: "figure" (str), "measured" (str), and optionally "reference" (str),
"ratio" (number), "target" (str), "met" (true, false or null for no target) and
"why" (str, why a target is missed); it exits 0 when it could measure.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import fuzz_long, headless, memory, startup, transition
from .common import PYTHON, ROOT, Row, rows_from

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
    soak = [PYTHON, "-m", "benchmarks.memory", "soak", "--json", "--visitors", str(settings.visitors)]
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


GROUPS: list[tuple[str, Callable[[Settings], list[Row]]]] = [
    ("Start-up", lambda s: startup.rows(s.runs)),
    ("Next question", lambda s: transition.rows(s.transitions)),
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


def document(body: str, settings: Settings, seconds: float, timed_load: tuple[float, float, float]) -> str:
    return f"""# Benchmarks

Written by `python -m benchmarks{" --quick" if settings.quick else ""} --runs {settings.runs}` on \
{time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, in {seconds / 60:.0f} min, at commit {commit()}.
Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; \
load average when the timings ended {timed_load[0]:.1f} / {timed_load[1]:.1f} / {timed_load[2]:.1f} \
(the soaks and long fuzz ran after, {settings.jobs} at a time).
{
        "**Quick mode: few repetitions; these figures show the benchmarks work, not how fast the wizard is.**"
        if settings.quick
        else ""
    }

The machine is small (2 cores) and shared: other work runs beside the benchmarks, so
single timings are noisy. Each timing is the median of alternating runs (wizard,
reference, wizard, reference, ...) and each reference is measured in the same run,
so the ratios are steadier than the absolute figures. Re-run on a quiet machine
before quoting a number.

{body}
How each figure is measured: benchmarks/README.md.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few repetitions of everything (a few minutes)")
    parser.add_argument("--runs", type=int, default=None, help="alternating runs per timing (default 9, quick 3)")
    parser.add_argument("--visitors", type=int, default=None, help="soak visitors (default 1000, quick 10)")
    parser.add_argument("--fuzz-events", type=int, default=None, help="long fuzz events (default 10000, quick 100)")
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
        visitors=args.visitors or (10 if quick else memory.VISITORS),
        fuzz_events=args.fuzz_events or (100 if quick else fuzz_long.EVENTS),
        seed=args.seed,
        quick=quick,
        jobs=max(1, args.jobs),
    )
    started = time.perf_counter()
    groups: list[tuple[str, list[Row]]] = []
    for name, measure in GROUPS:
        print(f"measuring: {name} ...", file=sys.stderr, flush=True)
        groups.append((name, measure(settings)))
    timed_load = os.getloadavg()
    print(f"measuring: soaks and long fuzz, {settings.jobs} at a time ...", file=sys.stderr, flush=True)
    for name, rows in long_rows(settings):  # each joins its group's rows, or starts the group
        known = [index for index, (group, _) in enumerate(groups) if group == name]
        if known:
            groups[known[0]][1].extend(rows)
        else:
            groups.append((name, rows))
    body = table(groups)
    print(body, end="")
    if not args.no_write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(document(body, settings, time.perf_counter() - started, timed_load), encoding="utf-8")
        print(f"written: {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0
