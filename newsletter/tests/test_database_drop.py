"""PostgreSQL drops the sending batch's connection mid-batch (a restart, a failover).

The batch logs the real cause, releases the rows it still held (so nobody waits out
the lease) and raises TransientSendError so the task retries.
"""

import logging

import psycopg
import pytest
from django.db import connection

from newsletter import services
from newsletter.models import Delivery
from newsletter.sending import TransientSendError, deliveries_send_batch
from newsletter.tasks import send_digest_batch, sweep_deliveries
from newsletter.tests.factories import DigestFactory, SubscriberFactory
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def terminate_backend(pid):
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_dropped_database_connection_is_logged_and_the_batch_released(
    require_postgres, sink, caplog, settings
):
    OpportunityFactory(title="Vaccine trial partner wanted")
    subscribers = [SubscriberFactory() for _ in range(8)]
    digest = DigestFactory()
    settings.NEWSLETTER_REQUEUE_SECONDS = 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(send_digest_batch, "delay", lambda *args: None)  # queued, not yet run
        services.digest_send(digest=digest)
    ids = list(digest.deliveries.values_list("pk", flat=True))

    connection.ensure_connection()
    batch_backend = connection.connection.info.backend_pid

    def drop_the_connection_after_three(message):
        if sink.count() == 3:
            terminate_backend(batch_backend)

    sink.on_message = drop_the_connection_after_three
    with caplog.at_level(logging.WARNING, logger="newsletter"):
        with pytest.raises(TransientSendError) as raised:
            deliveries_send_batch(digest_id=digest.pk, delivery_ids=ids)

    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "OperationalError" in logged and "database" in logged
    assert "the connection is closed" not in str(raised.value)
    connection.close()  # the test's own view of the dropped connection
    statuses = list(digest.deliveries.values_list("status", flat=True))
    assert "sending" not in statuses, "rows were left to wait out their lease"
    assert statuses.count("sent") >= 2
    assert not Delivery.objects.exclude(claim="").exists()

    sink.on_message = None
    assert sweep_deliveries.apply().get() >= 1
    assert set(sink.recipients()) == {s.email for s in subscribers}
    assert len(sink.recipients()) <= len(subscribers) + 1  # at most one duplicate
