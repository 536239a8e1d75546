"""Benchmarks, run as modules: `uv run python -m benchmarks.matching`."""
