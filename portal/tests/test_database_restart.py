"""PostgreSQL drops every connection (a restart, a failover): no request answers 500.

The pooled connections are checked before use (psycopg_pool's ``check``), so a dead one
is replaced instead of handed to a view.
"""

import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_every_backend():
    """What a restart does to the test database's sessions: end them server-side."""
    database = connection.settings_dict["NAME"]
    with psycopg.connect(
        host=connection.settings_dict["HOST"] or "127.0.0.1",
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return len(rows)


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_no_request_fails_after_postgresql_drops_the_pooled_connections(
    require_postgres, live_server
):
    pool = connection.pool
    assert pool is not None, "the connection pool must be on for this test"
    # A few idle connections in the pool, as a process that served a burst has.
    held = [pool.getconn() for _ in range(2)]
    for conn in held:
        pool.putconn(conn)
    connection.close()  # this thread's connection goes back to the pool too
    assert status(live_server.url + "/") == 200

    assert terminate_every_backend() >= 2

    statuses = [status(live_server.url + path) for path in ["/", "/assets/", "/news/"] * 3]
    assert statuses == [200] * 9
    assert status(live_server.url + "/readyz") == 200
