"""Knee and ankle pain self-assessment: one flow engine, many front ends."""

__version__ = "0.1.0"
