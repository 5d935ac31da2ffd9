"""Every benchmark in one table: `python -m benchmarks [--quick] [--runs N]`, from the repository root.

Prints a Markdown table (figure, measured, reference measured in the same run,
ratio, target, met) and writes it with the machine's details to docs/benchmarks.md.
Timings are medians of alternating runs (wizard, reference, wizard, ...), so noise
on a busy machine falls on both. `--quick` runs every group with few repetitions
(a few minutes), to check that the benchmarks work rather than to quote figures.

The explore group comes from benchmarks/explore.py when it exists. Its contract:
`python -m benchmarks.explore --json [--quick]`, run from the repository root,
prints to stdout a JSON list of rows, each an object with the fields of
`common.Row`: "figure" (str), "measured" (str), and optionally "reference" (str),
"ratio" (number), "target" (str), "met" (true, false or null for no target) and
"why" (str, why a target is missed); it exits 0 when it could measure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import fuzz_long, headless, memory, startup, transition
from .common import PYTHON, ROOT, Row

DOC = ROOT / "docs" / "benchmarks.md"
EXPLORE = Path(__file__).with_name("explore.py")


@dataclass
class Settings:
    runs: int
    transitions: int
    seconds: float
    visitors: int
    fuzz_events: int
    seed: int
    quick: bool


def explore_rows(settings: Settings) -> list[Row]:
    """Rows from benchmarks/explore.py (see the contract above), or "not available"."""
    if not EXPLORE.exists():
        return [Row("explore: built-in and synthetic flows", "not available (benchmarks/explore.py is missing)")]
    command = [PYTHON, "-m", "benchmarks.explore", "--json", *(["--quick"] if settings.quick else [])]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return [Row("explore", "failed", met=False, why=last)]
    fields = set(Row.__dataclass_fields__)
    try:
        return [Row(**{key: value for key, value in item.items() if key in fields}) for item in json.loads(done.stdout)]
    except (ValueError, TypeError, AttributeError) as exc:
        return [Row("explore", "failed", met=False, why=f"its output breaks the JSON row contract: {exc}")]


GROUPS: list[tuple[str, Callable[[Settings], list[Row]]]] = [
    ("Start-up", lambda s: startup.rows(s.runs)),
    ("Next question", lambda s: transition.rows(s.transitions)),
    ("Headless", lambda s: [*headless.cold_run_rows(s.runs), *headless.throughput_rows(s.seconds)]),
    ("Explore", explore_rows),
    ("Memory", lambda s: [*memory.peak_rows(max(1, s.runs // 3)), *memory.soak_rows(s.visitors),
                          *memory.soak_rows(s.visitors, kiosk=True)]),
    ("Fuzz", lambda s: [*fuzz_long.rows(s.fuzz_events, s.seed), *fuzz_long.rows(s.fuzz_events, s.seed, kiosk=True)]),
]


def table(groups: list[tuple[str, list[Row]]]) -> str:
    lines = ["| group | figure | measured | reference | ratio | target | met |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, rows in groups:
        for row in rows:
            ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
            lines.append(f"| {name} | {row.figure} | {row.measured} | {row.reference} | {ratio} | {row.target} "
                         f"| {row.status()} |")
    return "\n".join(lines) + "\n"


def document(body: str, settings: Settings, seconds: float) -> str:
    load = os.getloadavg()
    return f"""# Benchmarks

Written by `python -m benchmarks{' --quick' if settings.quick else ''} --runs {settings.runs}` on \
{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, in {seconds / 60:.0f} min.
Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, \
load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.
{'**Quick mode: few repetitions; these figures show the benchmarks work, not how fast the wizard is.**'
 if settings.quick else ''}

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
    parser.add_argument("--no-write", action="store_true", help="print the table only; leave docs/benchmarks.md")
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(
        runs=args.runs or (3 if quick else 9), transitions=60 if quick else 500, seconds=0.5 if quick else 3.0,
        visitors=args.visitors or (10 if quick else memory.VISITORS),
        fuzz_events=args.fuzz_events or (100 if quick else fuzz_long.EVENTS), seed=args.seed, quick=quick)
    started = time.perf_counter()
    groups: list[tuple[str, list[Row]]] = []
    for name, measure in GROUPS:
        print(f"measuring: {name} ...", file=sys.stderr, flush=True)
        groups.append((name, measure(settings)))
    body = table(groups)
    print(body, end="")
    if not args.no_write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(document(body, settings, time.perf_counter() - started), encoding="utf-8")
        print(f"written: {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0
