"""Digest throughput: digests to 5,000 subscribers, four times, through a local SMTP sink.

A real Celery worker process (PostgreSQL, Redis) sends each digest while a separate
aiosmtpd process accepts the mail; in the same run, a raw smtplib client sends the same
number of prebuilt messages to the same sink over one connection, before the first
digest and after each one. The rounds alternate because the machine's load moves: the
worker is compared with the raw client's mean over the same stretch of time. Target: a
worker process sends at least 0.85 as fast as the raw client.
"""

import contextlib
import json
import os
import smtplib
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from accounts.models import Organisation
from newsletter import content, services
from newsletter.models import Delivery, Subscriber
from newsletter.sending import LinkMaker, build_message
from newsletter.tests.worker_process import WorkerProcess, purge, tasks_sent_to
from opportunities.models import Opportunity
from portal.models import FocalArea, NewsPost

SUBSCRIBERS = int(os.environ.get("BENCH_DIGEST_SUBSCRIBERS", 5_000))
ROUNDS = int(os.environ.get("BENCH_DIGEST_ROUNDS", 4))
TARGET = 0.85


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


def process_cpu(pid):
    """CPU seconds (user + system) a process has used so far, from /proc."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu():
    """CPU seconds used so far by every PostgreSQL server process on this machine."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() == "postgres":
                total += process_cpu(entry.name)
        except OSError:  # it ended while we looked
            continue
    return total


class CpuMeter:
    """CPU milliseconds per message spent by each side, summed over several runs."""

    def __init__(self, **pids):
        self.pids = pids  # name -> pid; "postgres" (every server process) is added
        self.totals = dict.fromkeys([*pids, "postgres"], 0.0)
        self.messages = 0

    def _read(self):
        now = {name: process_cpu(pid) for name, pid in self.pids.items()}
        now["postgres"] = postgres_cpu()
        return now

    def __enter__(self):
        self._start = self._read()
        return self

    def add(self, messages):
        end = self._read()
        for name in self.totals:
            self.totals[name] += end[name] - self._start[name]
        self.messages += messages

    def __exit__(self, *exc):
        return False

    def per_message_ms(self, name):
        return 1000 * self.totals[name] / self.messages if self.messages else 0.0


def raw_client(port, messages, meter=None):
    """Send prebuilt messages over one connection; messages per second."""
    with meter or contextlib.nullcontext():
        start = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as client:
            for sender, recipient, data in messages:
                client.sendmail(sender, [recipient], data)
        rate = len(messages) / (time.perf_counter() - start)
        if meter:
            meter.add(len(messages))
    return rate


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
    try:
        digest = services.digest_create(
            frequency="weekly", period_end=timezone.now() + timedelta(minutes=1)
        )
        # The raw client's messages: the digest's own editions (digest_send reuses them),
        # built the ordinary way before any clock starts.
        area_sets = services.subscriber_area_sets(digest.frequency)
        editions = services.digest_render_editions(digest=digest, area_sets=area_sets.values())
        emails = dict(Subscriber.objects.values_list("pk", "email"))
        links = LinkMaker()
        prebuilt = []
        for subscriber_id, areas in sorted(area_sets.items()):
            message = build_message(
                editions[content.areas_key(areas)],
                subscriber_id,
                emails[subscriber_id],
                links=links,
            )
            prebuilt.append(
                (
                    message.from_email,
                    emails[subscriber_id],
                    message.message().as_bytes(linesep="\r\n"),
                )
            )
        # Raw client, then a digest through the worker and the raw client again, ROUNDS
        # times: the worker is compared with the mean of the raw runs around it.
        load_start = os.getloadavg()
        raw_meter = CpuMeter(client=os.getpid(), sink=sink.pid)
        raw_rates = [raw_client(port, prebuilt, raw_meter)]
        worker_rates, worker_seconds, worker_messages, prepare = [], 0.0, 0, []
        worker = WorkerProcess(smtp_port=port)
        try:
            worker.start()
            worker_meter = CpuMeter(worker=worker.pid, sink=sink.pid)
            for round_ in range(ROUNDS):
                if round_:  # the same content again (its own period, not the last's end)
                    digest = services.digest_create(
                        frequency="weekly",
                        period_start=digest.period_start,
                        period_end=timezone.now() + timedelta(minutes=1),
                    )
                with tasks_sent_to(worker.queue), worker_meter:
                    prepare_start = time.perf_counter()
                    queued = services.digest_send(digest=digest)
                    prepare.append(time.perf_counter() - prepare_start)
                    sent = 0
                    while sent < queued:
                        time.sleep(0.5)
                        sent = Delivery.objects.filter(
                            digest=digest, status=Delivery.Status.SENT
                        ).count()
                        if time.perf_counter() - prepare_start > 3600:
                            raise RuntimeError(f"Only {sent} of {queued} sent after an hour")
                    worker_meter.add(queued)
                span = Delivery.objects.filter(digest=digest).aggregate(
                    first=Min("sent_at"), last=Max("sent_at")
                )
                # From the first message to the last: every batch's overhead counts, the
                # worker's pick-up of the first task does not.
                seconds = (span["last"] - span["first"]).total_seconds()
                worker_rates.append((queued - 1) / seconds)
                worker_seconds += seconds
                worker_messages += queued - 1
                raw_rates.append(raw_client(port, prebuilt, raw_meter))
            peak_kib = worker.peak_memory_kib()
        finally:
            worker.stop()
            purge(worker.queue)
        digest.refresh_from_db()
        worker_rate = worker_messages / worker_seconds
        raw_rate = sum(raw_rates) / len(raw_rates)
        load = os.getloadavg()
        sink.terminate()
        received = json.loads(sink.communicate(timeout=30)[0].strip().splitlines()[-1])

        ratio = worker_rate / raw_rate
        size = sum(len(data) for _s, _r, data in prebuilt) / len(prebuilt)
        verdict = "met" if ratio >= TARGET else "NOT met"
        print(
            f"  digests: worker {worker_rate:.0f} msg/s, raw client {raw_rate:.0f} msg/s, "
            f"ratio {ratio:.2f} (target {TARGET}: {verdict}), load {load[0]:.1f}; CPU ms per "
            f"message: worker {worker_meter.per_message_ms('worker'):.2f} + PostgreSQL "
            f"{worker_meter.per_message_ms('postgres'):.2f}, raw client "
            f"{raw_meter.per_message_ms('client'):.2f}, sink "
            f"{worker_meter.per_message_ms('sink'):.2f} / {raw_meter.per_message_ms('sink'):.2f}"
        )
        rows = [
            "## Digests",
            "",
            f"{ROUNDS} digests to {queued:,} active subscribers each (eight focal-area "
            f"editions, about {size / 1024:.1f} KiB per message) through a local aiosmtpd sink "
            "in its own process. One Celery worker process (`--pool=solo`, PostgreSQL, Redis "
            f"broker), batches of {settings.NEWSLETTER_BATCH_SIZE}. A raw `smtplib` client "
            "sends the same number of prebuilt messages to the same sink over one connection "
            "before the first digest and after each one; the worker's rate (first to last "
            "message sent, batch overheads included) is compared with the mean of the raw "
            "runs, because the machine's load moves during the run.",
            f"Target: the worker process at least {TARGET} of the raw client's rate "
            f"(this run: {ratio:.2f}, {verdict}).",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| deliveries created and batches queued (`digest_send`), per digest | "
            f"{', '.join(f'{p:.1f}' for p in prepare)} s |",
            f"| worker: messages per second, per digest | "
            f"{', '.join(f'{r:.0f}' for r in worker_rates)} |",
            f"| raw smtplib client: messages per second, per run | "
            f"{', '.join(f'{r:.0f}' for r in raw_rates)} |",
            f"| worker: {worker_messages + ROUNDS:,} messages, first to last in "
            f"{worker_seconds:.1f} s | {worker_rate:.0f} msg/s |",
            f"| raw client: mean | {raw_rate:.0f} msg/s |",
            f"| **worker rate / raw client rate** | **{ratio:.2f}** |",
            f"| worker peak memory (VmHWM) | {peak_kib / 1024:.0f} MiB |",
            f"| last digest: status, sent / total | {digest.status}, {digest.sent_count:,} / "
            f"{digest.total_count:,} |",
            f"| machine load average (1, 5, 15 min) at the start; at the end | "
            f"{load_start[0]:.1f}, {load_start[1]:.1f}, {load_start[2]:.1f}; "
            f"{load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} |",
            "| CPU ms per message, worker runs: worker process; PostgreSQL server; sink | "
            f"{worker_meter.per_message_ms('worker'):.2f}; "
            f"{worker_meter.per_message_ms('postgres'):.2f}; "
            f"{worker_meter.per_message_ms('sink'):.2f} |",
            "| CPU ms per message, raw runs: raw client; PostgreSQL server; sink | "
            f"{raw_meter.per_message_ms('client'):.2f}; "
            f"{raw_meter.per_message_ms('postgres'):.2f}; "
            f"{raw_meter.per_message_ms('sink'):.2f} |",
            f"| sink: messages accepted (worker + raw runs), distinct recipients | "
            f"{received['messages']:,}, {received['recipients']:,} |",
            "",
        ]
        return "\n".join(rows)
    finally:
        if sink.poll() is None:  # a failed run leaves no sink behind
            sink.kill()
            sink.wait(timeout=10)
