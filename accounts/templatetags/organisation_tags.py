from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def organisation_link(organisation, user):
    """The organisation's name, linked to its profile only when ``user`` may open it.

    Members-only profiles answer 404 to anonymous visitors, so they see the name alone.
    """
    if organisation.is_visible_to(user):
        return format_html(
            '<a href="{}">{}</a>', organisation.get_absolute_url(), organisation.name
        )
    return format_html("{}", organisation.name)
