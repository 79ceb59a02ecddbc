"""The matching thesaurus and term weights in the admin."""

from django.contrib import admin

from matching.models import TermWeight, ThesaurusSet


@admin.register(ThesaurusSet)
class ThesaurusSetAdmin(admin.ModelAdmin):
    """The matching thesaurus: curators add, correct or remove sets; matching picks a
    change up on its next run (the thesaurus is rebuilt when a set changes)."""

    list_display = ["__str__", "broader_first", "updated_at"]
    list_filter = ["broader_first"]
    search_fields = ["phrases"]


@admin.register(TermWeight)
class TermWeightAdmin(admin.ModelAdmin):
    """Read-only: the beat task recomputes these every night."""

    list_display = ["term", "weight"]
    search_fields = ["term"]
    ordering = ["-weight", "term"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
