"""Two beats started by mistake double no periodic work (portal/periodic.py).

Real parts: two ``celery beat`` processes and two worker processes on the test database
and Redis, email through a real SMTP server. The beats send every periodic task every
few seconds (BEAT_EVERY_SECONDS, read by settings_test.py) for about a minute, so each
task is sent a dozen times by each beat; the periods its work is claimed for stay real
(a day for the daily and weekly tasks, the interval for the others). Then every task's
effect is counted: one digest per frequency, one report per curator, one reminder per
participant and per opportunity, no email sent twice, and at most one run per period.
"""

import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import curator_user
from assets.tests.factories import AssetFactory
from brokerage.tests.factories import matchmaking_for, participant_in
from newsletter.models import Digest, Frequency, Subscriber
from newsletter.tests.factories import SubscriberFactory
from newsletter.tests.worker_process import WorkerProcess, database_url, purge
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.celery import app
from portal.models import OutgoingEmail, PeriodicRun
from portal.periodic import period_start
from portal.tests.waiting import wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

BEAT_EVERY_SECONDS = 4
RUN_SECONDS = 60


class BeatProcess:
    """``celery beat`` in a process group of its own, sending to ``queue``."""

    def __init__(self, *, queue, log_path):
        self.queue, self.log_path = queue, log_path
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings_test",
            "CELERY_EAGER": "0",
            "CELERY_QUEUE": self.queue,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "BEAT_EVERY_SECONDS": str(BEAT_EVERY_SECONDS),
            "LOG_LEVEL": "WARNING",
        }
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "celery", "-A", "portal", "beat", "--loglevel", "INFO"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self._log.close()

    def sent(self):
        """{beat entry name: times this beat sent it}."""
        text = self.log_path.read_text(errors="replace")
        return Counter(re.findall(r"Sending due task (\S+) \(", text))


def queue_length(queue):
    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(queue)


def test_two_beats_for_a_minute_do_each_periodic_job_once_per_period(
    require_postgres, require_redis, smtp_server, tmp_path
):
    now = timezone.now()
    # Something for every periodic job to do.
    OpportunityFactory(title="Vaccine trial partner wanted", published_at=now)
    weekly = SubscriberFactory(email="weekly@example.com", frequency=Frequency.WEEKLY)
    monthly = SubscriberFactory(email="monthly@example.com", frequency=Frequency.MONTHLY)
    unconfirmed = SubscriberFactory(
        email="late@example.com", status=Subscriber.Status.PENDING, confirmed_at=None
    )
    Subscriber.objects.filter(pk=unconfirmed.pk).update(requested_at=now - timedelta(days=8))
    curator = curator_user(email="curator@example.com")
    AssetFactory(name="Old furnace", last_verified=now.date() - timedelta(days=800))
    participant_in(matchmaking_for())
    ending = OpportunityFactory(title="Ends soon", deadline=now + timedelta(days=3))
    poster = member_of(ending.organisation, email="poster@example.com")
    ended = OpportunityFactory(title="Ended", deadline=now - timedelta(minutes=5))
    member_of(ended.organisation, email="ended@example.com")
    OutgoingEmail.objects.create(
        template="test",
        to=["stuck@example.com"],
        subject="Stuck",
        body_text="Sent once.",
        from_email="portal@example.com",
    )
    OutgoingEmail.objects.update(created_at=now - timedelta(minutes=5))

    env = {"LOG_LEVEL": "WARNING"}
    workers = [
        WorkerProcess(smtp_port=smtp_server.port, env=env, log_path=tmp_path / "worker-a.log")
    ]
    queue = workers[0].queue
    workers.append(
        WorkerProcess(
            smtp_port=smtp_server.port, queue=queue, env=env, log_path=tmp_path / "worker-b.log"
        )
    )
    beats = [BeatProcess(queue=queue, log_path=tmp_path / f"beat-{n}.log") for n in "ab"]
    started_at = timezone.now()
    try:
        for worker in workers:
            worker.start()
        beats[0].start()
        time.sleep(2)  # the second beat starts a little after the first, as by mistake
        beats[1].start()
        time.sleep(RUN_SECONDS)
        for beat in beats:
            beat.stop()
        stopped_at = timezone.now()
        wait_until(lambda: queue_length(queue) == 0, timeout=120, what="the queue to drain")
        wait_until(
            lambda: (
                not OutgoingEmail.objects.filter(status="pending").exists()
                and not Digest.objects.filter(status="sending").exists()
            ),
            timeout=120,
            what="every email and digest to be sent",
        )
        time.sleep(2)  # the last task in each worker finishes
    finally:
        for beat in beats:
            if beat.process:
                beat.stop()
        for worker in workers:
            worker.stop()
        purge(queue)

    # Both beats really sent every periodic task, many times over.
    app.loader.import_default_modules()
    sent = [beat.sent() for beat in beats]
    for name in settings.CELERY_BEAT_SCHEDULE:
        assert sent[0][name] >= 3 and sent[1][name] >= 3, (name, sent)

    # Each task ran at most once per period (and per arguments) however often it was sent.
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        function = app.tasks[entry["task"]].run
        claimed = f"{function.__module__}.{function.__name__}"
        seconds = function.period_seconds
        periods = {
            period_start(started_at, seconds),
            period_start(stopped_at + timedelta(seconds=BEAT_EVERY_SECONDS), seconds),
        }
        runs = PeriodicRun.objects.filter(task=claimed)
        variants = sum(
            1 for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == entry["task"]
        )
        assert 1 <= runs.count() <= len(periods) * variants, (name, list(runs.values()))
        assert runs.filter(finished_at__isnull=True).count() == 0, name

    # The work itself, once: one digest per frequency, each subscriber one message.
    assert Counter(Digest.objects.values_list("frequency", flat=True)) == {
        "weekly": 1,
        "monthly": 1,
    }
    received = Counter(smtp_server.recipients())
    assert received[weekly.email] == 1 and received[monthly.email] == 1, received
    # No email went out twice, and the ones due went out once.
    emails = Counter(
        (template, address)
        for template, to in OutgoingEmail.objects.values_list("template", "to")
        for address in to
    )
    assert max(emails.values()) == 1, emails.most_common(3)
    assert max(received.values()) == 1, received.most_common(3)
    assert emails[("assets_stale_report", curator.email)] == 1
    assert emails[("opportunity_reminder", poster.email)] == 1
    assert sum(1 for template, _ in emails if template == "brokerage_reminder") == 1
    assert received["stuck@example.com"] == 1
    assert not Subscriber.objects.filter(pk=unconfirmed.pk).exists()
