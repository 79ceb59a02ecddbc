from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from opportunities.models import Opportunity

PAGE_SIZE = 20


def opportunity_list(request):
    opportunities = (
        Opportunity.objects.published()
        .select_related("organisation")
        .prefetch_related("focal_areas")
    )
    page = Paginator(opportunities, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "opportunities/opportunity_list.html", {"page_obj": page})


def opportunity_detail(request, slug):
    opportunity = get_object_or_404(
        Opportunity.objects.published().select_related("organisation"), slug=slug
    )
    return render(request, "opportunities/opportunity_detail.html", {"opportunity": opportunity})


def event_list(request):
    upcoming = Opportunity.objects.upcoming_events().select_related("organisation")
    past = (
        Opportunity.objects.published()
        .filter(kind=Opportunity.Kind.EVENT, ends_at__lt=timezone.now())
        .select_related("organisation")
        .order_by("-starts_at")[:10]
    )
    page = Paginator(upcoming, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "opportunities/event_list.html", {"page_obj": page, "past": past})
