"""Database helpers shared by the benchmarks."""

from django.db import connection


def analyze(*, vacuum=False):
    """Refresh the planner's statistics after bulk loading, as autovacuum would (with
    ``vacuum``, also the visibility map that index-only scans read, as autovacuum does
    after many inserts)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
