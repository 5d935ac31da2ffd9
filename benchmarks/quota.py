"""A benchmark in a process limited to a quarter of one core, standing in for a small kiosk computer.

The limit is the kernel's own CPU bandwidth control, tried in this order: a cgroup v2
child with `cpu.max` "25000 100000", a cgroup v1 `cpu` child with `cpu.cfs_quota_us`
25000 per 100000 us, then `systemd-run --user --scope -p CPUQuota=25%`. When none can be
used here (no writable cgroup, no user systemd), the process is pinned to one core with
`taskset` and stopped and continued by a duty-cycle limiter (SIGSTOP / SIGCONT, on 5 ms of
every 20 ms), and the rows say so. Each row names the limit that was used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from .common import ROOT, Row, rows_from

PERIOD_US = 100_000
QUOTA_US = 25_000
V2 = Path("/sys/fs/cgroup")
V1 = Path("/sys/fs/cgroup/cpu")


def _v2_group() -> Path | None:
    controllers = V2 / "cgroup.controllers"
    if not controllers.exists() or "cpu" not in controllers.read_text().split():
        return None
    group = V2 / f"wizard-bench-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    (group / "cpu.max").write_text(f"{QUOTA_US} {PERIOD_US}\n")
    return group


def _v1_group() -> Path | None:
    if not (V1 / "cpu.cfs_quota_us").exists():
        return None
    group = V1 / f"wizard-bench-{uuid.uuid4().hex[:8]}"
    group.mkdir()
    (group / "cpu.cfs_period_us").write_text(str(PERIOD_US))
    (group / "cpu.cfs_quota_us").write_text(str(QUOTA_US))
    return group


@contextlib.contextmanager
def cgroup() -> Iterator[tuple[Path, str] | None]:
    """A new cgroup with a quarter of one core, removed afterwards; None when none can be made here."""
    for make, name in ((_v2_group, "cgroup v2 cpu.max 25000/100000"), (_v1_group, "cgroup v1 CFS quota 25 ms/100 ms")):
        try:
            group = make()
        except OSError:
            continue
        if group is None:
            continue
        try:
            yield group, name
        finally:
            with contextlib.suppress(OSError):
                group.rmdir()
        return
    yield None


def systemd_scope() -> list[str] | None:
    """`systemd-run --user --scope -p CPUQuota=25%` when it works here."""
    if shutil.which("systemd-run") is None:
        return None
    probe = ["systemd-run", "--user", "--scope", "--quiet", "-p", "CPUQuota=25%"]
    done = subprocess.run([*probe, "true"], capture_output=True)
    return probe if done.returncode == 0 else None


def duty_cycle(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run `command` pinned to one core, let through 5 ms of every 20 ms (SIGSTOP / SIGCONT)."""
    pinned = ["taskset", "-c", "0", *command] if shutil.which("taskset") else list(command)
    child = subprocess.Popen(pinned, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def limit() -> None:
        while not stop.is_set():
            time.sleep(0.005)
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGSTOP)
            time.sleep(0.015)
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signal.SIGCONT)

    limiter = threading.Thread(target=limit, daemon=True)
    limiter.start()
    out, err = child.communicate()
    stop.set()
    limiter.join()
    return subprocess.CompletedProcess(pinned, child.returncode, out, err)


def limited_rows(command: Sequence[str], name: str) -> list[Row]:
    """The rows `command` prints with `--json`, run under a quarter of one core; each says how."""
    with cgroup() as found:
        if found is not None:
            group, how = found
            procs = group / "cgroup.procs"

            def enter() -> None:
                procs.write_text(str(os.getpid()))

            return _named(rows_from(command, name, preexec=enter), how)
    scope = systemd_scope()
    if scope is not None:
        return _named(rows_from([*scope, *command], name), "systemd-run --user --scope CPUQuota=25%")
    return _named(
        rows_from(command, name, run=duty_cycle),
        "no cgroup or user systemd here: taskset to one core and SIGSTOP/SIGCONT 5 ms of every 20 ms",
    )


def _named(rows: list[Row], how: str) -> list[Row]:
    for row in rows:
        row.figure += f" [limit: {how}]"
    return rows
