"""Load the LCR+ dataset: the region's real assets and their host organisations.

Idempotent: records are matched by slug and saved only when something differs, so a
second run changes nothing. ``--demo`` adds fictional businesses and opportunities,
each marked as demo data.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organisation
from assets.models import AccessModel, Asset
from opportunities.models import Opportunity
from portal import lcr_dataset as data
from portal.models import FocalArea, Keyword, Sector


class Command(BaseCommand):
    help = "Load the LCR+ assets and host organisations (and demo data with --demo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Also add demo businesses and opportunities."
        )

    @transaction.atomic
    def handle(self, *args, demo=False, **options):
        self.changed = 0
        self.focal = {
            slug: self._upsert(FocalArea, slug, {"name": name, "summary": summary, "order": order})
            for order, (slug, name, summary) in enumerate(data.FOCAL_AREAS)
        }
        self.access = {
            slug: self._upsert(
                AccessModel, slug, {"name": name, "explanation": text, "order": order}
            )
            for order, (slug, name, text) in enumerate(data.ACCESS_MODELS)
        }
        sectors = {}
        for name in data.SECTORS:
            sectors[name], created = Sector.objects.get_or_create(
                slug=slugify(name), defaults={"name": name}
            )
            self.changed += created

        organisations = self._load_organisations(data.ORGANISATIONS, sectors, demo=False)
        assets = {}
        for record in data.ASSETS:
            assets[record["slug"]] = self._load_asset(record, organisations, assets)

        if demo:
            organisations |= self._load_organisations(data.DEMO_ORGANISATIONS, sectors, demo=True)
            for record in data.DEMO_OPPORTUNITIES:
                self._load_opportunity(record, organisations, assets)

        self.stdout.write(
            self.style.SUCCESS(
                f"LCR+ dataset loaded: {len(organisations)} organisations, "
                f"{len(assets)} assets{', demo data' if demo else ''}; "
                f"{self.changed} record(s) created or changed."
            )
        )

    def _upsert(self, model, slug, fields, m2m=None, create_only=None):
        """Create or update one record by slug, saving only what differs."""
        obj = model.objects.filter(slug=slug).first()
        if obj is None:
            obj = model(slug=slug, **fields, **(create_only or {}))
            obj.save()
            self.changed += 1
        else:
            dirty = [name for name, value in fields.items() if getattr(obj, name) != value]
            if dirty:
                for name in dirty:
                    setattr(obj, name, fields[name])
                obj.save()
                self.changed += 1
        for name, values in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != {value.pk for value in values}:
                manager.set(values)
                self.changed += 1
        return obj

    def _keywords(self, text):
        return Keyword.objects.from_text(text)

    def _load_organisations(self, records, sectors, *, demo):
        loaded = {}
        for slug, record in records.items():
            fields = {
                "name": record["name"],
                "kind": record["kind"],
                "size_band": record.get("size_band", ""),
                "sector": sectors[record["sector"]],
                "town": record["town"],
                "postcode": record["postcode"],
                "website": record.get("website", ""),
                "description": record["description"],
                "is_demo": demo,
                "verified": not demo,
            }
            m2m = {"focal_areas": [self.focal[s] for s in record["focal_areas"]]}
            if record.get("capabilities"):
                m2m["capabilities"] = self._keywords(record["capabilities"])
            loaded[slug] = self._upsert(Organisation, slug, fields, m2m)
        return loaded

    def _load_asset(self, record, organisations, assets):
        fields = {
            "name": record["name"],
            "kind": record["kind"],
            "host": organisations[record["host"]],
            "parent": assets[record["parent"]] if record.get("parent") else None,
            "summary": record["summary"],
            "description": record.get("description", ""),
            "eligibility": record.get("eligibility", ""),
            "manufacturer": record.get("manufacturer", ""),
            "training_required": record.get("training_required", False),
            "address": record.get("address", ""),
            "town": record["town"],
            "postcode": record.get("postcode", ""),
            "latitude": Decimal(record["latitude"]),
            "longitude": Decimal(record["longitude"]),
            "website": record.get("website", ""),
            "status": Asset.Status.PUBLISHED,
            "featured": record.get("featured", False),
        }
        m2m = {
            "focal_areas": [self.focal[s] for s in record["focal_areas"]],
            "access_models": [self.access[s] for s in record["access_models"]],
            "capabilities": self._keywords(record["capabilities"]),
        }
        return self._upsert(
            Asset, record["slug"], fields, m2m, create_only={"last_verified": timezone.localdate()}
        )

    def _load_opportunity(self, record, organisations, assets):
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        fields = {
            "title": record["title"],
            "kind": record["kind"],
            "organisation": organisations[record["organisation"]],
            "summary": record["summary"],
            "description": "Demo opportunity: fictional, created to show how the portal works.",
            "location": record.get("location", ""),
            "venue": assets[record["venue"]] if record.get("venue") else None,
            "status": Opportunity.Status.PUBLISHED,
            "is_demo": True,
        }
        # Dates are set when the record is created, so a second run keeps them.
        create_only = {"published_at": now}
        if "event_days" in record:
            day = timezone.localtime(now) + timedelta(days=record["event_days"])
            starts = day.replace(hour=10)
            create_only |= {"starts_at": starts, "ends_at": starts + timedelta(hours=4)}
        else:
            create_only["deadline"] = now + timedelta(days=record["deadline_days"])
        m2m = {
            "focal_areas": [self.focal[s] for s in record["focal_areas"]],
            "keywords": self._keywords(record["keywords"]),
            "related_assets": [assets[s] for s in record["related_assets"]],
        }
        return self._upsert(Opportunity, record["slug"], fields, m2m, create_only=create_only)
