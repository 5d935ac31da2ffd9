"""Start-up to first frame in a real terminal: the wizard vs a bare Textual app.

Each run starts the program in a fresh tmux session and polls the pane from the
moment the process is started until its first screen is drawn. Runs alternate
between the two programs so that machine noise hits both alike.

    python benchmarks/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
WIZARD = [sys.executable, "-m", "wizard"]
BARE = [sys.executable, str(HERE / "bare_app.py")]
MARKER = "Start"
"""Both first screens show a Start button; its label appearing means the first frame is drawn."""


def first_frame(command: list[str], width: int = 100, height: int = 32, timeout: float = 20) -> float:
    """Seconds from starting `command` in a new terminal to `MARKER` on screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    shell = " ".join(command)
    start = time.perf_counter()
    tmux = ["tmux", "-L", name]  # a server of its own, so nothing else in tmux is disturbed
    subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), shell], check=True)
    try:
        while time.perf_counter() - start < timeout:
            pane = subprocess.run([*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout
            if MARKER in pane:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise RuntimeError(f"no first frame from {shell} within {timeout} s")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def measure(runs: int) -> dict[str, float]:
    wizard: list[float] = []
    bare: list[float] = []
    first_frame(WIZARD)  # warm the file cache and byte-code for both before measuring
    first_frame(BARE)
    for _ in range(runs):
        wizard.append(first_frame(WIZARD))
        bare.append(first_frame(BARE))
    w, b = statistics.median(wizard), statistics.median(bare)
    return {"wizard_s": w, "bare_s": b, "ratio": w / b}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    result = measure(args.runs)
    print(f"| start-up to first frame | {result['wizard_s'] * 1000:.0f} ms | bare Textual "
          f"{result['bare_s'] * 1000:.0f} ms | {result['ratio']:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
