from django import template

from newsletter.views import account_context

register = template.Library()


@register.inclusion_tag("newsletter/account_settings.html", takes_context=True)
def newsletter_account_settings(context):
    """The newsletter block for account settings: ``{% newsletter_account_settings %}``."""
    request = context["request"]
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        **account_context(request.user, next_url=request.get_full_path()),
    }
