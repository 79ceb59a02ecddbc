import csv
import hashlib
import io

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from assets import opendata, services
from assets.forms import AssetImportConfirmForm, AssetImportUploadForm
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
        help_texts = {
            "latitude": "Decimal degrees, e.g. 53.4053 (the city region is at about 53.4). "
            "Leave both coordinates empty to take the centre of the postcode district.",
            "longitude": "Decimal degrees, west negative, e.g. -2.9645.",
        }


def _preview_fingerprint(result):
    lines = [line for row in result.rows for line in row.as_lines()]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    form = AssetAdminForm
    change_list_template = "admin/assets/asset/change_list.html"
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

    def save_model(self, request, obj, form, change):
        district = services.asset_locate_from_postcode(asset=obj)
        super().save_model(request, obj, form, change)
        if district:
            self.message_user(
                request,
                f"The coordinates of {obj.name} were filled in from the centre of postcode "
                f"district {district}. Move them to the building if you know where it is.",
                messages.INFO,
            )
        for warning in services.asset_location_warnings(asset=obj):
            self.message_user(request, warning, messages.WARNING)

    # --- The curators' export and the import with a preview -------------------

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="assets_asset_export",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="assets_asset_import",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """Every asset with the enquiry address: the file to edit and import back."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        base_url = request.build_absolute_uri("/").rstrip("/")
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=opendata.CURATOR_COLUMNS)
        writer.writeheader()
        for asset in opendata.curator_export_queryset():
            writer.writerow(opendata.asset_row(asset, base_url, for_curators=True))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="lcr-assets-for-editing.csv"'
        return response

    def import_view(self, request):
        """Upload a CSV, see per row what would be created or changed, then confirm."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        upload = AssetImportUploadForm()
        context = {"title": "Import assets from CSV"}
        if request.method == "POST" and "confirm" in request.POST:
            confirm = AssetImportConfirmForm(request.POST)
            if confirm.is_valid():
                options = {
                    "publish": confirm.cleaned_data["publish"],
                    "clear_empty": confirm.cleaned_data["clear_empty"],
                }
                text = confirm.cleaned_data["csv_text"]
                try:
                    preview = opendata.assets_import_csv(
                        file=io.StringIO(text), dry_run=True, **options
                    )
                    if _preview_fingerprint(preview) == confirm.cleaned_data["preview"]:
                        result = opendata.assets_import_csv(file=io.StringIO(text), **options)
                        self.message_user(
                            request, f"Imported: {result.summary()}.", messages.SUCCESS
                        )
                        return redirect("admin:assets_asset_changelist")
                    context["changed_since"] = True
                    context.update(self._preview_context(text, preview, options))
                except opendata.AssetImportError as error:
                    context["errors"] = error.errors
            else:
                context["errors"] = ["The preview was lost; upload the file again."]
        elif request.method == "POST":
            upload = AssetImportUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                text = upload.cleaned_data["file"]
                options = {
                    "publish": upload.cleaned_data["publish"],
                    "clear_empty": upload.cleaned_data["clear_empty"],
                }
                try:
                    preview = opendata.assets_import_csv(
                        file=io.StringIO(text), dry_run=True, **options
                    )
                except opendata.AssetImportError as error:
                    context["errors"] = error.errors
                except csv.Error as error:
                    context["errors"] = [f"The file is not a readable CSV file: {error}"]
                else:
                    context.update(self._preview_context(text, preview, options))
        context.setdefault("upload", upload)
        return TemplateResponse(
            request,
            "admin/assets/asset/import.html",
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )

    def _preview_context(self, text, preview, options):
        return {
            "result": preview,
            "confirm": AssetImportConfirmForm(
                initial={"csv_text": text, "preview": _preview_fingerprint(preview), **options}
            ),
        }

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
