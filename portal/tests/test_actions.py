"""The one error convention (``portal.services.ServiceError``) and the one helper for
"run an action, show a message" (``portal.actions.run_action``)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from portal.actions import run_action
from portal.services import ServiceError


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def said(request):
    return [(m.level_tag, m.message) for m in get_messages(request)]


def test_a_service_error_is_a_validation_error_whose_text_is_its_message():
    error = ServiceError("This invitation has already been answered.")

    assert isinstance(error, ValidationError)
    assert str(error) == "This invitation has already been answered."
    assert error.messages == ["This invitation has already been answered."]


def test_done_shows_the_success_message_and_redirects(request_):
    def close(*, opportunity):
        return f"closed {opportunity}"

    response = run_action(
        request_,
        close,
        opportunity="x",
        success=lambda result: f"Done: {result}.",
        then="/done/",
        refused="/refused/",
    )

    assert response.status_code == 302 and response.url == "/done/"
    assert said(request_) == [("success", "Done: closed x.")]


def test_refused_shows_the_services_message_and_redirects(request_):
    def close(*, opportunity):
        raise ServiceError("It is already closed.")

    response = run_action(request_, close, opportunity="x", success="Closed.", then="/done/")
    assert response.url == "/done/"
    assert said(request_) == [("error", "It is already closed.")]

    response = run_action(
        request_, close, opportunity="x", success="Closed.", then="/done/", refused="/back/"
    )
    assert response.url == "/back/"


def test_anything_but_a_service_error_is_not_swallowed(request_):
    def broken(**kwargs):
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        run_action(request_, broken, success="Done.", then="/")
    assert said(request_) == []


def test_every_apps_services_refuse_with_service_error_only():
    # The convention (portal/services.py): no second way to say no creeps back in.
    root = Path(settings.BASE_DIR)
    paths = sorted(root.glob("*/services.py"))
    assert len(paths) >= 6
    for path in paths:
        text = path.read_text()
        for other in ("raise ValidationError", "raise PermissionDenied", "raise ValueError"):
            assert other not in text, f"{path.relative_to(root)}: {other}"
