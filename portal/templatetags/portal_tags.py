from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from portal.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown as sanitised HTML."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters changed (pagination keeps filters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag(takes_context=True)
def url_back_here(context, name):
    """A link to sign in or register that returns to the current page afterwards
    (not from allauth's own pages, where allauth already carries ``next``, nor from the
    home page, after which new people are better served by onboarding)."""
    url = reverse(name)
    request = context.get("request")
    if request is None or request.path == "/" or request.path.startswith("/accounts/"):
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


@register.filter(is_safe=True)
def sentence_case(text):
    """'Activate Authenticator App' -> 'Activate authenticator app' (allauth's Title Case
    headings and buttons in the portal's sentence case); acronyms such as 'TOTP' stay."""
    words = str(text).strip().split()
    result = []
    for index, word in enumerate(words):
        if word.isupper() and len(word) > 1:
            result.append(word)
        elif index == 0:
            result.append(word[:1].upper() + word[1:].lower())
        else:
            result.append(word.lower())
    return " ".join(result)
