"""The broker really dead, eager mode off: a request waits a bounded time, and its email
waits in the outbox until the broker is back, then goes out once.

A redis-server of the test's own is the Celery broker; it is killed with SIGKILL before
the request and started again (empty, as a crashed Redis without persistence comes back)
before a real worker and the periodic sweep run. The test's Redis (``REDIS_URL``) stays
the cache, so only the broker is down.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from datetime import timedelta

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from newsletter.models import Subscriber
from portal.celery import app
from portal.models import OutgoingEmail
from portal.tasks import send_pending_emails
from portal.tests.waiting import wait_until

# A guard against a hang, not a timing target: the broker's socket timeouts are 2 s.
BOUND = 5.0

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """``redis-server`` on a free port, without persistence; ``kill()`` is SIGKILL."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def answers(self):
        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - a fixed command
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],  # noqa: S607
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, timeout=20, what="redis-server to answer")

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def use_broker(url):
    """Point the Celery app at another broker, dropping its pooled connections."""
    app.conf.broker_url = url
    app._pool = None  # as Celery itself does after a fork
    app.amqp._producer_pool = None


@pytest.fixture
def own_broker(require_redis, settings):
    if shutil.which("redis-server") is None:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("REQUIRE_SERVICES=1 but redis-server is not installed")
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    saved = app.conf.broker_url, app.conf.task_always_eager
    # The rate limits count in the cache across tests; this test is not about them.
    settings.NEWSLETTER_RATE_LIMIT_IP = 1000
    settings.NEWSLETTER_RATE_LIMIT_EMAIL = 1000
    settings.CELERY_BROKER_URL = server.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    use_broker(server.url)
    try:
        yield server
    finally:
        app.conf.task_always_eager = saved[1]
        use_broker(saved[0])
        server.stop()


def test_a_dead_broker_costs_a_subscribe_a_bounded_wait_and_its_email_goes_out_once_back(
    client, own_broker, smtp_server
):
    # A server that has been running: its URLs and views loaded (the first request of a
    # fresh process imports them, which is not waiting on anything), and its pool
    # holding a connection to the broker. Then the broker dies.
    assert client.get("/newsletter/subscribe/").status_code == 200
    with app.producer_or_acquire() as producer:
        producer.connection.ensure_connection(max_retries=1)
    own_broker.kill()
    assert not own_broker.answers()

    started = time.monotonic()
    response = client.post(
        "/newsletter/subscribe/",
        {"email": "ada@example.com", "frequency": "weekly", "consent": "on"},
    )
    waited = time.monotonic() - started

    assert response.status_code == 302
    assert waited < BOUND, f"the subscribe request waited {waited:.1f} s on a dead broker"
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    email = OutgoingEmail.objects.get(template="newsletter_confirm")
    assert email.status == OutgoingEmail.Status.PENDING
    assert smtp_server.count() == 0

    # The broker comes back, empty; the sweep (beat, every minute) finds the row once it
    # is a minute old and a real worker sends it.
    own_broker.start()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(hours=1))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        send_pending_emails.delay()
        wait_until(
            lambda: OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT,
            timeout=30,
            what="the confirmation email to be sent",
        )

    assert smtp_server.recipients() == ["ada@example.com"]
    assert (
        "/newsletter/confirm/"
        in smtp_server.messages[0]["message"].get_body(preferencelist=("plain",)).get_content()
    )
