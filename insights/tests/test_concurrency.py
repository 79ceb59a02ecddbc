"""Two roll-ups of days of the same month at once still leave the month added up right."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from insights.models import Rollup, RollupMonth

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_roll_ups_of_one_month_at_once_both_count(require_postgres):
    first_written = threading.Event()
    errors = []

    def write(day, value, *, hold):
        try:
            with transaction.atomic():
                Rollup.objects.bulk_create([Rollup(day=day, metric="eoi_sent", value=value)])
                if hold:  # still not committed while the other writes its day
                    first_written.set()
                    threading.Event().wait(0.5)
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=write, args=(date(2026, 3, 2), 5), kwargs={"hold": True})
    first.start()
    assert first_written.wait(10)
    second = threading.Thread(target=write, args=(date(2026, 3, 9), 7), kwargs={"hold": False})
    second.start()
    first.join()
    second.join()
    assert errors == []
    assert list(RollupMonth.objects.values_list("month", "metric", "value", "last_day")) == [
        (date(2026, 3, 1), "eoi_sent", 12, date(2026, 3, 9))
    ]
