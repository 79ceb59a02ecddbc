"""Keep each opportunity's stored search vector in step with every save, wherever it
comes from (the posting form, the admin, services, seed_lcr)."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from opportunities.models import Opportunity
from opportunities.search import opportunity_index

CHANGED = {"post_add", "post_remove", "post_clear"}


@receiver(post_save, sender=Opportunity)
def opportunity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        opportunity_index(opportunity_id=instance.pk)


@receiver(m2m_changed, sender=Opportunity.keywords.through)
def opportunity_keywords_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """``opportunity.keywords.set(...)`` (forward) or ``keyword.opportunities.add(...)``
    (reverse, where ``pk_set`` holds the opportunities)."""
    if action not in CHANGED:
        return
    ids = (pk_set or ()) if reverse else (instance.pk,)
    for opportunity_id in ids:
        opportunity_index(opportunity_id=opportunity_id)
