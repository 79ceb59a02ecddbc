from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from opportunities import services
from opportunities.forms import RejectForm
from opportunities.models import ExpressionOfInterest, Opportunity, PendingOpportunity
from portal.services import ServiceError


@admin.action(description="Approve and publish the selected opportunities", permissions=["change"])
def approve(modeladmin, request, queryset):
    done = 0
    for opportunity in queryset:
        try:
            services.opportunity_publish(opportunity=opportunity, by=request.user)
        except ServiceError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, f"Published {done} opportunit{'y' if done == 1 else 'ies'}.", messages.SUCCESS
        )


@admin.action(
    description="Reject the selected opportunities (with a reason)", permissions=["change"]
)
def reject(modeladmin, request, queryset):
    """Asks for the reason on an intermediate page, then emails it to each poster."""
    form = RejectForm(request.POST if "reason" in request.POST else None)
    if form.is_valid():
        done = 0
        for opportunity in queryset:
            try:
                services.opportunity_reject(
                    opportunity=opportunity, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ServiceError as error:
                modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request,
                f"Rejected {done} opportunit{'y' if done == 1 else 'ies'}; the reason was "
                "emailed to each organisation.",
                messages.SUCCESS,
            )
        return None
    return TemplateResponse(
        request,
        "admin/opportunities/reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "Reject opportunities",
            "opts": modeladmin.model._meta,
            "form": form,
            "opportunities": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


class RematchOnSave:
    """An edit in the admin has the opportunity's matches recomputed, as the services'
    changes do."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.opportunity_rematch(opportunity_id=form.instance.pk)


@admin.register(Opportunity)
class OpportunityAdmin(RematchOnSave, admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "organisation",
        "status",
        "visibility",
        "is_anonymous",
        "published_at",
        "deadline",
        "is_demo",
    ]
    list_filter = ["status", "kind", "visibility", "is_anonymous", "is_demo", "focal_areas"]
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["focal_areas", "related_assets"]
    autocomplete_fields = ["organisation", "keywords", "venue", "posted_by"]
    readonly_fields = ["submitted_at", "closed_at", "reminder_sent_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    actions = [approve, reject]


@admin.register(PendingOpportunity)
class PendingOpportunityAdmin(RematchOnSave, admin.ModelAdmin):
    """The moderation queue: what waits for a curator, oldest first."""

    list_display = ["title", "kind", "organisation", "verified", "visibility", "submitted_at"]
    list_filter = ["kind"]
    list_select_related = ["organisation"]
    search_fields = ["title", "summary", "organisation__name"]
    ordering = ["submitted_at"]
    actions = [approve, reject]
    fields = [
        "title",
        "kind",
        "organisation",
        "posted_by",
        "summary",
        "description",
        "deadline",
        "starts_at",
        "ends_at",
        "location",
        "is_online",
        "venue",
        "booking_url",
        "value_band",
        "visibility",
        "is_anonymous",
        "submitted_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Opportunity.Status.PENDING)

    @admin.display(boolean=True, description="Verified organisation")
    def verified(self, obj):
        return obj.organisation.verified

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "organisation", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["opportunity", "organisation"]
    search_fields = ["opportunity__title", "organisation__name"]
    raw_id_fields = ["opportunity", "organisation", "sent_by", "decided_by"]
    readonly_fields = ["created_at", "updated_at", "decided_at"]
