"""Start-up to first frame in a real terminal: the wizard vs a bare Textual app.

Each run starts the program in a fresh tmux server and polls the pane from the
moment the process is started until its first screen is drawn. Runs alternate
between the two programs so that machine noise hits both alike.

    python -m benchmarks.startup [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .common import PYTHON, ROOT, Row, alternate, fmt, ratio_row

HERE = Path(__file__).resolve().parent
WIZARD = [PYTHON, "-m", "wizard"]
BARE = [PYTHON, str(HERE / "bare_app.py")]
PUSHED = [*BARE, "--pushed"]
MARKER = "Start"
"""Both first screens show a Start button; its label appearing means the first frame is drawn."""
TARGET = 1.10


def first_frame(command: list[str], width: int = 100, height: int = 32, timeout: float = 20) -> float:
    """Seconds from starting `command` in a new terminal to `MARKER` on screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    shell = " ".join(command)
    start = time.perf_counter()
    tmux = ["tmux", "-L", name]  # a server of its own, so nothing else in tmux is disturbed
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", name, "-c", str(ROOT), "-x", str(width), "-y", str(height), shell],
        check=True,
    )
    try:
        while time.perf_counter() - start < timeout:
            pane = subprocess.run([*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout
            if MARKER in pane:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"no first frame from {shell} within {timeout} s")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def rows(runs: int) -> list[Row]:
    if shutil.which("tmux") is None:
        return [Row("start-up to first frame (tmux)", "not available: tmux is not installed")]
    wizard, bare, pushed = alternate(
        lambda: first_frame(WIZARD), lambda: first_frame(BARE), lambda: first_frame(PUSHED), runs=runs
    )
    return [
        ratio_row(
            "start-up to first frame (tmux)",
            wizard,
            bare,
            "s",
            TARGET,
            "bare Textual",
            "our imports (argparse, our screens and widgets; the engine loads after the first frame) and "
            "a stylesheet of about 100 rules; a bare app that pushes its first screen on mount, as apps "
            f"with several screens do, measured {pushed / bare:.2f}x (next row)",
        ),
        Row(
            "start-up, bare Textual with its screen pushed on mount (context)",
            fmt(pushed, "s"),
            f"bare Textual {fmt(bare, 's')}",
            pushed / bare,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for row in rows(args.runs):
        print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
