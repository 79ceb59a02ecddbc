"""Small tables the insights pages read, whatever the traffic.

``SearchDay`` holds what people searched for, one row per day, area, normalised term and
filters: never who searched, nor from where. ``Rollup`` holds the daily counters the
nightly task computes from the other apps' tables (see ``insights/rollups.py``), and
``RollupMonth`` the same added up per calendar month, kept in step by every write to
``Rollup``, so a long period reads months instead of days.
"""

from datetime import timedelta

from django.db import connection, models, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth


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
            # The searches that found nothing, read by the curators' page for a period:
            # everything it adds up is in the index, so the table itself is not read.
            models.Index(
                fields=["day"],
                include=["area", "term", "zero_results", "searches"],
                condition=models.Q(zero_results__gt=0),
                name="insights_searchday_zero_sums",
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.area} {self.term!r} {self.filters}"


def first_of_month(day):
    return day.replace(day=1)


def next_month(day):
    """The first day of the month after ``day``'s."""
    return (first_of_month(day) + timedelta(days=32)).replace(day=1)


class RollupQuerySet(models.QuerySet):
    """Writes that keep ``RollupMonth`` in step: every bulk create, update and delete
    rebuilds the months it touched, in the same transaction."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            RollupMonth.rebuild(obj.day for obj in objs)
        return created

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            rows = dict(self.values_list("pk", "day"))
            count = super().update(**kwargs)
            # The months the rows were in, and those they are in now (a day may change).
            moved = self.model.objects.filter(pk__in=rows).values_list("day", flat=True)
            RollupMonth.rebuild({*rows.values(), *moved})
        return count

    def delete(self):
        with transaction.atomic(using=self.db):
            days = set(self.values_list("day", flat=True).distinct())
            result = super().delete()
            RollupMonth.rebuild(days)
        return result


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

    objects = RollupQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "metric", "key"], name="insights_rollup_unique")
        ]
        indexes = [models.Index(fields=["metric", "day"], name="insights_rollup_metric_day")]

    def __str__(self):
        return f"{self.day} {self.metric}[{self.key}] = {self.value}"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            # A row moved to another day leaves its old month: both are added up again.
            days = {self.day, *Rollup.objects.filter(pk=self.pk).values_list("day", flat=True)}
            super().save(*args, **kwargs)
            RollupMonth.rebuild(days)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            RollupMonth.rebuild([self.day])
        return result


class RollupMonth(models.Model):
    """``Rollup`` added up per calendar month: never written directly (``rebuild``)."""

    month = models.DateField(help_text="The first day of the month.")
    metric = models.CharField(max_length=40)
    key = models.CharField(max_length=100, blank=True)
    label = models.CharField(max_length=200, blank=True, help_text="The greatest of the month.")
    value = models.IntegerField(default=0)
    last_day = models.DateField(help_text="The last day of the month with a row.")
    demo_rows = models.PositiveIntegerField(default=0, help_text="Rows made up by --demo.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "metric", "key"], name="insights_rollupmonth_unique"
            )
        ]
        indexes = [models.Index(fields=["metric", "month"], name="insights_rollupmonth_metric")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.metric}[{self.key}] = {self.value}"

    @classmethod
    def rebuild(cls, days):
        """Add up again, from ``Rollup``, every month holding one of ``days``."""
        months = {first_of_month(day) for day in days}
        if not months:
            return
        with transaction.atomic():
            cls._lock()
            cls._rebuild(months)

    @classmethod
    def _lock(cls):
        """One rebuild at a time (readers are not held up): two roll-ups of days of the
        same month at once would each add up the month without the other's days."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {cls._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")

    @classmethod
    def _rebuild(cls, months):
        cls.objects.filter(month__in=months).delete()
        cls.objects.bulk_create(
            (
                cls(**row)
                for row in Rollup.objects.filter(
                    day__gte=min(months), day__lt=next_month(max(months))
                )
                .annotate(month=TruncMonth("day"))
                .filter(month__in=months)
                .values("month", "metric", "key")
                .annotate(
                    value=Sum("value"),
                    label=Max("label"),
                    last_day=Max("day"),
                    demo_rows=Count("pk", filter=Q(is_demo=True)),
                )
            ),
            batch_size=5000,
        )
