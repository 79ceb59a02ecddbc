"""Stored matches, what people said about them, and which were emailed.

The tables keep their names from when these models lived in the opportunities app
(``opportunities_match`` ...): migration 0001 moved them without copying a row.
"""

import json
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models

from accounts.models import Organisation
from assets.models import Asset
from opportunities.models import Opportunity
from portal import pagecache


class MatchQuerySet(pagecache.PublicContentQuerySet):
    def not_dismissed_by(self, user):
        """Without the matches this person marked "not relevant"."""
        if not user.is_authenticated:
            return self
        dismissed = MatchFeedback.objects.filter(
            user=user,
            verdict=MatchFeedback.Verdict.NOT_RELEVANT,
            opportunity_id=models.OuterRef("opportunity_id"),
            target_key=models.OuterRef("target_key"),
        )
        return self.exclude(models.Exists(dismissed))

    def insert(self, matches):
        """Insert new matches in one statement and return them with their ids, as
        ``bulk_create`` does.

        On PostgreSQL the rows travel as one JSON document that ``jsonb_to_recordset``
        reads: ``bulk_create`` sends each column as an array whose every element the
        driver escapes in Python, which took several times as long as the insert itself
        (40 matches with their reasons: about 5 ms against 1)."""
        if connection.vendor != "postgresql" or not matches:
            return self.bulk_create(matches)
        meta = self.model._meta
        fields = [field for field in meta.concrete_fields if not field.primary_key]
        rows = [
            {field.column: field.pre_save(match, True) for field in fields} for match in matches
        ]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        types = ", ".join(f"{quote(field.column)} {field.db_type(connection)}" for field in fields)
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {columns} "  # noqa: S608
            f"FROM jsonb_to_recordset(%s::jsonb) AS row({types}) RETURNING {quote(meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [json.dumps(rows, default=_exact_json)])
            ids = cursor.fetchall()
        # RETURNING gives the rows in the order inserted, as bulk_create also relies on.
        for match, (pk,) in zip(matches, ids, strict=True):
            match.pk = pk
            match._state.adding = False
            match._state.db = self.db
        self._changed(len(matches))
        return matches

    def open(self):
        """Matches whose opportunity is still open (and, for pairs, both are).

        Asked per match row (EXISTS on the primary key) rather than as ``IN (every open
        opportunity)``, which PostgreSQL answered by hashing all of them for each query."""
        return self.filter(open_opportunity("opportunity_id")).filter(
            models.Q(target_opportunity__isnull=True) | open_opportunity("target_opportunity_id")
        )


def _exact_json(value):
    """Timestamps in JSON to the microsecond (Django's encoder keeps milliseconds)."""
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def open_opportunity(field, queryset=None):
    """The opportunity whose id is in ``field`` is still open (and in ``queryset``)."""
    queryset = Opportunity.objects.all() if queryset is None else queryset
    return models.Exists(queryset.still_open().filter(pk=models.OuterRef(field)))


def _only(target_type, field):
    """This target type, with its own target field set and the other two empty."""
    fields = ["target_organisation", "target_asset", "target_opportunity"]
    return models.Q(
        target_type=target_type,
        **{f"{name}__isnull": name != field for name in fields},
    )


ONE_TARGET_OF_ITS_TYPE = (
    _only("organisation", "target_organisation")
    | _only("asset", "target_asset")
    | _only("opportunity", "target_opportunity")
)


class Match(pagecache.ChangesPublicPages, models.Model):
    """A suggestion that a target fits an opportunity, with the reasons shown to people.

    The target is an organisation that could answer the opportunity, an asset that could
    serve it, or another opportunity that complements it. The same rows read backwards
    are an organisation's "recommended for you" and an asset's "opportunities that fit".
    """

    page_cache_area = pagecache.MATCHING

    class TargetType(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        ASSET = "asset", "Asset"
        OPPORTUNITY = "opportunity", "Opportunity"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="matches")
    target_type = models.CharField(max_length=12, choices=TargetType.choices)
    target_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    target_asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    target_opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    target_key = models.CharField(max_length=40, editable=False)
    score = models.FloatField()
    reasons = models.JSONField(default=list, help_text="Why, for the opportunity's people.")
    target_reasons = models.JSONField(default=list, help_text="Why, for the target's people.")
    features = models.JSONField(
        default=list,
        blank=True,
        help_text="What the score rests on (keyword and thesaurus pairs, words); "
        "feedback on this match adjusts pairs with the same features.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        db_table = "opportunities_match"
        ordering = ["-score", "pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "target_organisation"],
                condition=models.Q(target_organisation__isnull=False),
                name="one_match_per_opportunity_organisation",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "target_asset"],
                condition=models.Q(target_asset__isnull=False),
                name="one_match_per_opportunity_asset",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "target_opportunity"],
                condition=models.Q(target_opportunity__isnull=False),
                name="one_match_per_opportunity_pair",
            ),
            models.CheckConstraint(
                condition=ONE_TARGET_OF_ITS_TYPE, name="match_one_target_of_its_type"
            ),
        ]
        indexes = [models.Index(fields=["target_type", "-score"])]

    def __str__(self):
        return f"{self.opportunity} -> {self.target}"

    def save(self, *args, **kwargs):
        self.target_key = self.key_for(self.target_type, self.target_id)
        super().save(*args, **kwargs)

    @property
    def target(self):
        return self.target_organisation or self.target_asset or self.target_opportunity

    @staticmethod
    def key_for(target_type, target_id):
        """ "organisation:12": one string naming the target, kept by feedback and alerts."""
        return f"{target_type}:{target_id}"

    @property
    def target_id(self):
        return self.target_organisation_id or self.target_asset_id or self.target_opportunity_id


class MatchFeedback(models.Model):
    """What someone said about a match ("useful", "not relevant").

    A "not relevant" verdict hides the match from that person. The row keeps a copy of
    the match's key, score and reasons so it survives a recomputation for tuning.
    """

    class Verdict(models.TextChoices):
        USEFUL = "useful", "Useful"
        NOT_RELEVANT = "not_relevant", "Not relevant"

    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_feedback"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="match_feedback"
    )
    target_key = models.CharField(max_length=40)
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "opportunities_matchfeedback"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity", "target_key"], name="one_feedback_per_match"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.opportunity} -> {self.target_key}: {self.verdict}"


class MatchAlert(models.Model):
    """A match that was emailed to a person, so it is never emailed to them twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_match_alerts"
    )
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    target_key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "opportunities_matchalert"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity", "target_key"], name="one_alert_per_match"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.opportunity} -> {self.target_key}"


class ThesaurusSet(models.Model):
    """Words that mean the same here, or a broader term with narrower ones.

    Used by matching to find candidates, to score them and in reasons ("you asked for
    additive manufacturing; they offer 3D printing"). Seeded from
    ``matching/thesaurus.txt``; curators edit them in the admin.
    """

    phrases = models.TextField(
        help_text="One phrase per line. For a broader term, put it on the first line and "
        "tick 'broader first'."
    )
    broader_first = models.BooleanField(
        default=False,
        help_text="The first phrase is broader than the others (which are not synonyms of "
        "each other), rather than all meaning the same.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "thesaurus set"

    def __str__(self):
        return " | ".join(self.phrase_list()[:4])

    def phrase_list(self):
        return list(
            dict.fromkeys(p.strip().lower() for p in self.phrases.splitlines() if p.strip())
        )

    def clean(self):
        if len(self.phrase_list()) < 2:
            raise ValidationError({"phrases": "Enter at least two phrases, one per line."})


class TermWeight(models.Model):
    """How rare a word (an English stem) is across the portal's organisations, assets and
    opportunities: BM25's inverse document frequency, recomputed by a beat task."""

    term = models.CharField(max_length=100, unique=True)
    weight = models.FloatField()

    def __str__(self):
        return f"{self.term}: {self.weight}"


class Corpus(models.Model):
    """What the term-weights task counted over the portal's records: how many
    organisations, assets and opportunities there are, and how many of them carry each
    keyword (a keyword's rarity). Counted with the term weights, so both describe the
    same records, rather than in every match, where the counts were a fifth of the
    database's time. One row, replaced by each count; its id is the version processes
    keep it by. A keyword counted since has no entry and counts as rare."""

    records = models.PositiveIntegerField()
    # {keyword id (as text): how many records carry it}
    keyword_frequencies = models.JSONField(default=dict)
    counted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "corpus counts"

    def __str__(self):
        return f"{self.records} records, counted {self.counted_at:%Y-%m-%d %H:%M}"


class TextAnalysis(models.Model):
    """How matching last read one organisation's, asset's or opportunity's texts: each
    stem with the word to show for it, and the thesaurus phrases found.

    Reading texts (splitting, stemming, finding thesaurus phrases) was most of a match's
    cost, and a record's texts change far less often than it is scored, so the reading
    is stored and fetched with the record. ``digest`` covers the texts, the thesaurus
    version and the code that reads them: when any of them changes the stored reading
    no longer fits the record, is read again and replaced (by the next match that meets
    the record, and by the nightly term-weights task).
    """

    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="match_text"
    )
    asset = models.OneToOneField(
        Asset, null=True, blank=True, on_delete=models.CASCADE, related_name="match_text"
    )
    opportunity = models.OneToOneField(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="match_text"
    )
    digest = models.CharField(max_length=32)
    reading = models.JSONField(
        default=dict,
        help_text='{"terms": [[stem, word to show], ...], "concepts": [[thesaurus set, '
        "phrase index], ...]}",
    )

    class Meta:
        verbose_name_plural = "text analyses"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, asset=None, opportunity=None)
                    | models.Q(organisation=None, asset__isnull=False, opportunity=None)
                    | models.Q(organisation=None, asset=None, opportunity__isnull=False)
                ),
                name="text_analysis_one_record",
            )
        ]

    def __str__(self):
        return f"{self.organisation_id or self.asset_id or self.opportunity_id}: {self.digest}"
