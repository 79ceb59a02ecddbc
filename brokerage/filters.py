import django_filters
from django import forms
from django.db.models import Q

from accounts.models import Organisation
from brokerage.models import Participant
from portal.models import FocalArea


class ParticipantFilter(django_filters.FilterSet):
    """Browse an event's validated participants: focal area, kind of organisation,
    what they offer or seek, and keywords."""

    q = django_filters.CharFilter(
        label="Keywords",
        method="filter_q",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    side = django_filters.ChoiceFilter(
        label="Look in",
        method="keep",
        choices=[("offer", "What they offer"), ("seek", "What they seek")],
        empty_label="Offers and seeks",
    )
    focal_area = django_filters.ModelChoiceFilter(
        label="Focal area",
        field_name="focal_areas",
        queryset=FocalArea.objects.all(),
        to_field_name="slug",
        empty_label="Any focal area",
        distinct=True,
    )
    organisation_kind = django_filters.ChoiceFilter(
        label="Kind of organisation",
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label="Any kind",
    )

    class Meta:
        model = Participant
        fields = ["q", "side", "focal_area", "organisation_kind"]

    def keep(self, queryset, name, value):
        return queryset  # read by filter_q

    def filter_q(self, queryset, name, value):
        side = self.form.cleaned_data.get("side")
        condition = Q()
        for word in value.split():
            offer = Q(offer__icontains=word) | Q(offers__name__icontains=word)
            seek = Q(seek__icontains=word) | Q(seeks__name__icontains=word)
            either = {"offer": offer, "seek": seek}.get(side, offer | seek)
            condition &= either | Q(organisation__name__icontains=word)
        return queryset.filter(condition).distinct()
