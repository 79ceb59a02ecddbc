from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from matching import selectors, services
from matching.models import MatchFeedback


@require_POST
@login_required
def match_feedback(request, pk):
    """Record "useful" or "not relevant" on one of the member's own matches."""
    match = get_object_or_404(selectors.matches_for_member(request.user), pk=pk)
    verdict = request.POST.get("verdict")
    if verdict not in MatchFeedback.Verdict.values:
        return HttpResponseBadRequest("Choose useful or not relevant.")
    services.match_feedback_give(match=match, user=request.user, verdict=verdict)
    if verdict == MatchFeedback.Verdict.NOT_RELEVANT:
        messages.success(
            request, "Thanks: that suggestion is hidden and will help us tune matching."
        )
    else:
        messages.success(request, "Thanks: glad it was useful.")
    return redirect("dashboard")


def keyword_suggestions(request):
    """The options of the keyword field's suggestion list while someone types (htmx):
    each is what they typed with its last part completed by an existing keyword or a
    thesaurus phrase, so new opportunities use the directory's language."""
    text = request.GET.get("keywords", "")[:500]
    typed = text.rsplit(",", 1)[0] + ", " if "," in text else ""
    return render(
        request,
        "matching/_keyword_options.html",
        {"options": [typed + name for name in services.keyword_suggestions(text)]},
    )
