"""Matches recomputed by a Celery task after the commit of every save, wherever it comes
from (the posting form, the admin, services, seed_lcr). Tasks take ids and are safe to
run twice."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from accounts.models import Organisation
from assets.models import Asset
from assets.signals import assets_changed
from matching import tasks
from opportunities.models import Opportunity
from portal.queue import enqueue_on_commit

CHANGED = {"post_add", "post_remove", "post_clear"}


@receiver(post_save, sender=Opportunity)
def opportunity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_on_commit(tasks.match_opportunity, instance.pk)


@receiver(m2m_changed, sender=Opportunity.keywords.through)
def opportunity_keywords_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``opportunity.keywords.set(...)`` (forward) or ``keyword.opportunities.add(...)``
    (reverse, where ``pk_set`` holds the opportunities)."""
    if action not in CHANGED:
        return
    ids = (pk_set or ()) if reverse else (instance.pk,)
    for opportunity_id in ids:
        enqueue_on_commit(tasks.match_opportunity, opportunity_id)


@receiver(m2m_changed, sender=Opportunity.focal_areas.through)
def opportunity_focal_areas_changed(sender, instance, action, **kwargs):
    if action in CHANGED and isinstance(instance, Opportunity):
        enqueue_on_commit(tasks.match_opportunity, instance.pk)


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_on_commit(tasks.match_organisation, instance.pk)


@receiver(m2m_changed, sender=Organisation.capabilities.through)
@receiver(m2m_changed, sender=Organisation.focal_areas.through)
def organisation_tags_changed(sender, instance, action, **kwargs):
    if action in CHANGED and isinstance(instance, Organisation):
        enqueue_on_commit(tasks.match_organisation, instance.pk)


@receiver(post_save, sender=Asset)
def asset_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_on_commit(tasks.match_asset, instance.pk)


@receiver(m2m_changed, sender=Asset.capabilities.through)
def asset_tags_changed(sender, instance, action, **kwargs):
    if action in CHANGED and isinstance(instance, Asset):
        enqueue_on_commit(tasks.match_asset, instance.pk)


@receiver(assets_changed)
def assets_changed_in_bulk(sender, asset_ids, **kwargs):
    for asset_id in asset_ids:
        enqueue_on_commit(tasks.match_asset, asset_id)
