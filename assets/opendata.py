"""Open data: CSV/JSON export with Uniquip-compatible columns, JSON-LD, CSV import.

Column names follow Uniquip (the UK equipment-sharing schema used by equipment.data.ac.uk)
where a field matches: Type, Name, Description, ID, Related Facility ID, Technique,
Location, Contact URL, Web Address, Photo, Manufacturer, Model. The rest are our own.
Several values in one cell are separated by ";". The enquiry address is never exported;
an import may set it through Uniquip's "Contact Email" column.
"""

import csv
from dataclasses import dataclass

from django import forms
from django.core.validators import validate_slug
from django.db import transaction

from accounts.models import Organisation
from assets.models import RESERVED_SLUGS, AccessModel, Asset
from portal.csvfiles import read_cell
from portal.models import FocalArea, Keyword

COLUMNS = [
    "ID",
    "Type",
    "Name",
    "Summary",
    "Description",
    "Related Facility ID",
    "Technique",
    "Organisation ID",
    "Organisation",
    "Focal Areas",
    "Access Models",
    "Eligibility",
    "Manufacturer",
    "Model",
    "Training Required",
    "Location",
    "Town",
    "Postcode",
    "Latitude",
    "Longitude",
    "Web Address",
    "Contact URL",
    "Photo",
    "Last Verified",
]
# Read on import but never written by the export.
IMPORT_ONLY = ["Contact Email"]
REQUIRED = ["Type", "Name", "Summary", "Organisation ID"]
SEPARATOR = ";"


def export_queryset():
    return (
        Asset.objects.published()
        .select_related("host", "parent")
        .prefetch_related("focal_areas", "access_models", "capabilities")
        .order_by("name")
    )


def asset_row(asset, base_url):
    """One asset as a dict of export columns."""

    def joined(items):
        return f"{SEPARATOR} ".join(items)

    return {
        "ID": asset.slug,
        "Type": asset.kind,
        "Name": asset.name,
        "Summary": asset.summary,
        "Description": asset.description,
        "Related Facility ID": asset.published_parent.slug if asset.published_parent else "",
        "Technique": joined(k.name for k in asset.capabilities.all()),
        "Organisation ID": asset.host.slug,
        "Organisation": asset.host.name,
        "Focal Areas": joined(a.slug for a in asset.focal_areas.all()),
        "Access Models": joined(m.slug for m in asset.access_models.all()),
        "Eligibility": asset.eligibility,
        "Manufacturer": asset.manufacturer,
        "Model": asset.model_number,
        "Training Required": "yes" if asset.training_required else "no",
        "Location": asset.address,
        "Town": asset.town,
        "Postcode": asset.postcode,
        "Latitude": "" if asset.latitude is None else str(asset.latitude),
        "Longitude": "" if asset.longitude is None else str(asset.longitude),
        "Web Address": asset.website,
        "Contact URL": base_url + asset.get_absolute_url(),
        "Photo": base_url + asset.image.url if asset.image else "",
        "Last Verified": asset.last_verified.isoformat() if asset.last_verified else "",
    }


def organisation_json_ld(organisation, base_url):
    """schema.org Organization for a host. A members-only organisation is named, but
    neither its profile (404 to the public) nor its details are published."""
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.is_public:
        data["@id"] = base_url + organisation.get_absolute_url()
        data["url"] = organisation.website or data["@id"]
    return data


PLACE_KINDS = {Asset.Kind.FACILITY, Asset.Kind.EQUIPMENT, Asset.Kind.CENTRE}


def asset_json_ld(asset, base_url):
    """schema.org description of an asset: a Place (facilities) or a Service."""
    url = base_url + asset.get_absolute_url()
    address = {
        "@type": "PostalAddress",
        "streetAddress": asset.address,
        "addressLocality": asset.town,
        "postalCode": asset.postcode,
        "addressCountry": "GB",
    }
    address = {key: value for key, value in address.items() if value}
    host = organisation_json_ld(asset.host, base_url)
    data = {
        "@context": "https://schema.org",
        "@type": "Place" if asset.kind in PLACE_KINDS else "Service",
        "@id": url,
        "url": url,
        "name": asset.name,
        "description": asset.summary,
    }
    if asset.website:
        data["sameAs"] = asset.website
    if asset.image:
        data["image"] = base_url + asset.image.url
    place = {"address": address}
    if asset.has_location:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(asset.latitude),
            "longitude": float(asset.longitude),
        }
    if data["@type"] == "Place":
        data.update(place)
        data["keywords"] = ", ".join(k.name for k in asset.capabilities.all())
        if parent := asset.published_parent:
            data["containedInPlace"] = {
                "@type": "Place",
                "name": parent.name,
                "url": base_url + parent.get_absolute_url(),
            }
    else:
        data["serviceType"] = asset.get_kind_display()
        data["provider"] = host
        data["areaServed"] = {"@type": "Place", **place}
    return data


# --- Import -------------------------------------------------------------------


class AssetImportError(Exception):
    """The file has errors; nothing was saved. ``errors`` lists them by row."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ImportResult:
    created: int
    updated: int


class AssetImportForm(forms.ModelForm):
    """Validates the plain fields of one row (no writes)."""

    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Asset
        fields = [
            "name",
            "kind",
            "summary",
            "description",
            "eligibility",
            "manufacturer",
            "model_number",
            "training_required",
            "address",
            "town",
            "postcode",
            "latitude",
            "longitude",
            "website",
            "enquiry_email",
            "last_verified",
        ]


FORM_COLUMNS = {
    "name": "Name",
    "kind": "Type",
    "summary": "Summary",
    "description": "Description",
    "eligibility": "Eligibility",
    "manufacturer": "Manufacturer",
    "model_number": "Model",
    "training_required": "Training Required",
    "address": "Location",
    "town": "Town",
    "postcode": "Postcode",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "website": "Web Address",
    "enquiry_email": "Contact Email",
    "last_verified": "Last Verified",
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def split(cell):
    return [part.strip() for part in (cell or "").split(SEPARATOR) if part.strip()]


def assets_import_csv(*, file, publish=False):
    """Create or update assets from a CSV file with the export's columns.

    Every row is validated first; any error raises AssetImportError listing all of them
    by row number (the header is row 1) and nothing is saved. Rows are matched to
    existing assets by ID. New assets are drafts unless ``publish``.
    """
    reader = csv.DictReader(file)
    headers = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = headers
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise AssetImportError([f"Row 1: missing column(s): {', '.join(missing)}"])
    unknown = [h for h in headers if h not in COLUMNS and h not in IMPORT_ONLY]
    if unknown:
        raise AssetImportError([f"Row 1: unknown column(s): {', '.join(unknown)}"])

    rows = [(number, row) for number, row in enumerate(reader, start=2) if any(row.values())]
    organisations = {o.slug: o for o in Organisation.objects.all()}
    focal_areas = {a.slug: a for a in FocalArea.objects.all()}
    access_models = {m.slug: m for m in AccessModel.objects.all()}
    existing = {a.slug: a for a in Asset.objects.all()}
    file_ids = {(row.get("ID") or "").strip() for _, row in rows} - {""}

    errors, plans, seen = [], [], set()
    for number, row in rows:
        row = {key: read_cell((value or "").strip()) for key, value in row.items() if key}
        problems = []
        slug = row.get("ID", "")
        if slug:
            try:
                validate_slug(slug)
            except forms.ValidationError:
                problems.append(f"ID “{slug}” may only use letters, numbers, - and _")
            if slug in RESERVED_SLUGS:
                problems.append(f"ID “{slug}” is reserved")
            if slug in seen:
                problems.append(f"ID “{slug}” appears more than once")
            seen.add(slug)

        training = row.get("Training Required", "").lower()
        if training not in YES | NO:
            problems.append("Training Required: use yes or no")
        data = {field: row.get(column, "") for field, column in FORM_COLUMNS.items()}
        data["training_required"] = training in YES
        form = AssetImportForm(data, instance=existing.get(slug))
        if not form.is_valid():
            for field, field_errors in form.errors.items():
                problems.extend(f"{FORM_COLUMNS[field]}: {error}" for error in field_errors)

        host = organisations.get(row.get("Organisation ID", ""))
        if host is None and row.get("Organisation ID"):
            problems.append(f"Organisation ID: no organisation “{row['Organisation ID']}”")
        parent = row.get("Related Facility ID", "")
        if parent and parent not in existing and parent not in file_ids:
            problems.append(f"Related Facility ID: no asset “{parent}”")
        if parent and parent == slug:
            problems.append("Related Facility ID: an asset cannot be part of itself")
        for column, known in (("Focal Areas", focal_areas), ("Access Models", access_models)):
            for value in split(row.get(column)):
                if value not in known:
                    problems.append(f"{column}: unknown “{value}”")

        if problems:
            errors.extend(f"Row {number}: {problem}" for problem in problems)
        else:
            plans.append((slug, form, host, parent, row))

    if errors:
        raise AssetImportError(errors)

    created = updated = 0
    with transaction.atomic():
        saved = {}
        for slug, form, host, _parent, row in plans:
            asset = form.save(commit=False)
            is_new = asset.pk is None
            asset.host = host
            if slug:
                asset.slug = slug
            if publish:
                asset.status = Asset.Status.PUBLISHED
            asset.save()
            asset.focal_areas.set([focal_areas[s] for s in split(row.get("Focal Areas"))])
            asset.access_models.set([access_models[s] for s in split(row.get("Access Models"))])
            asset.capabilities.set(Keyword.objects.from_text(row.get("Technique", "")))
            saved[asset.slug] = asset
            created += is_new
            updated += not is_new
        for _slug, form, _host, parent, _row in plans:
            asset = form.instance
            target = (saved.get(parent) or existing.get(parent)) if parent else None
            if asset.parent_id != (target.pk if target else None):
                asset.parent = target
                asset.save(update_fields=["parent"])
    return ImportResult(created=created, updated=updated)
