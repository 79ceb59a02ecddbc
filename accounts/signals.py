"""Keep each organisation's stored search vector in step with its text and capabilities."""

from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from accounts.models import Organisation
from accounts.search import organisation_refresh_search
from portal.models import Keyword


@receiver(post_save, sender=Organisation, dispatch_uid="organisation_search_on_save")
def refresh_after_save(sender, instance, raw=False, **kwargs):
    if not raw:
        organisation_refresh_search(organisation_ids=[instance.pk])


@receiver(
    m2m_changed,
    sender=Organisation.capabilities.through,
    dispatch_uid="organisation_search_on_capabilities",
)
def refresh_after_capabilities_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        # keyword.organisations.clear(): remember which organisations lose the keyword.
        instance._organisations_losing_keyword = list(
            instance.organisations.values_list("pk", flat=True)
        )
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        organisation_refresh_search(organisation_ids=[instance.pk])
    elif action == "post_clear":
        losing = getattr(instance, "_organisations_losing_keyword", [])
        organisation_refresh_search(organisation_ids=losing)
    else:
        organisation_refresh_search(organisation_ids=list(pk_set or []))


@receiver(pre_save, sender=Keyword, dispatch_uid="organisation_search_keyword_renamed_pre")
def note_keyword_rename(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = Keyword.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    instance._renamed_for_organisations = old is not None and old != instance.name


@receiver(post_save, sender=Keyword, dispatch_uid="organisation_search_keyword_renamed")
def refresh_after_keyword_rename(sender, instance, raw=False, **kwargs):
    if getattr(instance, "_renamed_for_organisations", False):
        organisation_refresh_search(
            organisation_ids=list(instance.organisations.values_list("pk", flat=True))
        )
