"""How every app's services say no: the one error convention.

A service (a keyword-only ``<entity>_<action>`` function in an app's ``services.py``)
that refuses what it was asked raises ``ServiceError`` with a sentence the person can
act on ("This invitation has already been answered."), and nothing else: not Django's
``PermissionDenied`` (the view's querysets have already answered 404 to whoever may not
see the object; a service that still meets someone not allowed refuses like any other
rule), not a bare ``ValueError``. A subclass names a refusal that a caller treats
differently (``InvitationRateLimited`` answers 429, ``ConfirmationLinkProblem`` picks
the page to show).

``ServiceError`` is a ``ValidationError``, so a form shows it beside what was typed
(``form.add_error(None, error)``), the admin's actions catch it as they catch any
validation error, and a view that runs an action and shows a message uses
``portal.actions.run_action``.
"""

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A rule of the domain refused the action; the message says why."""

    def __str__(self):
        return " ".join(self.messages)
