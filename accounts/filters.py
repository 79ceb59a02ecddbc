import django_filters
from django import forms

from accounts.models import Organisation
from portal import pagecache
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

    def result_count(self, *, scope):
        """How many organisations ``qs`` gives, kept in the cache (``portal.pagecache``)
        until a write to the organisations or the taxonomy. ``scope`` names the rows the
        view's queryset holds, the same for everyone it is given for."""
        filters = {}
        if self.is_bound:
            if not self.is_valid():
                return self.qs.count()
            filters = {
                name: getattr(value, "pk", value)
                for name, value in sorted(self.form.cleaned_data.items())
                if value not in (None, "")
            }
        return pagecache.kept(
            "organisation_count",
            areas=pagecache.CACHED_PAGES["organisation_list"],
            key=(scope, filters),
            compute=self.qs.count,
        )
