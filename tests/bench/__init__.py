"""Benchmarks and evaluations, run by ``make bench`` / ``make eval`` (never as timed tests).

Each ``bench_*.py`` / ``eval_*.py`` module here has ``run() -> None`` that prints its own
figures, each as a ratio against a baseline measured in the same run where a target is a speed.
"""
