from django.core.management.base import BaseCommand

from matching import services as match_services
from matching.models import Match
from opportunities.models import Opportunity


class Command(BaseCommand):
    help = "Recompute every published opportunity's matches (and drop the others')."

    def handle(self, *args, **options):
        Match.objects.exclude(opportunity__status=Opportunity.Status.PUBLISHED).delete()
        opportunities = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
        total = 0
        for opportunity in opportunities.iterator():
            match_services.opportunity_match(opportunity=opportunity)
            total += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Matched {total} opportunities: {Match.objects.count()} matches stored."
            )
        )
