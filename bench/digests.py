"""Digest throughput: one digest to 20,000 subscribers through a local SMTP sink.

A real Celery worker process (PostgreSQL, Redis) sends the digest while a separate
aiosmtpd process accepts the mail; then, in the same run, a raw smtplib client sends
the same number of prebuilt messages to the same sink over one connection. Target: a
worker process sends at least half as fast as the raw client.
"""

import json
import os
import smtplib
import subprocess
import sys
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.models import Organisation
from newsletter import services
from newsletter.models import Delivery, Subscriber
from newsletter.sending import LinkMaker, build_message
from newsletter.tests.worker_process import WorkerProcess, tasks_sent_to
from opportunities.models import Opportunity
from portal.models import FocalArea, NewsPost

SUBSCRIBERS = int(os.environ.get("BENCH_DIGEST_SUBSCRIBERS", 20_000))


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_content():
    areas = list(FocalArea.objects.all()[:3])
    organisation = Organisation.objects.create(name="Digest Benchmark Ltd", kind="sme")
    now = timezone.now()
    for i in range(12):
        opportunity = Opportunity.objects.create(
            title=f"Digest benchmark opportunity {i}",
            kind=Opportunity.Kind.CHALLENGE if i % 3 else Opportunity.Kind.EVENT,
            organisation=organisation,
            summary="A generated opportunity for the digest benchmark.",
            status=Opportunity.Status.PUBLISHED,
            published_at=now - timedelta(hours=i + 1),
            starts_at=now + timedelta(days=i + 1),
            ends_at=now + timedelta(days=i + 1, hours=3),
        )
        opportunity.focal_areas.set(areas[i % len(areas) : i % len(areas) + 1])
    for i in range(3):
        post = NewsPost.objects.create(
            title=f"Digest benchmark news {i}",
            slug=f"digest-benchmark-news-{i}",
            summary="Something happened in the region.",
            body="More about it.",
            status=NewsPost.Status.PUBLISHED,
            published_at=now - timedelta(hours=i + 1),
        )
        post.focal_areas.set(areas[i : i + 1])


def make_subscribers(n):
    areas = list(FocalArea.objects.values_list("pk", flat=True)[:3])
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"bench{i}@example.com",
                status=Subscriber.Status.ACTIVE,
                confirmed_at=now,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    through = Subscriber.focal_areas.through
    rows = []
    for i, pk in enumerate(Subscriber.objects.order_by("pk").values_list("pk", flat=True)):
        # Every combination of the three areas (eight editions), spread evenly.
        rows += [
            through(subscriber_id=pk, focalarea_id=area)
            for bit, area in enumerate(areas)
            if i & (1 << bit)
        ]
    through.objects.bulk_create(rows, batch_size=5000)


def raw_client(port, messages):
    """Send prebuilt messages over one connection; messages per second."""
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as client:
        for sender, recipient, data in messages:
            client.sendmail(sender, [recipient], data)
    return len(messages) / (time.perf_counter() - start)


def run():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        return (
            "## Digests\n\nNot run: the digest benchmark needs PostgreSQL (`DATABASE_URL`) "
            "and Redis (`REDIS_URL`) for a real worker process.\n"
        )
    make_content()
    make_subscribers(SUBSCRIBERS)
    port = free_port()
    sink = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "bench.smtp_sink", str(port)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert sink.stdout.readline().strip() == "ready"
    worker = WorkerProcess(smtp_port=port)
    try:
        worker.start()
        with tasks_sent_to(worker.queue):
            digest = services.digest_create(
                frequency="weekly", period_end=timezone.now() + timedelta(minutes=1)
            )
            prepare_start = time.perf_counter()
            queued = services.digest_send(digest=digest)
            prepare = time.perf_counter() - prepare_start
            send_start = time.perf_counter()
            sent = 0
            while sent < queued:
                time.sleep(0.25)
                sent = Delivery.objects.filter(digest=digest, status=Delivery.Status.SENT).count()
                if time.perf_counter() - send_start > 3600:
                    raise RuntimeError(f"Only {sent} of {queued} sent after an hour")
            send_seconds = time.perf_counter() - send_start
        peak_kib = worker.peak_memory_kib()
    finally:
        worker.stop()
    digest.refresh_from_db()
    worker_rate = queued / send_seconds

    # The same number of prebuilt messages, rendered before the clock starts.
    links = LinkMaker()
    editions = {e.pk: e for e in digest.editions.all()}
    prebuilt = []
    deliveries = Delivery.objects.filter(digest=digest).select_related("subscriber")
    for delivery in deliveries.order_by("pk").iterator(chunk_size=2000):
        message = build_message(
            editions[delivery.edition_id],
            delivery.subscriber_id,
            delivery.subscriber.email,
            links=links,
        )
        prebuilt.append(
            (
                message.from_email,
                delivery.subscriber.email,
                message.message().as_bytes(linesep="\r\n"),
            )
        )
    # Twice, because the machine's load moves between runs; the ratio uses the mean.
    raw_rates = [raw_client(port, prebuilt), raw_client(port, prebuilt)]
    raw_rate = sum(raw_rates) / len(raw_rates)
    load = os.getloadavg()
    sink.terminate()
    received = json.loads(sink.communicate(timeout=30)[0].strip().splitlines()[-1])

    ratio = worker_rate / raw_rate
    size = sum(len(data) for _s, _r, data in prebuilt) / len(prebuilt)
    print(f"  worker {worker_rate:.0f} msg/s, raw client {raw_rate:.0f} msg/s ({ratio:.0%})")
    rows = [
        "## Digests",
        "",
        f"One digest to {queued:,} active subscribers (eight focal-area editions, "
        f"about {size / 1024:.1f} KiB per message) through a local aiosmtpd sink in its own "
        "process. One Celery worker process (`--pool=solo`, PostgreSQL, Redis broker), "
        f"batches of {settings.NEWSLETTER_BATCH_SIZE}; then a raw `smtplib` client sends the "
        "same number of prebuilt messages to the same sink over one connection, twice.",
        "Target: the worker process at least half the raw client's rate.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| deliveries created and batches queued (`digest_send`) | {prepare:.1f} s |",
        f"| worker: time to send all | {send_seconds:.1f} s |",
        f"| worker: messages per second (one process) | {worker_rate:.0f} |",
        f"| raw smtplib client: messages per second (two runs, mean) | "
        f"{raw_rates[0]:.0f}, {raw_rates[1]:.0f}; {raw_rate:.0f} |",
        f"| worker rate / raw client rate | {ratio:.0%} |",
        f"| worker peak memory (VmHWM) | {peak_kib / 1024:.0f} MiB |",
        f"| digest status, sent / total | {digest.status}, {digest.sent_count:,} / "
        f"{digest.total_count:,} |",
        f"| machine load average (1, 5, 15 min) at the end | "
        f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} |",
        f"| sink: messages accepted (worker + 2 raw runs), distinct recipients | "
        f"{received['messages']:,}, {received['recipients']:,} |",
        "",
    ]
    return "\n".join(rows)
