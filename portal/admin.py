from django.contrib import admin
from django.utils import timezone

from portal.models import (
    EmailSuppression,
    FocalArea,
    Keyword,
    NewsPost,
    OutgoingEmail,
    PeriodicRun,
    Sector,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows a task or the portal writes, listed for people to read: nothing to add,
    change or delete by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FocalArea)
class FocalAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "template", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["subject", "to", "esp_message_id"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(EmailSuppression)
class EmailSuppressionAdmin(admin.ModelAdmin):
    """Addresses nothing but account security mail goes to; delete a row to lift it."""

    list_display = ["email", "reason", "created_at"]
    list_filter = ["reason"]
    search_fields = ["email"]
    readonly_fields = ["email", "reason", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at"]
    list_filter = ["status", "focal_areas"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["focal_areas"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    """What the beat's periodic tasks did, period by period (read-only: the rows are the
    claims that keep each period's work to one run, so editing one could run it twice)."""

    list_display = ["task", "period", "state", "started_at", "finished_at", "attempts"]
    list_filter = ["task", "finished_at"]
    search_fields = ["task", "period"]
    date_hierarchy = "started_at"
    ordering = ["-started_at"]
    readonly_fields = [f.name for f in PeriodicRun._meta.fields]

    @admin.display(description="State")
    def state(self, run):
        if run.finished_at:
            return "finished"
        if run.lease_expires_at < timezone.now():
            return "stopped before finishing (may be taken over)"
        return "running"
