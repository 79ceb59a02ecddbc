"""Keep each asset's stored search vector in step with its text and capabilities."""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from assets.models import Asset
from assets.search import asset_refresh_search
from portal.models import Keyword


@receiver(post_save, sender=Asset, dispatch_uid="asset_search_on_save")
def refresh_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        asset_refresh_search(asset_ids=[instance.pk])


@receiver(m2m_changed, sender=Asset.capabilities.through, dispatch_uid="asset_search_on_caps")
def refresh_after_capabilities_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # keyword.assets.clear(): remember which assets lose the keyword.
        instance._assets_losing_keyword = list(instance.assets.values_list("pk", flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        asset_refresh_search(asset_ids=[instance.pk])
    elif action == "post_clear":
        asset_refresh_search(asset_ids=getattr(instance, "_assets_losing_keyword", []))
    else:
        asset_refresh_search(asset_ids=list(pk_set or []))


@receiver(pre_save, sender=Keyword, dispatch_uid="asset_search_keyword_renamed_pre")
def note_keyword_rename(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = Keyword.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    instance._renamed = old is not None and old != instance.name


@receiver(post_save, sender=Keyword, dispatch_uid="asset_search_keyword_renamed")
def refresh_after_keyword_rename(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_renamed", False):
        asset_refresh_search(asset_ids=list(instance.assets.values_list("pk", flat=True)))
