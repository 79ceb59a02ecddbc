from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from assets.models import Asset

PAGE_SIZE = 20


def asset_list(request):
    assets = (
        Asset.objects.visible_to(request.user)
        .select_related("host")
        .prefetch_related("focal_areas", "access_models")
    )
    page = Paginator(assets, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assets/asset_list.html", {"page_obj": page})


def asset_detail(request, slug):
    asset = get_object_or_404(
        Asset.objects.visible_to(request.user).select_related("host", "parent"), slug=slug
    )
    return render(
        request,
        "assets/asset_detail.html",
        {
            "asset": asset,
            "children": asset.children.published(),
            "other_assets": asset.host.assets.published().exclude(pk=asset.pk),
        },
    )
