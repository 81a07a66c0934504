"""Benchmarks and load tests: scripts and the `manage.py bench` command, not tests."""
