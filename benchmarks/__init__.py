"""Measured speed and robustness of the wizard; run them all with `python -m benchmarks` (see run.py)."""
