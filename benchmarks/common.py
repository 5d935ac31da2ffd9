"""What every benchmark shares: a table row, medians of alternating runs, percentiles and memory readings."""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The checkout being measured; subprocesses start here so `python -m wizard` runs this code."""
PYTHON = sys.executable


@dataclass
class Row:
    """One line of the table: a figure, what it is compared with, and whether it meets its target."""

    figure: str
    measured: str
    reference: str = "-"
    ratio: float | None = None
    target: str = "-"
    met: bool | None = None
    """None for figures that have no target (shown for context)."""
    why: str = ""
    """Why a missed target is missed; printed only when it is."""

    def status(self) -> str:
        if self.met is None:
            return "-"
        return "yes" if self.met else f"no: {self.why}" if self.why else "no"


def print_rows(rows: Sequence[Row], as_json: bool) -> None:
    """Rows for a person (one per line), or as the JSON list `rows_from` reads back."""
    if as_json:
        print(json.dumps([dataclasses.asdict(row) for row in rows]))
    else:
        for row in rows:
            print(
                f"{row.figure}: {row.measured}"
                + (f" (vs {row.reference})" if row.reference != "-" else "")
                + ("" if row.met is None else f" - target {row.target}: {row.status()}")
            )


def rows_from(
    command: Sequence[str],
    name: str,
    *,
    preexec: Callable[[], None] | None = None,
    run: Callable[[Sequence[str]], subprocess.CompletedProcess[str]] | None = None,
) -> list[Row]:
    """Run a benchmark module in its own process and read the rows it prints with `--json`.

    `preexec` runs in the child before it starts (to enter a cgroup); `run` replaces
    `subprocess.run` (to limit the child from outside). A non-zero exit, or output that is
    not such a list, becomes one failed row saying why.
    """
    if run is not None:
        done = run(list(command))
    else:
        done = subprocess.run(list(command), cwd=ROOT, capture_output=True, text=True, preexec_fn=preexec)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return [Row(name, "failed", met=False, why=last)]
    fields = set(Row.__dataclass_fields__)
    try:
        return [Row(**{key: value for key, value in item.items() if key in fields}) for item in json.loads(done.stdout)]
    except (ValueError, TypeError, AttributeError) as exc:
        return [Row(name, "failed", met=False, why=f"its output breaks the JSON row contract: {exc}")]


def ratio_row(
    figure: str, value: float, reference: float, unit: str, target: float, reference_name: str, why: str = ""
) -> Row:
    """A row whose target is `value / reference <= target`; says by how much a miss misses."""
    ratio = value / reference
    met = ratio <= target
    miss = f"{(ratio / target - 1) * 100:.0f}% over; {why}" if not met else ""
    return Row(
        figure, fmt(value, unit), f"{reference_name} {fmt(reference, unit)}", ratio, f"<= {target:.2f}x", met, miss
    )


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value >= 0.01 else f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:,.0f} {unit}".rstrip()


def alternate(*measures: Callable[[], float], runs: int) -> list[float]:
    """Medians of `runs` measurements of each, taken in turn, so machine noise falls on all alike."""
    taken: list[list[float]] = [[] for _ in measures]
    for measure in measures:  # warm the file cache and byte-code of each before measuring
        measure()
    for _ in range(runs):
        for values, measure in zip(taken, measures, strict=True):
            values.append(measure())
    return [statistics.median(values) for values in taken]


def wall_time(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Seconds for `command` to run to the end in a new process started in ROOT; fails on a non-zero exit."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux VmHWM), in MB.

    Not ru_maxrss: Linux keeps the parent's peak in it across fork and exec, so a child of a
    large process would report the parent's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError("no VmHWM in /proc/self/status")
