"""Benchmarks are not part of the default run: `make bench` (PostgreSQL via DATABASE_URL)."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("BENCH") != "1":
        skip = pytest.mark.skip(reason="benchmarks run with `make bench` (BENCH=1)")
        for item in items:
            item.add_marker(skip)
