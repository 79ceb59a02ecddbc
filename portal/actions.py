"""Run an action, show a message: the one helper for views that call a service and
redirect (the error convention is in ``portal.services``)."""

from django.contrib import messages
from django.shortcuts import redirect

from portal.services import ServiceError


def run_action(request, action, /, *, success, then, refused=None, **kwargs):
    """Call ``action(**kwargs)`` and redirect, saying how it went.

    ``success`` is the message shown when it is done, or a function of the action's
    result that returns it. A ``ServiceError`` is shown as an error message instead.
    Redirects to ``then`` (anything ``redirect`` takes: a URL or a model), or to
    ``refused`` when given and the action was refused.
    """
    try:
        result = action(**kwargs)
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(refused if refused is not None else then)
    messages.success(request, success(result) if callable(success) else success)
    return redirect(then)
