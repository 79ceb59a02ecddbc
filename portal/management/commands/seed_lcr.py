"""Load the LCR+ dataset: the region's real assets and their host organisations.

Idempotent: records are matched by slug and saved only when something differs, so a
second run changes nothing. It updates an existing database in place without undoing a
curator's work: each asset stores the values this command last wrote
(``Asset.seeded_values``); a field whose current value differs from that was changed
by a curator and is left alone (and reported). An asset loaded before those values were
kept, and since edited in the admin, is left alone entirely (and reported).
``--demo`` adds fictional businesses and opportunities, each marked as demo data.
``--refresh-areas`` adds the 2022 audit refresh's focal areas; once they exist, later
runs keep them.
"""

import json
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Organisation
from assets.geo import location_problem
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
        parser.add_argument(
            "--refresh-areas",
            action="store_true",
            help="Also add the 2022 audit refresh's focal areas (infection prevention & "
            "control, AI solutions, net zero & maritime) and tag assets with them.",
        )

    @transaction.atomic
    def handle(self, *args, demo=False, refresh_areas=False, **options):
        self.changed = 0
        self.curator_edits = {}  # asset slug -> fields a curator changed (kept)
        self.left_alone = []  # assets edited by a curator before seeded values were kept
        refresh_slugs = [slug for slug, _name, _summary in data.REFRESH_FOCAL_AREAS]
        self.refresh = refresh_areas or FocalArea.objects.filter(slug__in=refresh_slugs).exists()
        areas = data.FOCAL_AREAS + (data.REFRESH_FOCAL_AREAS if self.refresh else [])
        self.focal = {
            slug: self._upsert(FocalArea, slug, {"name": name, "summary": summary, "order": order})
            for order, (slug, name, summary) in enumerate(areas)
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
            # Apps above this one (brokerage, insights) add their demo data from their AppConfig.
            for config in apps.get_app_configs():
                if hasattr(config, "seed_demo"):
                    config.seed_demo(stdout=self.stdout)

        self.stdout.write(
            self.style.SUCCESS(
                f"LCR+ dataset loaded: {len(organisations)} organisations, "
                f"{len(assets)} assets{', demo data' if demo else ''}"
                f"{', 2022 refresh focal areas' if self.refresh else ''}; "
                f"{self.changed} record(s) created or changed."
            )
        )
        for slug, fields in sorted(self.curator_edits.items()):
            self.stdout.write(f"Kept a curator's edits to {slug}: {', '.join(fields)}.")
        for slug in self.left_alone:
            self.stdout.write(
                f"Left {slug} alone: a curator edited it before this command kept its "
                "seeded values. Compare it with portal/lcr_dataset.py by hand."
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

    # Asset fields the dataset manages, compared as JSON-ready values.
    ASSET_FIELDS = [
        "name", "kind", "host", "parent", "summary", "description", "eligibility",
        "price_basis", "first_step", "lead_time", "contact_route", "end_date",
        "manufacturer", "training_required", "address", "town", "postcode", "latitude",
        "longitude", "website", "source_url", "status", "operating_status",
        "last_verified", "featured", "focal_areas", "access_models", "capabilities",
    ]  # fmt: skip
    ASSET_M2M = {"focal_areas", "access_models", "capabilities"}

    def _asset_values(self, record, organisations, assets):
        """The record as model values (m2m as lists of related objects)."""
        focal = record["focal_areas"] + (
            record.get("refresh_focal_areas", []) if self.refresh else []
        )
        end_date = record.get("end_date")
        return {
            "name": record["name"],
            "kind": record["kind"],
            "host": organisations[record["host"]],
            "parent": assets[record["parent"]] if record.get("parent") else None,
            "summary": record["summary"],
            "description": record.get("description", ""),
            "eligibility": record["eligibility"],
            "price_basis": record["price_basis"],
            "first_step": record["first_step"],
            "lead_time": record.get("lead_time", ""),
            "contact_route": record.get("contact_route", ""),
            "end_date": date.fromisoformat(end_date) if end_date else None,
            "manufacturer": record.get("manufacturer", ""),
            "training_required": record.get("training_required", False),
            "address": record.get("address", ""),
            "town": record["town"],
            "postcode": record.get("postcode", ""),
            "latitude": Decimal(record["latitude"]),
            "longitude": Decimal(record["longitude"]),
            "website": record.get("website", ""),
            "source_url": record["source_url"],
            "status": record.get("status", Asset.Status.PUBLISHED),
            "operating_status": record.get("operating_status", Asset.OperatingStatus.OPEN),
            "last_verified": date.fromisoformat(record.get("last_verified", data.VERIFIED)),
            "featured": record.get("featured", False),
            "focal_areas": [self.focal[s] for s in focal],
            "access_models": [self.access[s] for s in record["access_models"]],
            "capabilities": self._keywords(record["capabilities"]),
        }

    @staticmethod
    def _plain(value):
        """A value as stored in ``seeded_values``: JSON-ready and comparable."""
        if isinstance(value, list | tuple | set):
            return sorted(item.slug for item in value)
        if hasattr(value, "slug"):
            return value.slug
        if isinstance(value, Decimal):
            return str(value.quantize(Decimal("0.000001")))
        if isinstance(value, date):
            return value.isoformat()
        return value

    def _current(self, asset, field):
        if field in self.ASSET_M2M:
            return self._plain(list(getattr(asset, field).all()))
        return self._plain(getattr(asset, field))

    def _edited_in_admin(self, asset):
        """Whether a curator saved this asset's form in the admin (not a bulk action)."""
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Asset),
            object_id=str(asset.pk),
            action_flag=CHANGE,
        ).values_list("change_message", flat=True)
        for message in entries:
            try:
                if any("changed" in part for part in json.loads(message)):
                    return True
            except (ValueError, TypeError):
                continue
        return False

    def _load_asset(self, record, organisations, assets):
        slug = record["slug"]
        values = self._asset_values(record, organisations, assets)
        plain = {field: self._plain(values[field]) for field in self.ASSET_FIELDS}
        if problem := location_problem(values["latitude"], values["longitude"], values["postcode"]):
            self.stderr.write(f"Check the coordinates of {slug}: {problem}.")

        asset = Asset.objects.filter(slug=slug).select_related("host", "parent").first()
        if asset is None:
            scalars = {f: v for f, v in values.items() if f not in self.ASSET_M2M}
            asset = Asset(slug=slug, seeded_values=plain, **scalars)
            asset.save()
            for field in self.ASSET_M2M:
                getattr(asset, field).set(values[field])
            self.changed += 1
            return asset

        baseline = asset.seeded_values or {}
        if not baseline and self._edited_in_admin(asset):
            self.left_alone.append(slug)
            return asset
        seeded, edited, dirty = dict(baseline), [], []
        for field in self.ASSET_FIELDS:
            current = self._current(asset, field)
            if field in baseline and current != baseline[field]:
                edited.append(field)  # a curator changed it since the last run: keep
                continue
            seeded[field] = plain[field]
            if current == plain[field]:
                continue
            if field in self.ASSET_M2M:
                getattr(asset, field).set(values[field])
            else:
                setattr(asset, field, values[field])
            dirty.append(field)
        if edited:
            self.curator_edits[slug] = edited
        if dirty or seeded != baseline:
            asset.seeded_values = seeded
            asset.save()
            self.changed += 1
        return asset

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
