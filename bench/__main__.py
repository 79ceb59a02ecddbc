"""Benchmarks (not tests): ``make bench`` runs them and writes docs/performance.md.

Each benchmark runs against a throw-away test database on whatever DATABASE_URL
points at (SQLite by default; PostgreSQL for the figures that count).
"""

import contextlib
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import (  # noqa: E402
    asset_search,
    browse_scale,
    digests,
    insights,
    load,
    matching,
    pages,
    scheduling,
)

# browse_scale before asset_search: the opportunity filter lists every published asset.
BENCHMARKS = [pages, browse_scale, asset_search, matching, digests, scheduling, insights, load]
# BENCH=pages,matching runs only those and replaces only their sections of the report.
ONLY = {name for name in os.environ.get("BENCH", "").split(",") if name}
REPORT = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
CLONE = "bench"  # the suffix of each benchmark's copy of the test database


def main():
    # Not setup_test_environment(): its template instrumentation would slow every page.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Pages link static files by their hashed names, as in production (settings_test.py).
    call_command("collectstatic", "--noinput", "--clear", verbosity=0)
    if ONLY == {"load"}:  # it boots its own production database and server (bench/load.py)
        write_report([load.run()])
        print(f"Figures written to {REPORT}")
        return
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    sections = []
    try:
        for benchmark in BENCHMARKS:
            if ONLY and benchmark.__name__.removeprefix("bench.") not in ONLY:
                continue
            print(f"Running {benchmark.__name__} ...", flush=True)
            with own_database():
                sections.append(benchmark.run())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    write_report(sections)
    print(f"Figures written to {REPORT}")


@contextlib.contextmanager
def own_database():
    """Each benchmark on its own copy of the freshly migrated database (PostgreSQL: a
    clone made from it as a template), and an empty cache: the data one benchmark
    generates (100,000 assets, say) must not sit under the next one's figures. On SQLite
    the benchmarks share the one database."""
    cache.clear()
    if connection.vendor != "postgresql":
        yield
        return
    pristine = connection.settings_dict["NAME"]
    connection.close()  # a template database must have no connections
    connection.creation.clone_test_db(suffix=CLONE, verbosity=0, autoclobber=True)
    clone = connection.creation.get_test_db_clone_settings(CLONE)["NAME"]
    settings.DATABASES[connection.alias]["NAME"] = clone
    connection.settings_dict["NAME"] = clone
    try:
        yield
    finally:
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = pristine
        connection.settings_dict["NAME"] = pristine
        connection.creation.destroy_test_db(verbosity=0, suffix=CLONE)


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
    # Sections no benchmark writes (the notes on what the figures mean, relevance, the
    # scale-out stage) are kept, in place.
    if REPORT.exists():
        sections = _merge(REPORT.read_text(), sections)
    REPORT.write_text("\n".join(header + sections) + "\n")


def _merge(previous, new_sections):
    """The previous report's sections, with the ones just measured replaced."""
    old = ["## " + part for part in previous.split("\n## ")[1:]]
    titles = {section.split("\n", 1)[0]: section for section in new_sections}
    merged = [titles.pop(section.split("\n", 1)[0], section.rstrip("\n") + "\n") for section in old]
    return merged + list(titles.values())


if __name__ == "__main__":
    sys.exit(main())
