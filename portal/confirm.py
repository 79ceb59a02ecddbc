"""One page that asks once before a destructive action (GOV.UK's "Are you sure" page).

The button that starts a destructive action is a link to this page (a GET, which
changes nothing); the page says what will happen and its button posts to the action's
own address, so it works without JavaScript.
"""

from django.shortcuts import render


def confirm_page(request, *, title, consequences, button, action_url, cancel_url):
    """Render the page that asks once before posting to ``action_url``."""
    return render(
        request,
        "portal/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "button": button,
            "action_url": action_url,
            "cancel_url": cancel_url,
        },
    )
