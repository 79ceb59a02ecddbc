"""The load benchmark's dataset, run inside the production configuration (bench/load.py).

``python -m bench.load_data`` with the production environment: after ``seed_lcr --demo``
adds generated organisations, opportunities, events and assets, a signed-in member of
the demo organisation whose opportunity has matches, and prints (as JSON) the pages to
load and the member's session cookie.
"""

import json
import os
import sys
from datetime import timedelta

os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Organisation, User  # noqa: E402
from assets.models import Asset  # noqa: E402
from matching.models import Match  # noqa: E402
from opportunities.models import Opportunity  # noqa: E402
from portal.models import FocalArea  # noqa: E402

ORGANISATIONS = 2_000
OPPORTUNITIES = 5_000
ASSETS = 500
TOWNS = ["Liverpool", "Halton", "Wirral", "St Helens", "Knowsley", "Sefton"]
WORDS = ["laser", "polymer", "genomics", "robotics", "sensor", "coating", "turbine", "vaccine"]


def generate():
    now = timezone.now()
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Load test business {i}",
                slug=f"load-test-business-{i}",
                kind=Organisation.Kind.SME,
                description=f"A generated business working on {WORDS[i % len(WORDS)]}s.",
                town=TOWNS[i % len(TOWNS)],
            )
            for i in range(ORGANISATIONS)
        ],
        batch_size=1000,
    )
    organisations = list(
        Organisation.objects.filter(slug__startswith="load-test-").values_list("pk", flat=True)
    )
    Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Generated {WORDS[i % len(WORDS)]} opportunity {i}",
                slug=f"load-test-opportunity-{i}",
                kind=Opportunity.Kind.EVENT if i % 5 == 0 else Opportunity.Kind.PARTNER_SEARCH,
                organisation_id=organisations[i % len(organisations)],
                summary="A generated opportunity for the load benchmark.",
                status=Opportunity.Status.PUBLISHED,
                published_at=now - timedelta(minutes=i),
                deadline=None if i % 5 == 0 else now + timedelta(days=30 + i % 90),
                starts_at=now + timedelta(days=1 + i % 60) if i % 5 == 0 else None,
                ends_at=now + timedelta(days=1 + i % 60, hours=3) if i % 5 == 0 else None,
                location="Liverpool" if i % 5 == 0 else "",
            )
            for i in range(OPPORTUNITIES)
        ],
        batch_size=1000,
    )
    host = Organisation.objects.get(slug="load-test-business-0")
    Asset.objects.bulk_create(
        [
            Asset(
                name=f"Generated {WORDS[i % len(WORDS)]} lab {i}",
                slug=f"load-test-lab-{i}",
                kind=Asset.Kind.FACILITY,
                host=host,
                summary=f"A generated {WORDS[(i * 7) % len(WORDS)]} facility.",
                description="Generated for the load benchmark.",
                town=TOWNS[i % len(TOWNS)],
                status=Asset.Status.PUBLISHED,
            )
            for i in range(ASSETS)
        ],
        batch_size=1000,
    )
    areas = list(FocalArea.objects.values_list("pk", flat=True))
    through = Opportunity.focal_areas.through
    through.objects.bulk_create(
        [
            through(opportunity_id=pk, focalarea_id=areas[pk % len(areas)])
            for pk in Opportunity.objects.filter(slug__startswith="load-test-").values_list(
                "pk", flat=True
            )
        ],
        batch_size=5000,
    )


def member_session(opportunity):
    """A signed-in member of the organisation that posted ``opportunity``: its cookie."""
    user = User.objects.create_user(email="load-member@example.org", password=None)
    user.name = "Load Member"
    user.save()
    Membership.objects.create(
        user=user, organisation=opportunity.organisation, role=Membership.Role.OWNER
    )
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def main():
    generate()
    with connection.cursor() as cursor:  # as autovacuum would, after a bulk load
        cursor.execute("ANALYZE")
    matched = (
        Opportunity.objects.filter(
            pk__in=Match.objects.filter(target_type=Match.TargetType.ORGANISATION).values(
                "opportunity"
            )
        )
        .published()
        .order_by("pk")
        .first()
    )
    if matched is None:
        sys.exit("seed_lcr --demo left no opportunity with matches")
    asset = Asset.objects.published().get(slug="materials-innovation-factory")
    opportunity = Opportunity.objects.filter(slug__startswith="load-test-").order_by("pk").first()
    print(
        json.dumps(
            {
                "asset": asset.get_absolute_url(),
                "opportunity": opportunity.get_absolute_url(),
                "matched_opportunity": matched.get_absolute_url(),
                "session": member_session(matched),
                "counts": {
                    "organisations": Organisation.objects.count(),
                    "opportunities": Opportunity.objects.count(),
                    "assets": Asset.objects.count(),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
