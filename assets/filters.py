"""Browse and search the asset directory: one FilterSet, exact facet counts in two queries."""

import re
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Value
from django.utils.text import slugify

from accounts.models import Organisation
from assets.models import AccessModel, Asset
from portal import pagecache
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


FACET_TITLES = {
    "focal_area": "Focal area",
    "kind": "Kind",
    "access": "How you can use it",
    "town": "Town",
    "host": "Host organisation",
    "featured": "Featured",
}
# The many-to-many facets: the relation, its through table's column, the table of choices.
RELATED_FACETS = {
    "focal_area": ("focal_areas", "focalarea_id", FocalArea),
    "access": ("access_models", "accessmodel_id", AccessModel),
}
SORTS = {"relevance": "Relevance", "name": "Name", "verified": "Recently verified"}


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
    #
    # Each choice counts the assets it would give together with the other facets' current
    # filters (so picking a focal area still shows the other areas' counts), exactly. Two
    # queries, however many assets, each one grouped pass without DISTINCT:
    #
    # 1. the assets matching the search text (all published ones without a text), grouped
    #    by kind, town, host and featured, with a yes/no column per active host or
    #    many-to-many filter: a few hundred rows even at 100,000 assets, from which Python
    #    adds up every scalar facet's counts and the number of results (so the paginator
    #    does not count again);
    # 2. per focal area and per access model, the assets the other filters give joined to
    #    the through table and grouped, with every focal area and access model (0 where
    #    none).
    #
    # Kinds, towns and hosts are listed as the search text's assets have them (with 0 where
    # the other filters leave none), and a chosen value always stays listed.
    #
    # At 100,000 assets the two queries still read every published asset (about half a
    # second), so their rows are kept in the cache under the generations the page cache
    # bumps on every write that can change them (``_counted``): the next request after a
    # publish, an edit, an unpublish, a delete or a change of focal areas counts again.

    def _active(self):
        """The filters in use: name -> value (the search text and the sort aside)."""
        if not self.is_valid():
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name not in ("q", "sort") and value not in (None, "", [])
        }

    def grouped_rows(self):
        """Query 1: (kind, town, host id, featured, passes..., count) dicts."""
        return self._counted()[0]

    def _counted(self):
        """Both queries' rows, kept (``portal.pagecache.kept``) for this search and these
        filters until a write to the assets, their hosts or the taxonomy: every visitor
        browses the same published assets, so one count serves them all."""
        if not hasattr(self, "_counted_rows"):
            if not self.is_valid():
                self._counted_rows = ([], [])
            else:
                active = {
                    name: sorted(value) if isinstance(value, list) else value
                    for name, value in sorted(self._active().items())
                }
                self._counted_rows = pagecache.kept(
                    "asset_facets",
                    areas=pagecache.CACHED_PAGES["asset_list"],
                    # The base queryset's SQL says whose assets these are (no user, no clock).
                    key=(str(self.queryset.order_by().query), self.search_text, active),
                    compute=self._count,
                )
        return self._counted_rows

    def _count(self):
        grouped = list(self._grouped_query())
        related = list(self._related_query(hosts={row["host_id"] for row in grouped}))
        return grouped, related

    def _grouped_query(self):
        active = self._active()
        rows = search_filter(self.queryset.order_by(), self.search_text)
        flags = {}
        if "host" in active:
            hosts = Organisation.objects.filter(slug__in=active["host"]).values("pk")
            flags["in_host"] = ExpressionWrapper(Q(host_id__in=hosts), output_field=BooleanField())
        for name, (relation, column, _choices) in RELATED_FACETS.items():
            if name in active:
                through = Asset._meta.get_field(relation).remote_field.through
                chosen = through.objects.filter(
                    **{f"{column.removesuffix('_id')}__slug__in": active[name]}
                ).values("asset_id")
                flags[f"in_{name}"] = ExpressionWrapper(
                    Q(pk__in=chosen), output_field=BooleanField()
                )
        return (
            rows.annotate(**flags)
            .values("kind", "town", "host_id", "featured", *flags)
            .annotate(count=Count("*"))
        )

    def _passes(self, row, active, skip=None):
        """Does this group of assets pass every active filter but ``skip``'s?"""
        for name, value in active.items():
            if name == skip:
                continue
            if name in ("kind", "town") and row[name] not in value:
                return False
            if name == "featured" and row["featured"] != value:
                return False
            if name in ("host", *RELATED_FACETS) and not row[f"in_{name}"]:
                return False
        return True

    def result_count(self):
        """How many assets ``results()`` gives, from query 1 (no COUNT of its own)."""
        if not self.is_valid() or self.unknown_values():
            return 0
        active = self._active()
        return sum(row["count"] for row in self.grouped_rows() if self._passes(row, active))

    def related_rows(self):
        """Query 2: (facet, id, slug, name, order, count) rows: counts for focal areas and
        access models, and every focal area, access model and host (the hosts of query 1's
        groups, named after grouping rather than joined to every asset)."""
        return self._counted()[1]

    def _related_query(self, hosts):
        columns = ("facet", "key", "choice_slug", "choice_name", "choice_order", "count")
        parts = []
        for name, (relation, _column, model) in RELATED_FACETS.items():
            # Driven from the assets (a search's GIN index, or one pass over all of them),
            # joined to the through table: each asset counts once per choice, no DISTINCT.
            parts.append(
                self.filtered_without(skip=name)
                .order_by()
                .filter(**{f"{relation}__isnull": False})
                .values(relation)
                .annotate(
                    facet=Value(name),
                    key=F(relation),
                    choice_slug=Value(""),
                    choice_name=Value(""),
                    choice_order=Value(0),
                    count=Count("*"),
                )
                .values_list(*columns)
            )
            parts.append(
                model.objects.order_by()
                .annotate(
                    facet=Value(name),
                    key=F("pk"),
                    choice_slug=F("slug"),
                    choice_name=F("name"),
                    choice_order=F("order"),
                    count=Value(0),
                )
                .values_list(*columns)
            )
        parts.append(
            Organisation.objects.order_by()
            .filter(pk__in=sorted(hosts))
            .annotate(
                facet=Value("host"),
                key=F("pk"),
                choice_slug=F("slug"),
                choice_name=F("name"),
                choice_order=Value(0),
                count=Value(0),
            )
            .values_list(*columns)
        )
        return parts[0].union(*parts[1:], all=True)

    def facets(self):
        """The facets with their choices, counts and which are selected, for the form."""
        if not self.is_valid():
            return []
        active = self._active()
        facets = {name: Facet(name, FACET_TITLES[name]) for name in FACET_TITLES}

        def add(name, value, label, count):
            if name == "featured":
                selected = active.get("featured") is True
            else:
                selected = value in active.get(name, [])
            # A stable id per choice, so htmx keeps focus on it across a swap.
            input_id = f"facet-{name}-{slugify(str(value)) or 'value'}"
            facets[name].choices.append(Choice(str(value), label, count, selected, input_id))

        # Focal areas and access models: every one, in the taxonomy's order.
        counts, labels, hosts = {}, [], {}
        for facet, key, slug, name, order, count in self.related_rows():
            if facet == "host":
                hosts[key] = (slug, name)
            elif slug:
                labels.append((facet, order, name, key, slug))
            else:
                counts[(facet, key)] = count
        for facet, _order, name, key, slug in sorted(labels):
            add(facet, slug, name, counts.get((facet, key), 0))

        # Kinds, towns, hosts and featured: added up from query 1's groups.
        scalar = {name: {} for name in ("kind", "town", "host", "featured")}
        for row in self.grouped_rows():
            values = {
                "kind": (row["kind"], row["kind"]),
                "town": (row["town"], row["town"]),
                "host": hosts.get(row["host_id"], (None, None)),
                "featured": ("true", "Featured") if row["featured"] else (None, None),
            }
            for name, (value, label) in values.items():
                if value in (None, ""):  # assets without a town; not featured
                    continue
                known = scalar[name].setdefault(value, [label, 0])
                if self._passes(row, active, skip=name):
                    known[1] += row["count"]
        unknown = {value for _label, value in self.unknown_values()}
        for name in ("town", "host"):
            for value in active.get(name, []):  # a chosen value stays listed
                if value not in scalar[name] and value not in unknown:
                    scalar[name][value] = [self._label_of(name, value), 0]
        if active.get("featured") is True:
            scalar["featured"].setdefault("true", ["Featured", 0])
        kinds = dict(Asset.Kind.choices)
        for value, (_label, count) in sorted(scalar["kind"].items()):
            add("kind", value, kinds.get(value, value), count)
        for value, (label, count) in sorted(scalar["town"].items()):
            add("town", value, label, count)
        for value, (label, count) in sorted(scalar["host"].items(), key=lambda i: i[1][0]):
            add("host", value, label, count)
        if scalar["featured"].get("true", ["", 0])[1] or active.get("featured") is True:
            add("featured", "true", "Featured", scalar["featured"]["true"][1])
        return [facet for facet in facets.values() if facet.choices]

    def _label_of(self, name, value):
        if name == "host":
            return Organisation.objects.filter(slug=value).values_list("name", flat=True).first()
        return value

    def unknown_values(self):
        """Chosen values that are not choices at all (a mistyped or stale link)."""
        if not hasattr(self, "_unknown"):
            self._unknown = self._find_unknown_values() if self.is_valid() else []
        return self._unknown

    def _find_unknown_values(self):
        active = self._active()
        known = {(facet, slug) for facet, _k, slug, *_rest in self.related_rows() if slug}
        known |= {("town", row["town"]) for row in self.grouped_rows()}
        published = self.queryset
        unknown = []
        for name in ("focal_area", "access", "town", "host"):
            for value in active.get(name, []):
                if (name, value) in known:
                    continue
                # Query 1 holds the search text's assets only: look wider before saying no.
                if name == "town" and self.search_text:
                    exists = published.filter(town=value).exists()
                elif name == "host" and self.search_text:
                    exists = published.filter(host__slug=value).exists()
                else:
                    exists = False
                if not exists:
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
