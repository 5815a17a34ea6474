"""The benchmark behind `make bench` (bench/run.py); see docs/benchmark.md."""
