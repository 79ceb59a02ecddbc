from celery import shared_task

from accounts.models import Organisation
from assets.models import Asset
from matching import services
from opportunities.models import Opportunity
from portal.periodic import DAY, once_per_period


@shared_task
def match_opportunity(opportunity_id):
    """Recompute an opportunity's matches, then tell members who want alerts at once."""
    opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
    if opportunity is None:
        return 0
    created = services.opportunity_match(opportunity=opportunity)
    reverse = services.opportunity_rematch_as_target(opportunity=opportunity)
    if created or reverse:
        send_match_alerts.delay("immediate")
    return len(created)


@shared_task
def match_organisation(organisation_id):
    """Re-score an organisation whose profile or one of whose facilities changed."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return 0
    count = services.organisation_rematch(organisation=organisation)
    send_match_alerts.delay("immediate")
    return count


@shared_task
def match_asset(asset_id):
    """Re-score an asset that changed against open opportunities."""
    asset = Asset.objects.filter(pk=asset_id).first()
    if asset is None:
        return 0
    return services.asset_rematch(asset=asset)


@shared_task
@once_per_period(DAY)
def refresh_term_weights():
    """Beat task: recompute every word's rarity weight over the portal's records, and
    read again the texts whose stored reading no longer fits. Idempotent: the same
    records give the same weights and readings."""
    weighed = services.term_weights_refresh()
    services.text_analyses_refresh()
    return weighed


@shared_task
@once_per_period(DAY)
def send_match_alerts(frequency):
    """One email per member with that alert frequency, listing their new matches."""
    return services.match_alerts_send(frequency=frequency)
