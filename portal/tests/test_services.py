"""The real services behind the portal: PostgreSQL, Redis and a Celery worker."""

import pytest
from django.core import mail
from django.db import connection

from portal.models import OutgoingEmail
from portal.tasks import send_email
from portal.tests.waiting import wait_until


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql_when_configured(require_postgres):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_and_its_effect_is_in_the_database(celery_worker):
    email = OutgoingEmail.objects.create(
        template="test",
        from_email="portal@example.com",
        to=["worker@example.com"],
        subject="Sent by a worker",
        body_text="Hello from Celery.",
    )

    send_email.delay(email.pk)

    wait_until(
        lambda: OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.SENT,
        what="the worker to send the email",
    )
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.sent_at is not None
    assert [m.subject for m in mail.outbox] == ["Sent by a worker"]
