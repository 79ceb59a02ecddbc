import csv
import hashlib
import io
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst

from assets import opendata, services
from assets.forms import AssetImportConfirmForm, AssetImportUploadForm
from assets.models import (
    AccessModel,
    Asset,
    AssetChange,
    ChangeRequest,
    Confirmation,
    Enquiry,
    stale_before,
)
from portal.admin import ReadOnlyAdmin
from portal.csvfiles import csv_response
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


# What a business reads in each field, with an example: shown under each field in the form.
HELP_TEXTS = {
    "name": "The name businesses know it by, written out in full. "
    "For example: Materials Innovation Factory.",
    "slug": "The end of the asset's web address; filled in from the name. "
    "Change it only before publishing, or old links break.",
    "kind": "What sort of thing a business can use. "
    "Equipment is one instrument; a facility is a place with several.",
    "summary": "One or two sentences a business reads first in search results: what it is "
    "and what it lets them do. For example: Robotic labs for high-throughput formulation, "
    "with technicians to run them for you. 300 characters at most.",
    "description": "The detail behind the summary: equipment, services, past work with "
    "companies. Markdown: **bold**, lists with '- ', links as [text](https://...).",
    "focal_areas": "The LCR+ focal areas it serves; businesses filter by these.",
    "capabilities": "Short phrases a business would search for, one per keyword. "
    "For example: NMR spectroscopy, mass spectrometry, pilot plant.",
    "manufacturer": "For equipment: who made it. For example: Bruker.",
    "model_number": "For equipment: the model name or number. For example: Avance III 600.",
    "image": "A photo of the place or the equipment (JPEG or PNG, 2 MB at most). "
    "It is re-encoded and its metadata removed.",
    "host": "The organisation that owns or runs it, which answers businesses. "
    "Not in the list? Add the organisation first.",
    "parent": "The larger asset it belongs to, if any. For example: an NMR spectrometer "
    "is part of the Materials Innovation Factory.",
    "website": "The page a business should read to learn more or book, "
    "like https://www.example.ac.uk/facility.",
    "enquiry_email": "Who receives businesses' enquiries and the request to confirm this "
    "record; never shown on the site. For example: mif-enquiries@example.ac.uk. "
    "Leave empty to send enquiries to the portal team.",
    "access_models": "How a business can use it. Each comes with a plain-English "
    "explanation on the asset's page.",
    "eligibility": "Who may use it and on what terms, as a business would ask. For example: "
    "UK companies of any size; charged per day; SMEs in the city region may qualify for "
    "free time.",
    "training_required": "Tick if a business must be trained before using it "
    "(or a technician runs it for them).",
    "address": "The building and street, for a visit. For example: Oxford Street.",
    "town": "The town or city. For example: Liverpool.",
    "postcode": "The full postcode, for the map and directions. For example: L7 3NY.",
    "latitude": "Decimal degrees, north positive, for the map pin. For example: 53.4055. "
    "Leave both coordinates empty to take the centre of the postcode district.",
    "longitude": "Decimal degrees, east positive (west of Greenwich is negative). "
    "For example: -2.9663.",
    "status": "Draft: only curators see it. Published: public, in exports and the sitemap. "
    "Archived: kept for the record, hidden from the public.",
    "featured": "Show it on the home page.",
    "last_verified": "The day someone checked these details with the facility. "
    "Leave it empty until someone has; after a year the page warns businesses.",
}

# GOV.UK-style messages: say what to do, in the field's own words.
ERROR_MESSAGES = {
    "name": {"required": "Enter the asset's name"},
    "slug": {
        "required": "Enter the end of the web address",
        "invalid": "The web address may only use letters, numbers, hyphens and underscores",
        "unique": "Another asset already has this web address: choose another",
    },
    "kind": {"required": "Select what kind of asset it is"},
    "host": {"required": "Select the organisation that hosts it"},
    "summary": {
        "required": "Enter a summary of what it offers",
        "max_length": "Summary must be 300 characters or fewer",
    },
    "website": {
        "invalid": "Enter a web address in the correct format, like https://www.example.ac.uk"
    },
    "enquiry_email": {
        "invalid": "Enter an email address in the correct format, like name@example.ac.uk"
    },
    "postcode": {"max_length": "Enter a real postcode, like L7 3NY"},
    "latitude": {"invalid": "Latitude must be a number, like 53.4055"},
    "longitude": {"invalid": "Longitude must be a number, like -2.9663"},
    "last_verified": {"invalid": "Enter the date checked as a real date, like 2026-03-31"},
    "status": {"required": "Select whether it is a draft, published or archived"},
}


class AssetAdminForm(forms.ModelForm):
    """The admin's asset form: the photo is checked and re-encoded like a logo."""

    image = UploadedImageField(
        required=False, noun="image", widget=AdminFileWidget, help_text=HELP_TEXTS["image"]
    )

    class Meta:
        model = Asset
        fields = ["image"]  # the admin's fieldsets choose the rest
        help_texts = HELP_TEXTS
        error_messages = ERROR_MESSAGES


# The form in the order a curator thinks: what it is, who hosts it, how to get in, where,
# then status. Each section is a list, so new fields join the section they belong to.
WHAT_IT_IS = ["name", "slug", "kind", "summary", "description", "focal_areas", "capabilities"]
EQUIPMENT = ["manufacturer", "model_number", "image"]
WHO_HOSTS_IT = ["host", "parent", "website", "enquiry_email"]
HOW_TO_GET_IN = [
    "access_models",
    "eligibility",
    "price_basis",
    "first_step",
    "lead_time",
    "contact_route",
    "end_date",
    "training_required",
]
WHERE = ["address", "town", "postcode", "latitude", "longitude"]
STATUS = [
    "status",
    "operating_status",
    "featured",
    "source_url",
    "last_verified",
    "last_verified_by",
    "created_at",
    "updated_at",
]
USE = ["enquiries_received", "matches_found"]
HISTORY = ["recent_changes"]

ENQUIRY_WINDOW = timedelta(days=90)
RECENT_CHANGES = 10


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
        "enquiries_received",
        "matches_found",
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
    readonly_fields = [
        "created_at",
        "updated_at",
        "last_verified_by",
        "enquiries_received",
        "matches_found",
        "recent_changes",
    ]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish", "archive", "feature", "unfeature", "mark_verified_today"]
    fieldsets = [
        ("What it is", {"fields": WHAT_IT_IS}),
        (
            "Equipment details",
            {"fields": EQUIPMENT, "description": "For a single instrument; else leave empty."},
        ),
        ("Who hosts it", {"fields": WHO_HOSTS_IT}),
        ("How to get in", {"fields": HOW_TO_GET_IN}),
        ("Where", {"fields": WHERE}),
        ("Status and checks", {"fields": STATUS}),
        ("Enquiries and matches", {"fields": USE}),
        ("History", {"fields": HISTORY}),
    ]

    # --- The curators' export and the import with a preview -------------------

    def export_view(self, request):
        """Every asset with the enquiry address: the file to edit and import back."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        base_url = request.build_absolute_uri("/").rstrip("/")
        return csv_response(
            filename="lcr-assets-for-editing.csv",
            columns=opendata.CURATOR_COLUMNS,
            rows=(
                opendata.asset_row(asset, base_url, for_curators=True)
                for asset in opendata.curator_export_queryset()
            ),
        )

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
                        result = opendata.assets_import_csv(
                            file=io.StringIO(text), by=request.user, **options
                        )
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

    def get_queryset(self, request):
        # One query for the list, whatever its length: counts are annotations, not lookups.
        # "matches" is the reverse name the opportunities app gives its Match rows.
        since = timezone.now() - ENQUIRY_WINDOW
        return (
            super()
            .get_queryset(request)
            .annotate(
                enquiry_count=Count("enquiries", distinct=True),
                recent_enquiry_count=Count(
                    "enquiries", filter=Q(enquiries__created_at__gte=since), distinct=True
                ),
                match_count=Count("matches", distinct=True),
            )
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # nothing has happened to a new asset yet
            return [
                (name, opts)
                for name, opts in self.fieldsets
                if opts["fields"] not in (USE, HISTORY)
            ]
        return self.fieldsets

    def get_urls(self):
        urls = [
            path(
                "stale/",
                self.admin_site.admin_view(self.stale_report_view),
                name="assets_asset_stale",
            ),
            path(
                "<int:pk>/ask-to-confirm/",
                self.admin_site.admin_view(self.ask_to_confirm_view),
                name="assets_asset_ask_to_confirm",
            ),
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
        ]
        return urls + super().get_urls()

    # --- Columns and read-only fields --------------------------------------

    @admin.display(boolean=True, description="checked this year")
    def is_fresh(self, asset):
        return not asset.is_stale

    @admin.display(description="enquiries (last 90 days)", ordering="enquiry_count")
    def enquiries_received(self, asset):
        total = getattr(asset, "enquiry_count", None)
        if total is None:
            return "-"
        if not total:
            return "None yet"
        url = reverse("admin:assets_enquiry_changelist") + f"?asset__id__exact={asset.pk}"
        return format_html(
            '<a href="{}">{} ({} in the last 90 days)</a>',
            url,
            total,
            asset.recent_enquiry_count,
        )

    @admin.display(description="matching opportunities", ordering="match_count")
    def matches_found(self, asset):
        total = getattr(asset, "match_count", None)
        if total is None:
            return "-"
        if not total:
            return "None yet"
        return format_html(
            '<a href="{}#asset-matches-heading">{}</a>', asset.get_absolute_url(), total
        )

    @admin.display(description="last verified by")
    def last_verified_by(self, asset):
        change = (
            asset.changes.filter(field="last_verified").select_related("changed_by").first()
            if asset.pk
            else None
        )
        if change is None or not change.new_value:
            return "-"
        return f"{change.who}, {change.changed_at:%d %B %Y} ({change.get_via_display().lower()})"

    @admin.display(description="recent changes")
    def recent_changes(self, asset):
        if not asset.pk:
            return "-"
        changes = list(asset.changes.select_related("changed_by")[:RECENT_CHANGES])
        return render_to_string(
            "admin/assets/asset/_recent_changes.html",
            {
                "changes": changes,
                "all_url": reverse("admin:assets_assetchange_changelist")
                + f"?asset__id__exact={asset.pk}",
            },
        )

    # --- Saving, with history ------------------------------------------------

    def save_model(self, request, obj, form, change):
        # Snapshot before the form's values are saved; the after side needs the
        # many-to-many fields, so it is taken in save_related.
        request._asset_before = (
            services.asset_values(Asset.objects.get(pk=obj.pk)) if change else None
        )
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        asset = form.instance
        services.asset_history_record(
            asset=asset,
            before=getattr(request, "_asset_before", None),
            after=services.asset_values(asset),
            by=request.user,
            via=AssetChange.Via.ADMIN,
        )
        services.assets_rematch(asset_ids=[asset.pk])

    # --- The stale report and "ask the facility to confirm" ----------------

    def stale_report_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        latest = Confirmation.objects.filter(asset=OuterRef("pk")).order_by("-asked_at")
        assets = (
            Asset.objects.exclude(status=Asset.Status.ARCHIVED)
            .stale()
            .select_related("host")
            .annotate(
                ask_status=Subquery(latest.values("status")[:1]),
                asked_at=Subquery(latest.values("asked_at")[:1]),
            )
            .order_by(F("last_verified").asc(nulls_first=True), "name")
        )
        page = Paginator(assets, 50).get_page(request.GET.get("page"))
        statuses = dict(Confirmation.Status.choices)
        for asset in page:
            asset.ask_label = statuses.get(asset.ask_status, "")
            asset.can_ask = bool(asset.enquiry_email) and asset.ask_status != "asked"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Assets not checked for over a year",
            "page_obj": page,
            "pending_changes": ChangeRequest.objects.filter(
                status=ChangeRequest.Status.PENDING
            ).count(),
            "no_answer": Confirmation.objects.filter(status=Confirmation.Status.NO_ANSWER).count(),
        }
        return TemplateResponse(request, "admin/assets/asset/stale_report.html", context)

    def ask_to_confirm_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        asset = get_object_or_404(Asset, pk=pk)
        if not self.has_change_permission(request, asset):
            raise PermissionDenied
        try:
            confirmation, asked = services.asset_confirmation_ask(asset=asset, by=request.user)
        except services.ConfirmationNotPossible as problem:
            self.message_user(request, str(problem), messages.ERROR)
        else:
            if asked:
                self.message_user(
                    request,
                    f"Asked {confirmation.sent_to} to confirm {asset}.",
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    f"{confirmation.sent_to} was already asked about {asset} on "
                    f"{confirmation.asked_at:%d %B %Y}; no new email sent.",
                    messages.WARNING,
                )
        back = reverse("admin:assets_asset_stale")
        page = request.POST.get("page", "")
        return redirect(f"{back}?page={page}" if page.isdigit() else back)

    # --- Bulk actions ----------------------------------------------------------

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

    list_display = ["asset", "user", "organisation", "status", "created_at", "answered_at"]
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
        "answered_at",
        "updated_at",
    ]
    fields = readonly_fields[:6] + ["status", "created_at", "answered_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.status == Enquiry.Status.ANSWERED:  # the first answer records when
            services.enquiry_mark_answered(enquiry=obj)


@admin.register(AssetChange)
class AssetChangeAdmin(ReadOnlyAdmin):
    """Every recorded change to an asset: who changed which field, from what to what."""

    list_display = ["changed_at", "asset", "field_name", "old_value", "new_value", "who", "via"]
    list_filter = [
        ("changed_by", admin.RelatedOnlyFieldListFilter),
        "via",
        ("asset", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["asset__name", "field", "old_value", "new_value", "actor"]
    list_select_related = ["asset", "changed_by"]
    date_hierarchy = "changed_at"
    list_per_page = 100

    @admin.display(description="field", ordering="field")
    def field_name(self, change):
        return change.field_label


@admin.register(Confirmation)
class ConfirmationAdmin(ReadOnlyAdmin):
    """Facilities asked to confirm their record, and what they answered."""

    list_display = ["asset", "sent_to", "asked_by", "status", "asked_at", "reminded_at"]
    list_filter = ["status"]
    search_fields = ["asset__name", "sent_to"]
    list_select_related = ["asset", "asked_by"]
    date_hierarchy = "asked_at"


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """Changes a facility suggested: a curator approves (applied, with history) or dismisses."""

    list_display = ["asset", "suggested_by", "suggestion", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["asset__name", "suggested_by", "note"]
    list_select_related = ["asset", "decided_by"]
    actions = ["approve", "dismiss"]
    fields = ["asset", "suggested_by", "suggested_changes", "note", "status", "decided_by"]
    readonly_fields = fields

    @admin.display(description="suggested changes")
    def suggested_changes(self, request_):
        return render_to_string(
            "admin/assets/changerequest/_changes.html",
            {"rows": self._rows(request_), "asset": request_.asset},
        )

    @admin.display(description="suggestion")
    def suggestion(self, request_):
        rows = self._rows(request_)
        text = "; ".join(f"{label}: {new}" for label, _, new in rows)
        if request_.note:
            text = f"{text}; note: {request_.note}" if text else f"Note: {request_.note}"
        return text[:200]

    @staticmethod
    def _rows(request_):
        return [
            (
                capfirst(Asset._meta.get_field(name).verbose_name),
                getattr(request_.asset, name),
                value,
            )
            for name, value in request_.changes.items()
            if name in services.SUGGESTIBLE_FIELDS
        ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The page's own Approve and Dismiss buttons (every field is read-only)."""
        if request.method == "POST" and ("_approve" in request.POST or "_dismiss" in request.POST):
            item = self.get_object(request, object_id)
            if item is None or not self.has_change_permission(request, item):
                raise PermissionDenied
            if "_approve" in request.POST:
                self.approve(request, ChangeRequest.objects.filter(pk=item.pk))
            else:
                self.dismiss(request, ChangeRequest.objects.filter(pk=item.pk))
            return redirect("admin:assets_changerequest_changelist")
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context.update(
            show_save=False,
            show_save_and_continue=False,
            show_save_and_add_another=False,
            can_decide=obj is not None
            and obj.status == ChangeRequest.Status.PENDING
            and self.has_change_permission(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.action(description="Approve: apply the suggested changes", permissions=["change"])
    def approve(self, request, queryset):
        done = sum(
            services.change_request_approve(change_request=item, by=request.user)
            for item in queryset
        )
        self.message_user(
            request, f"{done} change request{'s' if done != 1 else ''} approved.", messages.SUCCESS
        )

    @admin.action(description="Dismiss: leave the asset as it is", permissions=["change"])
    def dismiss(self, request, queryset):
        done = sum(
            services.change_request_dismiss(change_request=item, by=request.user)
            for item in queryset
        )
        self.message_user(
            request, f"{done} change request{'s' if done != 1 else ''} dismissed.", messages.SUCCESS
        )
