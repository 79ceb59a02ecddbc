"""Recompute matches when what they are built from changes (after the commit).

Signals rather than calls in each view, so edits made in the admin, by services and by
management commands all trigger the same recomputation. Tasks take ids and are safe to
run twice.
"""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from accounts.models import Organisation
from assets.models import Asset
from opportunities import tasks
from opportunities.models import Opportunity
from portal.queue import enqueue_on_commit


@receiver(post_save, sender=Opportunity)
def opportunity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_on_commit(tasks.match_opportunity, instance.pk)


@receiver(m2m_changed, sender=Opportunity.keywords.through)
@receiver(m2m_changed, sender=Opportunity.focal_areas.through)
def opportunity_tags_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Opportunity):
        enqueue_on_commit(tasks.match_opportunity, instance.pk)


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_on_commit(tasks.match_organisation, instance.pk)


@receiver(m2m_changed, sender=Organisation.capabilities.through)
@receiver(m2m_changed, sender=Organisation.focal_areas.through)
def organisation_tags_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Organisation):
        enqueue_on_commit(tasks.match_organisation, instance.pk)


@receiver(post_save, sender=Asset)
def asset_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        enqueue_on_commit(tasks.match_asset, instance.pk)


@receiver(m2m_changed, sender=Asset.capabilities.through)
def asset_tags_changed(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Asset):
        enqueue_on_commit(tasks.match_asset, instance.pk)
