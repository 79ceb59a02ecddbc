from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils import timezone

from assets import services
from assets.models import AccessModel, Asset, Enquiry, stale_before
from portal.images import UploadedImageField


@admin.register(AccessModel)
class AccessModelAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "explanation"]
    list_editable = ["order"]
    search_fields = ["name", "explanation"]
    prepopulated_fields = {"slug": ["name"]}


class FreshnessFilter(admin.SimpleListFilter):
    """The curator report: assets whose details nobody has checked for a year."""

    title = "details checked"
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("stale", "Over a year ago, never, or past its end date (stale)"),
            ("fresh", "Within the last year"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.stale()
        if self.value() == "fresh":
            return queryset.filter(last_verified__gte=stale_before()).exclude(
                end_date__lt=timezone.localdate()
            )
        return queryset


class AssetAdminForm(forms.ModelForm):
    """The admin's asset form: the photo is checked and re-encoded like a logo."""

    image = UploadedImageField(required=False, noun="image", widget=AdminFileWidget)

    class Meta:
        model = Asset
        fields = ["image"]  # the admin's fieldsets choose the rest


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    form = AssetAdminForm
    list_display = [
        "name",
        "kind",
        "host",
        "town",
        "status",
        "featured",
        "last_verified",
        "is_fresh",
    ]
    list_filter = [
        "status",
        FreshnessFilter,
        "kind",
        "featured",
        "focal_areas",
        "access_models",
        ("host", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "summary", "town", "host__name", "capabilities__name"]
    list_select_related = ["host"]
    list_per_page = 50
    date_hierarchy = "last_verified"
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focal_areas", "access_models"]
    autocomplete_fields = ["host", "parent", "capabilities"]
    readonly_fields = ["created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish", "archive", "feature", "unfeature", "mark_verified_today"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "kind",
                    "status",
                    "operating_status",
                    "featured",
                    "host",
                    "parent",
                ]
            },
        ),
        (
            "What it offers",
            {
                "fields": [
                    "summary",
                    "description",
                    "focal_areas",
                    "capabilities",
                    "access_models",
                    "eligibility",
                ]
            },
        ),
        (
            "How a business gets in",
            {"fields": ["price_basis", "first_step", "lead_time", "contact_route", "end_date"]},
        ),
        (
            "Equipment details",
            {"fields": ["manufacturer", "model_number", "training_required"]},
        ),
        (
            "Where",
            {"fields": ["address", "town", "postcode", "latitude", "longitude"]},
        ),
        (
            "Contact and checks",
            {
                "fields": [
                    "website",
                    "image",
                    "enquiry_email",
                    "source_url",
                    "last_verified",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(boolean=True, description="checked this year")
    def is_fresh(self, asset):
        return not asset.is_stale

    def _done(self, request, count, what):
        self.message_user(
            request, f"{count} asset{'s' if count != 1 else ''} {what}.", messages.SUCCESS
        )

    @admin.action(description="Publish selected assets", permissions=["change"])
    def publish(self, request, queryset):
        self._done(
            request, services.assets_publish(queryset=queryset, by=request.user), "published"
        )

    @admin.action(description="Archive selected assets", permissions=["change"])
    def archive(self, request, queryset):
        self._done(request, services.assets_archive(queryset=queryset, by=request.user), "archived")

    @admin.action(description="Feature selected assets on the home page", permissions=["change"])
    def feature(self, request, queryset):
        self._done(request, services.assets_feature(queryset=queryset, by=request.user), "featured")

    @admin.action(description="Stop featuring selected assets", permissions=["change"])
    def unfeature(self, request, queryset):
        count = services.assets_feature(queryset=queryset, by=request.user, featured=False)
        self._done(request, count, "no longer featured")

    @admin.action(description="Mark selected assets verified today", permissions=["change"])
    def mark_verified_today(self, request, queryset):
        count = services.assets_mark_verified(
            queryset=queryset, by=request.user, on=timezone.localdate()
        )
        self._done(request, count, "marked verified today")


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    """Curators see every enquiry and record whether it was answered."""

    list_display = ["asset", "user", "organisation", "status", "created_at"]
    list_filter = ["status", ("asset", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["asset__name", "user__email", "organisation__name", "need"]
    list_select_related = ["asset", "user", "organisation"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "user",
        "organisation",
        "asset",
        "need",
        "timescale",
        "recipient",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields[:6] + ["status", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
