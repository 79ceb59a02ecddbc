"""Start a real Celery worker as a separate process (for the fault test and the benchmark).

The worker runs the test settings against the same (test) database, the same Redis,
and the given SMTP port, consuming from a queue of its own so nothing else in Redis
reaches it and it reaches nothing else.
"""

import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from portal.celery import app


def database_url():
    """A DATABASE_URL for the database this process is using now (the test database)."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("A worker process needs PostgreSQL (SQLite test databases are private)")
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{db['NAME']}"


@contextmanager
def tasks_sent_to(queue):
    """Tasks this process sends go to ``queue`` (a worker process's own), not run here."""
    amqp = app.amqp
    saved = app.conf.task_always_eager, app.conf.task_routes

    def reroute(routes):
        app.conf.task_routes = routes
        amqp.flush_routes()
        amqp.__dict__.pop("router", None)  # Celery caches the router; build it again

    app.conf.task_always_eager = False
    reroute({"*": {"queue": queue}})
    try:
        yield
    finally:
        app.conf.task_always_eager = saved[0]
        reroute(saved[1])


def purge(queue):
    """Drop whatever is left in a test's own queue."""
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


class WorkerProcess:
    """``with WorkerProcess(smtp_port=...) as worker:``; ``worker.kill()`` sends SIGKILL."""

    def __init__(self, *, smtp_port, queue=None, env=None, log_path=None):
        self.queue = queue or f"test-{uuid.uuid4().hex[:12]}"
        self.name = f"worker-{uuid.uuid4().hex[:8]}@localhost"
        self.smtp_port = smtp_port
        self.extra_env = env or {}
        self.log_path = log_path
        self.process = None
        self._log = None

    def environment(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings_test",
            "CELERY_EAGER": "0",
            "CELERY_QUEUE": self.queue,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "SITE_URL": settings.SITE_URL,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_USE_SSL": "0",
            "LOG_LEVEL": "WARNING",
        }
        env.update({key: str(value) for key, value in self.extra_env.items()})
        return env

    def start(self, timeout=60):
        command = [
            sys.executable, "-m", "celery", "-A", "portal", "worker",
            "--pool=solo", "--queues", self.queue, "--hostname", self.name,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel", "WARNING",
        ]  # fmt: skip
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=settings.BASE_DIR,
            env=self.environment(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"The worker exited at start-up (code {self.process.returncode})"
                )
            if app.control.ping(destination=[self.name], timeout=0.5):
                return self
        self.stop()
        raise RuntimeError("The worker did not answer a ping in time")

    @property
    def pid(self):
        return self.process.pid

    def peak_memory_kib(self):
        """The worker's peak resident memory (VmHWM) in KiB, from /proc."""
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return None

    def kill(self):
        """SIGKILL: the worker dies at once, mid-task, with no clean-up."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
