from django.contrib import admin

from assets.models import AccessModel, Asset


@admin.register(AccessModel)
class AccessModelAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "host", "town", "status", "featured", "last_verified"]
    list_filter = ["status", "kind", "featured", "focal_areas", "access_models"]
    search_fields = ["name", "summary", "town", "host__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["focal_areas", "access_models"]
    autocomplete_fields = ["host", "parent", "capabilities"]
