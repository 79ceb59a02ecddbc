"""Database helpers shared by the benchmarks."""

from django.db import connection


def analyze():
    """Refresh the planner's statistics after bulk loading, as autovacuum would."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
