"""Browse and search the asset directory: one FilterSet, facet counts in one query."""

import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, Exists, F, OuterRef, Value
from django.db.models.functions import Cast
from django.utils.text import slugify

from accounts.models import Organisation
from assets.models import AccessModel, Asset
from portal.models import FocalArea
from portal.search import search_filter, search_rank

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class ValueListField(forms.Field):
    """Several values of one query parameter (``?access=a&access=b``), each checked."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern=None, allowed=None, max_length=100, **kwargs):
        self.pattern, self.allowed, self.max_length = pattern, allowed, max_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(v.strip() for v in value if v and v.strip()))

    def validate(self, value):
        super().validate(value)
        for item in value:
            if (
                len(item) > self.max_length
                or (self.pattern and not self.pattern.match(item))
                or (self.allowed is not None and item not in self.allowed)
            ):
                raise ValidationError(f"“{item}” is not a valid {self.label.lower()}.")


class ValueListFilter(django_filters.Filter):
    """Keep assets matching any of the chosen values (OR within a facet).

    Filters through ``pk__in`` so a many-to-many choice never duplicates a row.
    """

    field_class = ValueListField

    def filter(self, qs, value):
        if not value:
            return qs
        matching = Asset.objects.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.filter(pk__in=matching)


# Facet name -> (what a row is grouped by, its label, how labels sort)
FACETS = {
    "focal_area": ("focal_areas__slug", "focal_areas__name", "focal_areas__order"),
    "kind": ("kind", "kind", "kind"),
    "access": ("access_models__slug", "access_models__name", "access_models__order"),
    "town": ("town", "town", "town"),
    "host": ("host__slug", "host__name", "host__name"),
    "featured": (None, None, None),
}
FACET_TITLES = {
    "focal_area": "Focal area",
    "kind": "Kind",
    "access": "How you can use it",
    "town": "Town",
    "host": "Host organisation",
    "featured": "Featured",
}
SORTS = {"relevance": "Relevance", "name": "Name", "verified": "Recently verified"}


def _merge_counts(rows):
    """One row per choice: its count where it has one, else 0."""
    merged = {}
    for row in rows:
        known = merged.get((row[0], row[1]))
        if known is None or row[4] > known[4]:
            merged[(row[0], row[1])] = row
    return list(merged.values())


def _facet_order(row):
    """Within a facet: by the taxonomy's own order where it has one, else by label."""
    facet, _value, label, sort, _count = row
    sort = sort or ""
    return (
        facet,
        int(sort) if sort.isdigit() else 0,
        sort if not sort.isdigit() else "",
        label or "",
    )


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""


@dataclass
class Facet:
    name: str
    title: str
    choices: list = field(default_factory=list)

    @property
    def field_id(self):
        return f"facet-{self.name}"


class AssetFilterSet(django_filters.FilterSet):
    """Filters for /assets/ and /assets/map/; every value lives in the query string."""

    q = django_filters.CharFilter(
        label="Search", method="filter_search", max_length=200, help_text="For example: NMR"
    )
    focal_area = ValueListFilter(
        field_name="focal_areas__slug", label="Focal area", pattern=SLUG, max_length=100
    )
    kind = ValueListFilter(field_name="kind", label="Kind", allowed=set(Asset.Kind.values))
    access = ValueListFilter(
        field_name="access_models__slug", label="Access model", pattern=SLUG, max_length=100
    )
    town = ValueListFilter(field_name="town", label="Town", max_length=100)
    host = ValueListFilter(
        field_name="host__slug", label="Host organisation", pattern=SLUG, max_length=200
    )
    featured = django_filters.BooleanFilter(field_name="featured", label="Featured only")
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=list(SORTS.items()), method="filter_sort", empty_label=None
    )

    class Meta:
        model = Asset
        fields = []

    def filter_search(self, queryset, name, value):
        return search_filter(queryset, value)

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in ``results``

    @property
    def search_text(self):
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_valid() else ""

    @property
    def sort_key(self):
        chosen = self.form.cleaned_data.get("sort") if self.is_valid() else None
        if chosen == "relevance" and not self.search_text:
            chosen = None
        return chosen or ("relevance" if self.search_text else "name")

    def filtered_without(self, skip):
        """The visible assets with every filter applied except ``skip``'s."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in (skip, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def results(self):
        """The filtered assets in the chosen order; none when a value is invalid."""
        if not self.is_valid() or self.unknown_values():
            return self.queryset.none()
        queryset = self.filtered_without(skip=None)
        if self.sort_key == "relevance":
            return search_rank(queryset, self.search_text).order_by("-rank", "name")
        if self.sort_key == "verified":
            return queryset.order_by(F("last_verified").desc(nulls_last=True), "name")
        return queryset.order_by("name")

    # --- facets --------------------------------------------------------------

    def facet_rows(self):
        """(facet, value, label, sort, count) rows for every choice, from ONE query.

        Each choice counts the assets it would give together with the other facets'
        current filters (so picking a focal area still shows the other areas' counts).
        Every choice that exists is listed, with 0 where it would give nothing, so a
        chosen value never disappears from the form.
        """
        if not hasattr(self, "_facet_rows"):
            self._facet_rows = _merge_counts(self._facet_query()) if self.is_valid() else []
        return self._facet_rows

    def _facet_query(self):
        columns = ("facet", "key", "label", "sort", "count")
        parts = []
        # The counts: only the assets each facet's choices would give.
        for name, (key, label, order) in FACETS.items():
            matching = self.filtered_without(skip=name).order_by()
            if key is None:  # featured: a single "yes" choice
                matching = matching.filter(featured=True).annotate(
                    key=Value("true"), label=Value("Featured"), sort=Value("")
                )
            else:
                matching = matching.annotate(
                    key=F(key), label=F(label), sort=Cast(order, output_field=CharField())
                )
            parts.append(
                matching.annotate(facet=Value(name))
                .values("facet", "key", "label", "sort")
                .annotate(count=Count("pk", distinct=True))
                .values_list(*columns)
            )
        # Every choice with 0, from the small tables (or distinct values) behind each facet.
        published = self.queryset.order_by()
        zero = {"count": Value(0)}
        parts += [
            FocalArea.objects.order_by()
            .annotate(
                facet=Value("focal_area"),
                key=F("slug"),
                label=F("name"),
                sort=Cast("order", output_field=CharField()),
                **zero,
            )
            .values_list(*columns),
            AccessModel.objects.order_by()
            .annotate(
                facet=Value("access"),
                key=F("slug"),
                label=F("name"),
                sort=Cast("order", output_field=CharField()),
                **zero,
            )
            .values_list(*columns),
            Organisation.objects.order_by()
            .filter(Exists(published.filter(host=OuterRef("pk"))))
            .annotate(facet=Value("host"), key=F("slug"), label=F("name"), sort=F("name"), **zero)
            .values_list(*columns),
            published.annotate(
                facet=Value("town"), key=F("town"), label=F("town"), sort=F("town"), **zero
            )
            .values_list(*columns)
            .distinct(),
            published.annotate(
                facet=Value("kind"), key=F("kind"), label=F("kind"), sort=F("kind"), **zero
            )
            .values_list(*columns)
            .distinct(),
        ]
        return parts[0].union(*parts[1:], all=True)

    def facets(self):
        """The facets with their choices, counts and which are selected, for the form."""
        data = self.form.cleaned_data if self.is_valid() else {}
        kinds = dict(Asset.Kind.choices)
        facets = {name: Facet(name, FACET_TITLES[name]) for name in FACETS}
        for name, value, label, _sort, count in sorted(self.facet_rows(), key=_facet_order):
            if value in (None, ""):  # assets without a focal area, a town...
                continue
            if name == "kind":
                label = kinds.get(value, value)
            if name == "featured":
                selected = data.get("featured") is True
            else:
                selected = value in data.get(name, [])
            # A stable id per choice, so htmx keeps focus on it across a swap.
            input_id = f"facet-{name}-{slugify(str(value)) or 'value'}"
            facets[name].choices.append(Choice(str(value), label, count, selected, input_id))
        return [facet for facet in facets.values() if facet.choices]

    def unknown_values(self):
        """Chosen values that are not choices at all (a mistyped or stale link)."""
        if not self.is_valid():
            return []
        known = {(row[0], str(row[1])) for row in self.facet_rows()}
        unknown = []
        for name in ("focal_area", "access", "town", "host"):
            for value in self.form.cleaned_data.get(name) or []:
                if (name, value) not in known:
                    unknown.append((self.filters[name].label, value))
        return unknown

    def problems(self):
        """Messages for the user about values that could not be used."""
        messages = []
        if not self.is_valid():
            for errors in self.form.errors.values():
                messages.extend(errors)
        for label, value in self.unknown_values():
            messages.append(f"There is no {label.lower()} “{value}”.")
        return messages

    def is_filtered(self):
        return self.is_valid() and any(
            value not in (None, "", [])
            for name, value in self.form.cleaned_data.items()
            if name != "sort"
        )
