from celery import shared_task

from assets import services
from assets.services import stale_assets_report_send
from portal.periodic import DAY, once_per_period


@shared_task
@once_per_period(DAY)
def email_stale_assets_report():
    """Weekly: email curators the assets nobody has verified for a year."""
    return stale_assets_report_send()


@shared_task
@once_per_period(DAY)
def follow_up_confirmations():
    """Daily: remind facilities that have not answered, then flag them for curators."""
    reminded, flagged = services.confirmations_follow_up()
    return {"reminded": reminded, "flagged": flagged}
