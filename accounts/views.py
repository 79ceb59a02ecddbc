from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.models import Organisation

PAGE_SIZE = 20


def organisation_list(request):
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("sector")
        .prefetch_related("focal_areas")
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page_obj": page})


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("sector"), slug=slug
    )
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "assets": organisation.assets.published(),
        },
    )
