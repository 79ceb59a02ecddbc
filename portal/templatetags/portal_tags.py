from django import template
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
