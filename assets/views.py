from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Organisation
from assets import opendata, services
from assets.filters import SORTS, AssetFilterSet
from assets.forms import ChangeSuggestionForm, EnquiryForm
from assets.models import Asset, Enquiry
from assets.services import EnquiryRateLimited, enquiry_send
from portal import pagecache
from portal.csvfiles import csv_response
from portal.pagecache import CountedPaginator
from portal.querystrings import clean_query_string
from portal.search import search_made

PAGE_SIZE = 20
MAP_LIMIT = 1000


def _host_url(organisation, user):
    """The host's profile for a map marker; None when the viewer cannot open it."""
    return organisation.get_absolute_url() if organisation.is_visible_to(user) else None


def _browse(request, template, mode):
    """The list and the map share the filters; htmx requests get just the swapped part."""
    filterset = AssetFilterSet(request.GET, queryset=Asset.objects.published())
    results = filterset.results()
    context = {
        "filterset": filterset,
        "facets": filterset.facets(),
        "problems": filterset.problems(),
        "sorts": SORTS,
        "sort_key": filterset.sort_key,
        "mode": mode,
    }
    if mode == "map":
        markers = list(
            results.filter(latitude__isnull=False, longitude__isnull=False)
            .select_related("host")
            .values(
                "name",
                "slug",
                "town",
                "latitude",
                "longitude",
                "kind",
                "host__name",
                "host__slug",
                "host__visibility",
            )[:MAP_LIMIT]
        )
        kinds = dict(Asset.Kind.choices)
        context["markers"] = [
            {
                "name": m["name"],
                "url": Asset(slug=m["slug"]).get_absolute_url(),
                "town": m["town"],
                "kind": kinds.get(m["kind"], ""),
                "host": m["host__name"],
                "host_url": _host_url(
                    Organisation(slug=m["host__slug"], visibility=m["host__visibility"]),
                    request.user,
                ),
                "lat": float(m["latitude"]),
                "lng": float(m["longitude"]),
            }
            for m in markers
        ]
        context["map_limited"] = len(markers) == MAP_LIMIT
    else:
        results = results.for_lists().prefetch_related("focal_areas", "access_models")
        paginator = CountedPaginator(results, PAGE_SIZE, count=filterset.result_count())
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        search_made(
            area="assets", params=request.GET, result_count=context["page_obj"].paginator.count
        )
    context["map_tile_url"] = settings.MAP_TILE_URL
    context["map_attribution"] = settings.MAP_TILE_ATTRIBUTION
    if request.htmx and not request.htmx.history_restore_request:
        template = "assets/_browse.html"
        context["partial"] = True
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@clean_query_string
def asset_list(request):
    return _browse(request, "assets/asset_list.html", mode="list")


@require_GET
@clean_query_string
def asset_map(request):
    return _browse(request, "assets/asset_map.html", mode="map")


SIMILAR_ON_GONE_PAGE = 6


def asset_gone(request, asset):
    """An archived asset: 410 Gone with where to look instead (drafts stay a 404)."""
    similar = (
        Asset.objects.published()
        .similar_to(asset)
        .select_related("host")
        .prefetch_related("focal_areas")[:SIMILAR_ON_GONE_PAGE]
    )
    context = {"asset": asset, "similar": similar}
    return render(request, "assets/asset_gone.html", context, status=410)


def asset_detail(request, slug, enquiry_form=None):
    # Focal areas, capabilities and access models are read by the page's fragments
    # (below) when they are rendered, not on every request.
    asset = Asset.objects.filter(slug=slug).select_related("host", "parent").first()
    if asset is None or not asset.is_visible_to(request.user):
        if asset is not None and asset.status == Asset.Status.ARCHIVED:
            return asset_gone(request, asset)
        raise Http404("No asset here.")
    if enquiry_form is None and request.user.is_authenticated:
        enquiry_form = EnquiryForm(user=request.user)
    base_url = request.build_absolute_uri("/").rstrip("/")
    parent = asset.parent
    context = {
        "asset": asset,
        # A draft or archived parent is named to curators only.
        "parent": parent if parent and parent.is_visible_to(request.user) else None,
        "children": asset.children.published().order_by("name"),
        "other_assets": asset.host.assets.published().exclude(pk=asset.pk).order_by("name")[:10],
        # Called by the template only when its fragment is not in the cache.
        "json_ld": partial(opendata.asset_json_ld, asset, base_url),
        "base_url": base_url,
        # The description, facts, lists and JSON-LD are the same for everyone who may open
        # the page: kept as fragments under the page cache's generations.
        "fragments": pagecache.Fragments(*pagecache.CACHED_PAGES["asset_detail"]),
        "enquiry_form": enquiry_form,
        "my_enquiries": Enquiry.objects.visible_to(request.user).filter(asset=asset)[:5],
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    if asset.has_location:
        context["markers"] = [
            {
                "name": asset.name,
                "url": asset.get_absolute_url(),
                "town": asset.town,
                "kind": asset.get_kind_display(),
                "host": asset.host.name,
                "host_url": _host_url(asset.host, request.user),
                "lat": float(asset.latitude),
                "lng": float(asset.longitude),
            }
        ]
    return render(request, "assets/asset_detail.html", context)


@require_POST
@login_required
def asset_enquire(request, slug):
    asset = get_object_or_404(Asset.objects.published(), slug=slug)
    form = EnquiryForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            enquiry_send(
                user=request.user,
                asset=asset,
                organisation=form.cleaned_data["organisation"],
                need=form.cleaned_data["need"],
                timescale=form.cleaned_data["timescale"],
            )
        except EnquiryRateLimited as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Your enquiry about {asset.name} has been sent. "
                "We have emailed you a copy; replies come straight to your inbox.",
            )
            return redirect(asset)
    response = asset_detail(request, slug, enquiry_form=form)
    response.status_code = 429 if form.non_field_errors() else 400
    return response


@login_required
def enquiry_list(request):
    enquiries = Enquiry.objects.visible_to(request.user).select_related("asset", "organisation")
    page = Paginator(enquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assets/enquiry_list.html", {"page_obj": page})


# --- Enquiries a facility received: the host marks them answered -----------------------


@login_required
def enquiries_received(request):
    """Enquiries about the assets of the user's organisations, newest first."""
    enquiries = Enquiry.objects.received_by(request.user).select_related(
        "asset", "user", "organisation"
    )
    page = Paginator(enquiries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assets/enquiries_received.html", {"page_obj": page})


@require_POST
@login_required
def enquiry_answered(request, pk):
    """A host's member marks an enquiry answered; other people's enquiries answer 404."""
    enquiry = get_object_or_404(Enquiry.objects.received_by(request.user), pk=pk)
    services.enquiry_mark_answered(enquiry=enquiry)
    messages.success(request, f"The enquiry about {enquiry.asset.name} is marked answered.")
    page = request.POST.get("page", "")
    return redirect(reverse("enquiries_received") + (f"?page={page}" if page.isdigit() else ""))


def enquiry_answered_link(request, token):
    """The "I have replied" link in the enquiry email: no account needed, as the recipient
    may be a shared facility address. A GET only shows the button; a POST records it."""
    try:
        enquiry = services.enquiry_from_answered_token(token)
    except services.EnquiryLinkProblem as problem:
        status = 410 if problem.reason == "expired" else 404
        return render(
            request,
            "assets/enquiry_answered_problem.html",
            {"reason": problem.reason, "portal_team": settings.ASSET_ENQUIRY_EMAIL},
            status=status,
        )
    if request.method == "POST":
        services.enquiry_mark_answered(enquiry=enquiry)
        return render(request, "assets/enquiry_answered_done.html", {"enquiry": enquiry})
    return render(request, "assets/enquiry_answered.html", {"enquiry": enquiry, "token": token})


# --- Open data ---------------------------------------------------------------------


@require_GET
def export_csv(request):
    base_url = request.build_absolute_uri("/").rstrip("/")
    return csv_response(
        filename="lcr-assets.csv",
        columns=opendata.COLUMNS,
        rows=(opendata.asset_row(asset, base_url) for asset in opendata.export_queryset()),
    )


@require_GET
def export_json(request):
    base_url = request.build_absolute_uri("/").rstrip("/")
    data = [opendata.asset_row(asset, base_url) for asset in opendata.export_queryset()]
    return JsonResponse(
        {"columns": opendata.COLUMNS, "assets": data},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


# --- A facility confirms its record (no account: the signed link is the key) ------------


def _confirmation_or_problem_page(request, token):
    try:
        return services.confirmation_from_token(token), None
    except services.ConfirmationLinkProblem as problem:
        status = {"invalid": 404, "expired": 410, "answered": 410}[problem.reason]
        page = render(
            request,
            "assets/confirm_problem.html",
            {
                "reason": problem.reason,
                "confirmation": problem.confirmation,
                "portal_team": settings.ASSET_ENQUIRY_EMAIL,
            },
            status=status,
        )
        return None, page


def asset_confirm(request, token):
    """The record as the directory shows it, with "still correct" and "something has changed"."""
    confirmation, problem_page = _confirmation_or_problem_page(request, token)
    if problem_page:
        return problem_page
    if request.method == "POST":
        try:
            services.confirmation_answer_correct(confirmation=confirmation)
        except services.ConfirmationLinkProblem:  # answered in another tab a moment ago
            return redirect("asset_confirm", token=token)
        return render(request, "assets/confirm_done.html", {"asset": confirmation.asset})
    asset = (
        Asset.objects.select_related("host")
        .prefetch_related("access_models", "focal_areas")
        .get(pk=confirmation.asset_id)
    )
    return render(
        request,
        "assets/confirm.html",
        {"asset": asset, "confirmation": confirmation, "token": token},
    )


def asset_confirm_changes(request, token):
    """The short form for "something has changed": it reaches a curator to approve."""
    confirmation, problem_page = _confirmation_or_problem_page(request, token)
    if problem_page:
        return problem_page
    asset = confirmation.asset
    form = ChangeSuggestionForm(request.POST or None, asset=asset)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirmation_answer_changed(
                confirmation=confirmation, changes=form.changes(), note=form.cleaned_data["note"]
            )
        except services.ConfirmationLinkProblem:
            return redirect("asset_confirm", token=token)
        return render(request, "assets/confirm_done.html", {"asset": asset, "changed": True})
    return render(
        request, "assets/confirm_changes.html", {"asset": asset, "form": form, "token": token}
    )
