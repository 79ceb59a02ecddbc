from celery import shared_task

from opportunities.services import opportunity_expire_due, opportunity_remind_due
from portal.periodic import once_per_period


@shared_task
@once_per_period(900)
def expire_and_remind():
    """Beat task: remind posters 7 days before the end, then expire what has ended.

    Idempotent: each reminder and each expiry is claimed by a conditional UPDATE.
    """
    return {"reminded": opportunity_remind_due(), "expired": opportunity_expire_due()}
