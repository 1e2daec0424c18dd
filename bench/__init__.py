"""Benchmarks against named peers; each script rewrites its own section of RESULTS.md."""
