import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can close the tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """A ``<script type="application/ld+json">`` block: data, never executed, so the CSP
    (script-src 'self') allows it."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.simple_tag
def facet_input_id(facet, choice):
    """A stable id per choice, so htmx keeps focus on it across a swap."""
    return f"{facet.field_id}-{slugify(choice.value) or 'value'}"
