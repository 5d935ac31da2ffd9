"""Large flows: `wizard check` and `wizard explore` on synthetic flows of up to 2,000 questions.

Each command runs in a fresh process with its default budget (200,000 merged states or
60 s), and reports its own peak resident memory and wall time. The target: under
400 MB at 2,000 questions, never a RecursionError, and "incomplete" when the budget
runs out (exit status 3 for explore, an `explore/incomplete` warning for check).

    python benchmarks/scale.py [--sizes 400 1000 2000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PYTHON, ROOT
from benchmarks.synthetic import synthetic_yaml

TARGET_MB = 400.0
REPORTING = (
    "import sys\n"
    "from wizard.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
    "print(f'peak {peak * 1024 / 1e6:.1f}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)
"""Runs the real CLI, then prints this process's own peak RSS (VmHWM; ru_maxrss would keep the parent's)."""


def run(args: list[str]) -> tuple[int, float, float, str]:
    """(exit status, peak MB, seconds, last line of output) of one command in a fresh process."""
    start = time.perf_counter()
    done = subprocess.run([PYTHON, "-c", REPORTING, *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if "Traceback" in done.stderr:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    peak = float(done.stderr.rsplit("peak ", 1)[-1])
    output = done.stdout.strip().splitlines() or [""]
    said = next((line for line in output if "incomplete" in line), output[-1])
    return done.returncode, peak, seconds, said[:110]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[400, 1000, 2000])
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"synthetic_{size}.yaml"
            path.write_text(synthetic_yaml(size), encoding="utf-8")
            for command in ("check", "explore"):
                code, peak, seconds, said = run([command, str(path)])
                worst = max(worst, peak)
                print(f"{command} {size} questions: exit {code}, peak {peak:.0f} MB, {seconds:.1f} s: {said}")
    print(f"largest peak {worst:.0f} MB; target under {TARGET_MB:.0f} MB: {'yes' if worst < TARGET_MB else 'no'}")


if __name__ == "__main__":
    main()
