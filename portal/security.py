"""Response headers and request limits that every page shares (issue 11, item 7).

``RequestBodyLimitMiddleware`` refuses a request whose declared body is larger than any
form needs, before anything reads it; ``SecurityHeadersMiddleware`` adds a
Permissions-Policy to every response and keeps signed-in pages out of every cache.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

# Browser features no page of the portal uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in [
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
)


class RequestBodyLimitMiddleware:
    """Answer 413 to a body over ``REQUEST_BODY_MAX_BYTES`` without reading it.

    Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams any size of
    file upload to disk before a form can refuse it; this stops that at the door. The
    proxy in front sets the same limit (README, "Running it in production"). A body
    without a Content-Length is never read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.REQUEST_BODY_MAX_BYTES:
            return HttpResponse(
                render_to_string(
                    "413.html", {"limit_mb": settings.REQUEST_BODY_MAX_BYTES // (1024 * 1024)}
                ),
                status=413,
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy everywhere; ``Cache-Control: private, no-store`` for signed-in
    visitors, so no shared or browser cache keeps a page meant for one person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
