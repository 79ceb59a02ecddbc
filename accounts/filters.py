import django_filters
from django import forms

from accounts.models import Organisation
from portal.models import FocalArea, Sector
from portal.search import search_filter


class OrganisationFilterSet(django_filters.FilterSet):
    """The directory's filters; the view passes the organisations the visitor may see."""

    q = django_filters.CharFilter(
        method="search",
        label="Search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices, label="Type", empty_label="Any type"
    )
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="slug", empty_label="Any sector"
    )
    focal_area = django_filters.ModelChoiceFilter(
        field_name="focal_areas",
        queryset=FocalArea.objects.all(),
        to_field_name="slug",
        label="Focal area",
        empty_label="Any focal area",
        # One choice joins one through-table row per organisation at most: no duplicates,
        # so no DISTINCT over every column.
        distinct=False,
    )
    size_band = django_filters.ChoiceFilter(
        choices=Organisation.SizeBand.choices, label="Size", empty_label="Any size"
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sector", "focal_area", "size_band"]

    def search(self, queryset, name, value):
        """Name, capabilities, town or description matching every word typed (see
        portal.search: a stored vector on PostgreSQL, repeated words counted once)."""
        return search_filter(queryset, value)
