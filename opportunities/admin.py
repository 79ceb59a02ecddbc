from django.contrib import admin

from opportunities.models import Opportunity


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation", "status", "published_at", "is_demo"]
    list_filter = ["status", "kind", "is_demo", "focal_areas"]
    search_fields = ["title", "summary", "organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["focal_areas", "related_assets"]
    autocomplete_fields = ["organisation", "keywords"]
