from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone

from accounts.models import Organisation
from assets.models import Asset
from opportunities.models import Opportunity
from portal import pagecache
from portal.models import FocalArea
from portal.search import search_ranked
from portal.widgets import DateInput, LongSelect

CLOSING_WINDOWS = {"week": timedelta(days=7), "month": timedelta(days=30)}


class OpportunityFilter(django_filters.FilterSet):
    """Browse published opportunities. Choices are loaded once per request (one query
    each), so the page runs a constant number of queries whatever it shows."""

    q = django_filters.CharFilter(
        label="Search",
        method="filter_q",
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. coatings, malaria, machine learning"}
        ),
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Opportunity.Kind.choices, empty_label="Any kind"
    )
    focal_area = django_filters.ChoiceFilter(
        label="Focal area", field_name="focal_areas__slug", empty_label="Any focal area"
    )
    organisation_kind = django_filters.ChoiceFilter(
        label="Posted by",
        method="filter_organisation_kind",
        choices=Organisation.Kind.choices,
        empty_label="Any kind of organisation",
    )
    closing = django_filters.ChoiceFilter(
        label="Closing",
        method="filter_closing",
        choices=[("week", "Within 7 days"), ("month", "Within 30 days")],
        empty_label="Any time",
    )
    asset = django_filters.ChoiceFilter(
        label="Related facility",
        field_name="related_assets__slug",
        empty_label="Any facility",
        widget=LongSelect,
    )
    posted_since = django_filters.DateFilter(
        label="Posted since",
        method="filter_posted_since",
        widget=DateInput(),
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        method="keep",
        choices=[
            ("newest", "Newest"),
            ("closing", "Closing soonest"),
            ("relevance", "Relevance (with a search)"),
        ],
        empty_label=None,
    )

    class Meta:
        model = Opportunity
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["focal_area"].extra["choices"] = list(
            FocalArea.objects.values_list("slug", "name")
        )
        # Only the facilities an opportunity in the list relates to: any other would give
        # no results, and a national directory's every facility would be 100,000 options.
        related = Opportunity.related_assets.through.objects.filter(
            opportunity__in=self.queryset.order_by().values("pk")
        )
        self.filters["asset"].extra["choices"] = list(
            Asset.objects.published()
            .filter(pk__in=related.values("asset_id"))
            .order_by("name")
            .values_list("slug", "name")
        )

    def filter_q(self, queryset, name, value):
        return search_ranked(queryset, value)

    def filter_organisation_kind(self, queryset, name, value):
        """An anonymous poster's kind is as hidden as its name: those drop out."""
        return queryset.filter(organisation__kind=value, is_anonymous=False)

    def filter_closing(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(closes_at__gte=now, closes_at__lte=now + CLOSING_WINDOWS[value])

    def filter_posted_since(self, queryset, name, value):
        return queryset.filter(
            published_at__gte=timezone.make_aware(datetime.combine(value, time()))
        )

    def keep(self, queryset, name, value):
        return queryset  # sorting is applied last, in filter_queryset

    @property
    def sort_value(self):
        sort = self.form.cleaned_data.get("sort") if hasattr(self.form, "cleaned_data") else ""
        if not sort:
            sort = "relevance" if self.form.cleaned_data.get("q") else "newest"
        return sort

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset.with_closes_at())
        sort = self.sort_value
        if sort == "relevance" and "rank" in queryset.query.annotations:
            return queryset.order_by("-rank", "-published_at", "-pk")
        if sort == "closing":
            return queryset.order_by(F("closes_at").asc(nulls_last=True), "-pk")
        return queryset.order_by("-published_at", "-pk")

    def result_count(self, *, scope):
        """How many open opportunities ``qs`` gives, kept in the cache (``portal.pagecache``)
        until a write to what it is counted from or the first of them closing.

        ``scope`` names the rows the view's queryset holds, the same for everyone it is
        given for. The "Closing" filter is counted every time: its window moves with the
        clock, so opportunities enter it with no write at all."""
        filters = {}
        if self.is_bound:
            if not self.is_valid() or self.form.cleaned_data.get("closing"):
                return self.qs.count()
            filters = {
                name: value
                for name, value in sorted(self.form.cleaned_data.items())
                if name != "sort" and value not in (None, "")
            }
        count, _next_end = pagecache.kept(
            "opportunity_count",
            areas=pagecache.CACHED_PAGES["opportunity_list"],
            key=(scope, filters),
            compute=self.qs.count_and_next_end,
            valid_until=lambda kept: kept[1],
        )
        return count

    @property
    def error_messages(self):
        """Plain sentences for the values that could not be used."""
        return [
            f"{self.form.fields[name].label}: {error}"
            for name, errors in self.form.errors.items()
            for error in errors
        ]
