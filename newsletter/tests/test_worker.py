"""The proofs on real parts: PostgreSQL, Redis, real Celery workers and an SMTP server.

With REQUIRE_SERVICES=1 (CI) these fail, never skip, when a service is missing.
"""

import time
from collections import Counter

import pytest
from django.utils import timezone

from newsletter import services
from newsletter.models import Delivery, Digest, Subscriber
from newsletter.tasks import sweep_deliveries
from newsletter.tests.factories import DigestFactory
from newsletter.tests.worker_process import WorkerProcess, purge, tasks_sent_to
from opportunities.tests.factories import OpportunityFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


def make_subscribers(n, status=Subscriber.Status.ACTIVE):
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"r{i}-{status}@example.com", status=status) for i in range(n)]
    )
    return list(Subscriber.objects.filter(status=status).values_list("email", flat=True))


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"Timed out waiting for {what}")


def test_a_real_worker_sends_exactly_one_message_per_subscriber_and_a_rerun_sends_none(
    celery_worker, sink
):
    OpportunityFactory(title="Vaccine trial partner wanted")
    emails = make_subscribers(40)
    make_subscribers(3, status=Subscriber.Status.UNSUBSCRIBED)
    digest = DigestFactory()

    services.digest_send(digest=digest)
    wait_for(lambda: Digest.objects.get(pk=digest.pk).status == "sent", 60, "the digest")

    assert sorted(sink.recipients()) == sorted(emails)
    services.digest_send(digest=digest)
    sweep_deliveries.delay()
    time.sleep(1)
    assert sink.count() == 40


@pytest.mark.postgres
def test_killing_a_worker_mid_send_loses_nobody_and_duplicates_at_most_one(
    require_postgres, require_redis, sink, tmp_path, settings
):
    OpportunityFactory(title="Vaccine trial partner wanted", published_at=timezone.now())
    emails = make_subscribers(300)
    make_subscribers(5, status=Subscriber.Status.BOUNCED)
    digest = DigestFactory()
    sink.delay = 0.004  # slow enough to be killed mid-send
    settings.NEWSLETTER_BATCH_SIZE = 50  # six batches, queued from this process
    env = {"NEWSLETTER_BATCH_SIZE": 50, "NEWSLETTER_LEASE_SECONDS": 3}
    first = WorkerProcess(smtp_port=sink.port, env=env, log_path=tmp_path / "worker.log")

    try:
        with first, tasks_sent_to(first.queue):
            services.digest_send(digest=digest)
            wait_for(lambda: sink.count() >= 80, 60, "the first worker to start sending")
            first.kill()
        killed_at = sink.count()
        assert killed_at < 300, "the worker finished before it could be killed"

        second = WorkerProcess(
            smtp_port=sink.port, queue=first.queue, env=env, log_path=tmp_path / "worker.log"
        )
        with second, tasks_sent_to(second.queue):
            # The dead worker's claimed rows come back once their lease runs out.
            def all_sent():
                sweep_deliveries.delay()
                time.sleep(0.5)
                return not Delivery.objects.filter(digest=digest).exclude(status="sent").exists()

            wait_for(all_sent, 90, "every delivery to be sent")
    finally:
        purge(first.queue)

    received = Counter(sink.recipients())
    assert set(received) == set(emails)
    duplicates = sum(count - 1 for count in received.values())
    assert duplicates <= 1, received.most_common(3)
    digest.refresh_from_db()
    assert digest.status == Digest.Status.SENT
    assert digest.sent_count == 300
