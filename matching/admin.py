"""The matching thesaurus and term weights in the admin."""

from django.contrib import admin

from matching.models import Corpus, TermWeight, ThesaurusSet
from portal.admin import ReadOnlyAdmin


@admin.register(ThesaurusSet)
class ThesaurusSetAdmin(admin.ModelAdmin):
    """The matching thesaurus: curators add, correct or remove sets; matching picks a
    change up on its next run (the thesaurus is rebuilt when a set changes)."""

    list_display = ["__str__", "broader_first", "updated_at"]
    list_filter = ["broader_first"]
    search_fields = ["phrases"]


@admin.register(TermWeight)
class TermWeightAdmin(ReadOnlyAdmin):
    """Read-only: the beat task recomputes these every night."""

    list_display = ["term", "weight"]
    search_fields = ["term"]
    ordering = ["-weight", "term"]


@admin.register(Corpus)
class CorpusAdmin(ReadOnlyAdmin):
    """Read-only: what the beat task counted with the term weights, each night."""

    list_display = ["counted_at", "records"]
    exclude = ["keyword_frequencies"]  # thousands of ids: the count is what a person reads
