"""Open data: CSV/JSON export with Uniquip-compatible columns, JSON-LD, CSV import.

Column names follow Uniquip (the UK equipment-sharing schema used by equipment.data.ac.uk)
where a field matches: Type, Name, Description, ID, Related Facility ID, Technique,
Location, Contact URL, Web Address, Photo, Manufacturer, Model. The rest are our own.
Several values in one cell are separated by ";".

The public export (``/assets/export.csv``) never carries the enquiry address and names only
published parents. Curators get a fuller export in the admin (every status, every parent,
and Uniquip's "Contact Email" column), made to be edited and imported again: exporting it
and importing it unchanged changes nothing.
"""

import csv
import re
from dataclasses import dataclass, field

from django import forms
from django.core.validators import validate_slug
from django.db import transaction

from accounts.models import Organisation
from assets import services
from assets.models import RESERVED_SLUGS, AccessModel, Asset, AssetChange
from portal.csvfiles import read_cell
from portal.images import image_absolute_url
from portal.models import FocalArea, Keyword, normalise_keyword

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
    "Source URL",
    "Operating Status",
    "Price Basis",
    "First Step",
    "Lead Time",
    "Contact Route",
    "End Date",
]
# Written only by the curators' export (never public); read on import.
CURATOR_ONLY = ["Contact Email"]
CURATOR_COLUMNS = COLUMNS + CURATOR_ONLY
REQUIRED = ["Type", "Name", "Summary", "Organisation ID"]
SEPARATOR = ";"


def export_queryset():
    return (
        Asset.objects.published()
        .select_related("host", "parent")
        .prefetch_related("focal_areas", "access_models", "capabilities")
        .order_by("name")
    )


def curator_export_queryset():
    """Every asset, whatever its status: what a curator edits and imports back."""
    return (
        Asset.objects.select_related("host", "parent")
        .prefetch_related("focal_areas", "access_models", "capabilities")
        .order_by("name")
    )


def asset_row(asset, base_url, *, for_curators=False):
    """One asset as a dict of export columns.

    ``for_curators`` adds the enquiry address and names the parent whatever its status,
    so the file can be imported back without losing either.
    """
    if for_curators:
        parent = asset.parent
    else:
        parent = asset.published_parent

    def joined(items):
        return f"{SEPARATOR} ".join(items)

    row = {
        "ID": asset.slug,
        "Type": asset.kind,
        "Name": asset.name,
        "Summary": asset.summary,
        "Description": asset.description,
        "Related Facility ID": parent.slug if parent else "",
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
        "Photo": image_absolute_url(asset.image, base_url) if asset.image else "",
        "Last Verified": asset.last_verified.isoformat() if asset.last_verified else "",
        "Source URL": asset.source_url,
        "Operating Status": asset.operating_status,
        "Price Basis": asset.price_basis,
        "First Step": asset.first_step,
        "Lead Time": asset.lead_time,
        "Contact Route": asset.contact_route,
        "End Date": asset.end_date.isoformat() if asset.end_date else "",
    }
    if for_curators:
        row["Contact Email"] = asset.enquiry_email
    return row


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
        data["image"] = image_absolute_url(asset.image, base_url)
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
class RowPlan:
    """What importing one row does: create, update (with each change) or nothing."""

    number: int
    action: str  # "create", "update" or "unchanged"
    name: str
    slug: str
    changes: list = field(default_factory=list)  # (column, old, new) as text
    warnings: list = field(default_factory=list)

    def as_lines(self):
        label = self.slug or "new"
        lines = [f"Row {self.number} ({label}): {self.action} {self.name}"]
        lines += [
            f"  {column}: {old or '(empty)'} -> {new or '(empty)'}"
            for column, old, new in self.changes
        ]
        lines += [f"  Warning: {warning}" for warning in self.warnings]
        return lines


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int = 0
    rows: list = field(default_factory=list)
    saved: bool = True

    def summary(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


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
            "source_url",
            "operating_status",
            "price_basis",
            "first_step",
            "lead_time",
            "contact_route",
            "end_date",
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
    "source_url": "Source URL",
    "operating_status": "Operating Status",
    "price_basis": "Price Basis",
    "first_step": "First Step",
    "lead_time": "Lead Time",
    "contact_route": "Contact Route",
    "end_date": "End Date",
}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


def split(cell):
    return [part.strip() for part in (cell or "").split(SEPARATOR) if part.strip()]


def _text(value):
    """A value as the preview shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | set | tuple):
        return "; ".join(sorted(value))
    return str(value)


def _keyword_names(cell):
    names = []
    for part in re.split(r"[,;\n]", cell or ""):
        name = normalise_keyword(part)
        if name and name not in names:
            names.append(name)
    return set(names)


def assets_import_csv(*, file, publish=False, clear_empty=False, dry_run=False, by=None):
    """Create or update assets from a CSV file with the export's columns.

    Rows are matched to existing assets by ID; a row without an ID (or with a new one)
    creates an asset, a draft unless ``publish``. For an existing asset, a column absent
    from the file leaves its field as it is, and so does an empty cell, unless
    ``clear_empty``, when an empty cell empties the field.

    Every row is checked first; any error raises AssetImportError listing all of them by
    row number (the header is row 1) and nothing is saved. The result lists, per row,
    what is created or changed (column: old -> new); with ``dry_run`` nothing is saved.
    A row that changes nothing is not saved at all (its "updated" time stays).
    """
    reader = csv.DictReader(file)
    headers = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = headers
    if "ID" not in headers:
        missing = [column for column in REQUIRED if column not in headers]
        if missing:
            raise AssetImportError([f"Row 1: missing column(s): {', '.join(missing)}"])
    unknown = [h for h in headers if h not in CURATOR_COLUMNS]
    if unknown:
        raise AssetImportError([f"Row 1: unknown column(s): {', '.join(unknown)}"])
    present = set(headers)

    rows = [(number, row) for number, row in enumerate(reader, start=2) if any(row.values())]
    organisations = {o.slug: o for o in Organisation.objects.all()}
    focal_areas = {a.slug: a for a in FocalArea.objects.all()}
    access_models = {m.slug: m for m in AccessModel.objects.all()}
    existing = {
        a.slug: a
        for a in Asset.objects.select_related("host", "parent").prefetch_related(
            "focal_areas", "access_models", "capabilities"
        )
    }
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
        asset = existing.get(slug)

        def given(column, asset=asset, row=row):
            """Whether the row sets this column: present, and filled in or cleared on purpose
            (for a new asset every present column counts: there is nothing to keep)."""
            return column in present and (row.get(column) or clear_empty or asset is None)

        before = {name: getattr(asset, name) for name in FORM_COLUMNS} if asset else {}
        data = {name: before.get(name, "") for name in FORM_COLUMNS}
        data["training_required"] = bool(before.get("training_required"))
        for name, column in FORM_COLUMNS.items():
            if name != "training_required" and given(column):
                data[name] = row.get(column, "")
        if given("Training Required"):
            training = row.get("Training Required", "").lower()
            if training not in YES | NO:
                problems.append("Training Required: use yes or no")
            data["training_required"] = training in YES
        if not data["operating_status"]:  # a new asset from a file without the column
            data["operating_status"] = Asset.OperatingStatus.OPEN
        form = AssetImportForm(data, instance=asset)
        if not form.is_valid():
            for name, field_errors in form.errors.items():
                problems.extend(f"{FORM_COLUMNS[name]}: {error}" for error in field_errors)

        host = asset.host if asset else None
        if given("Organisation ID"):
            host_slug = row.get("Organisation ID", "")
            host = organisations.get(host_slug)
            if not host_slug:
                problems.append("Organisation ID: every asset needs a host organisation")
            elif host is None:
                problems.append(f"Organisation ID: no organisation “{host_slug}”")
        elif asset is None:
            problems.append("Organisation ID: every asset needs a host organisation")

        parent = asset.parent.slug if asset and asset.parent else ""
        if given("Related Facility ID"):
            parent = row.get("Related Facility ID", "")
            if parent and parent not in existing and parent not in file_ids:
                problems.append(f"Related Facility ID: no asset “{parent}”")
            if parent and parent == slug:
                problems.append("Related Facility ID: an asset cannot be part of itself")

        related = {}  # column -> new set of slugs/names, only for columns the row sets
        for column, known in (("Focal Areas", focal_areas), ("Access Models", access_models)):
            if given(column):
                values = split(row.get(column))
                problems.extend(f"{column}: unknown “{v}”" for v in values if v not in known)
                related[column] = set(values)
        if given("Technique"):
            related["Technique"] = _keyword_names(row.get("Technique"))

        if problems:
            errors.extend(f"Row {number}: {problem}" for problem in problems)
            continue

        changes = []
        for name, column in FORM_COLUMNS.items():
            old, new = before.get(name), form.cleaned_data[name]
            if asset is None:
                old = None
            if asset is None and new in (None, "", False):
                continue
            if old != new:
                changes.append((column, _text(old), _text(new)))
        old_host = asset.host.slug if asset else ""
        if host.slug != old_host:
            changes.append(("Organisation ID", old_host, host.slug))
        old_parent = asset.parent.slug if asset and asset.parent else ""
        if parent != old_parent:
            changes.append(("Related Facility ID", old_parent, parent))
        current = {
            "Focal Areas": {a.slug for a in asset.focal_areas.all()} if asset else set(),
            "Access Models": {m.slug for m in asset.access_models.all()} if asset else set(),
            "Technique": {k.name for k in asset.capabilities.all()} if asset else set(),
        }
        for column, new in related.items():
            if new != current[column]:
                changes.append((column, _text(current[column]), _text(new)))
        status = Asset.Status.PUBLISHED if publish else (asset.status if asset else "draft")
        if asset and status != asset.status:
            changes.append(("Status", asset.status, status))

        action = "create" if asset is None else ("update" if changes else "unchanged")
        plan = RowPlan(
            number=number,
            action=action,
            name=form.cleaned_data["name"],
            slug=slug,
            changes=changes,
            warnings=services.asset_location_warnings(asset=form.instance)
            if {"Latitude", "Longitude", "Postcode"} & {column for column, _, _ in changes}
            else [],
        )
        plans.append((plan, form, host, parent, related, status))

    if errors:
        raise AssetImportError(errors)

    result = ImportResult(created=0, updated=0, saved=not dry_run)
    for plan, *_ in plans:
        result.rows.append(plan)
        result.created += plan.action == "create"
        result.updated += plan.action == "update"
        result.unchanged += plan.action == "unchanged"
    if dry_run:
        return result

    with transaction.atomic():
        saved = {}
        # Each asset's values before the file changed them, for its history (the forms have
        # already set the new values on the instances, so read them back from the database).
        before = {
            asset.pk: services.asset_values(asset)
            for asset in Asset.objects.filter(
                pk__in=[form.instance.pk for plan, form, *_ in plans if plan.action == "update"]
            )
        }
        for plan, form, host, _parent, related, status in plans:
            if plan.action == "unchanged":
                continue
            asset = form.save(commit=False)
            asset.host = host
            asset.status = status
            if plan.slug:
                asset.slug = plan.slug
            asset.save()
            if "Focal Areas" in related:
                asset.focal_areas.set([focal_areas[s] for s in related["Focal Areas"]])
            if "Access Models" in related:
                asset.access_models.set([access_models[s] for s in related["Access Models"]])
            if "Technique" in related:
                asset.capabilities.set(Keyword.objects.from_text("; ".join(related["Technique"])))
            saved[asset.slug] = asset
        for _plan, form, _host, parent, _related, _status in plans:
            asset = form.instance
            if asset.pk is None:
                continue
            target = (saved.get(parent) or existing.get(parent)) if parent else None
            if asset.parent_id != (target.pk if target else None):
                asset.parent = target
                asset.save(update_fields=["parent"])
        for asset in saved.values():
            services.asset_history_record(
                asset=asset,
                before=before.get(asset.pk),
                after=services.asset_values(asset),
                by=by,
                actor="" if by else "import_assets command",
                via=AssetChange.Via.IMPORT,
            )
        services.assets_rematch(asset_ids=[asset.pk for asset in saved.values()])
    return result
