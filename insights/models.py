"""Small tables the insights pages read, whatever the traffic.

``SearchDay`` holds what people searched for, one row per day, area, normalised term and
filters: never who searched, nor from where. ``Rollup`` holds the daily counters the
nightly task computes from the other apps' tables (see ``insights/rollups.py``).
"""

from django.db import models


class SearchDay(models.Model):
    """Searches of one day with one term and set of filters, counted, without people."""

    class Area(models.TextChoices):
        ASSETS = "assets", "Assets"
        OPPORTUNITIES = "opportunities", "Opportunities"

    day = models.DateField()
    area = models.CharField(max_length=20, choices=Area.choices)
    term = models.CharField(max_length=100, blank=True, help_text="Lower case, spaces collapsed.")
    filters = models.CharField(
        max_length=255, blank=True, help_text="The filters used, sorted: kind=facility&town=…"
    )
    searches = models.PositiveIntegerField(default=0)
    zero_results = models.PositiveIntegerField(default=0, help_text="Searches that found nothing.")
    last_result_count = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False, help_text="Made up by seed_lcr --demo.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "term", "filters"], name="insights_searchday_unique"
            )
        ]
        indexes = [
            models.Index(fields=["day", "area"], name="insights_searchday_day_area"),
            # The searches that found nothing, read by the curators' page for a period.
            models.Index(
                fields=["day", "area", "term"],
                condition=models.Q(zero_results__gt=0),
                name="insights_searchday_zero",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.area} {self.term!r} {self.filters}"


class Rollup(models.Model):
    """One counter for one day: ``metric`` (what), ``key`` (split by what), ``value``.

    Flow metrics count what happened that day (enquiries sent); stock metrics hold the
    state at the end of it (subscribers by status). ``label`` is the key's name that day.
    """

    day = models.DateField()
    metric = models.CharField(max_length=40)
    key = models.CharField(max_length=100, blank=True)
    label = models.CharField(max_length=200, blank=True)
    value = models.IntegerField(default=0)
    is_demo = models.BooleanField(default=False, help_text="Made up by seed_lcr --demo.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "metric", "key"], name="insights_rollup_unique")
        ]
        indexes = [models.Index(fields=["metric", "day"], name="insights_rollup_metric_day")]

    def __str__(self):
        return f"{self.day} {self.metric}[{self.key}] = {self.value}"
