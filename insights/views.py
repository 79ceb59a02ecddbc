from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from insights.forms import PeriodForm
from insights.reports import curator_report, ecosystem_report
from portal.csvfiles import csv_response
from portal.permissions import CURATORS_GROUP


class NotCurator(Exception):
    pass


def check_curator(request):
    """Curators only: staff in the Curators group whose session passed two-factor sign-in.

    Everyone else gets a 404 (the page does not exist for them), except staff who are
    curators without an MFA session in this browser, who are told why (403).
    """
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if not (user.is_superuser or user.groups.filter(name=CURATORS_GROUP).exists()):
        raise Http404
    if not user.has_staff_powers:  # staff powers need a two-factor session
        raise NotCurator


def _forbidden(request):
    return render(request, "insights/mfa_needed.html", status=403)


@require_GET
def insights(request):
    try:
        check_curator(request)
    except NotCurator:
        return _forbidden(request)
    form = PeriodForm(request.GET)
    start, end = form.date_range()
    context = {"form": form, "start": start, "end": end, "query": request.GET.urlencode()}
    if form.is_valid():
        context.update(curator_report(start, end))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "insights/_report.html" if partial else "insights/insights.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def insights_csv(request, slug):
    try:
        check_curator(request)
    except NotCurator:
        return _forbidden(request)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise Http404
    start, end = form.date_range()
    chart = curator_report(start, end)["charts"].get(slug)
    if chart is None:
        raise Http404
    return chart_csv(chart, f"{slug}-{start}-{end}.csv")


@require_GET
def ecosystem(request):
    return render(request, "insights/ecosystem.html", ecosystem_report())


@require_GET
def ecosystem_csv(request, slug):
    chart = next((c for c in ecosystem_report()["charts"] if c.slug == slug), None)
    if chart is None:
        raise Http404
    return chart_csv(chart, f"ecosystem-{slug}.csv")


def chart_csv(chart, filename):
    """A chart's table as CSV, through the portal's one safe writer (search terms are typed
    by anyone); suppressed counts are written as "<3"."""
    return csv_response(
        filename=filename,
        columns=chart.header,
        rows=(
            dict(
                zip(chart.header, ["<3" if value is None else value for value in row], strict=True)
            )
            for row in chart.rows
        ),
    )
