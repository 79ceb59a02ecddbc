"""Benchmarks (not tests): ``make bench`` runs them and writes docs/performance.md.

Each benchmark runs against a throw-away test database on whatever DATABASE_URL
points at (SQLite by default; PostgreSQL for the figures that count).
"""

import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench import asset_search, digests, matching, pages  # noqa: E402

BENCHMARKS = [pages, asset_search, matching, digests]
REPORT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    sections = []
    try:
        for benchmark in BENCHMARKS:
            print(f"Running {benchmark.__name__} ...", flush=True)
            sections.append(benchmark.run())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    write_report(sections)
    print(f"Figures written to {REPORT}")


def write_report(sections):
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    header = [
        "# Performance",
        "",
        "Figures from `make bench` (see `bench/`). Timings are never asserted in tests;",
        "query counts are. Re-run `make bench` after a change that touches a hot path.",
        "",
        f"Last run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}, "
        f"database: {connection.vendor}.",
        "",
    ]
    REPORT.write_text("\n".join(header + sections) + "\n")


if __name__ == "__main__":
    sys.exit(main())
