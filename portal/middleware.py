"""Middleware of the portal's own."""

from django.views.defaults import bad_request


class RefuseNulBytesMiddleware:
    """Answer 400 to a request carrying a NUL byte in its path, query string, form
    fields, cookies or headers.

    PostgreSQL cannot store a NUL in text, so such a value would end as a DataError (a
    500) wherever it reached a query: a filter, a form, the session lookup. No browser
    sends one; refusing it once, here, before the session is read, spares every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.carries_nul(request):
            return bad_request(request, exception=None)
        return self.get_response(request)

    @staticmethod
    def carries_nul(request):
        texts = [request.path]
        texts += [value for key, value in request.META.items() if key.startswith("HTTP_")]
        texts += [*request.COOKIES, *request.COOKIES.values()]
        forms = [request.GET]
        if request.method == "POST":
            forms.append(request.POST)  # uploaded file names: Django's parser drops NULs
        for form in forms:
            for key, values in form.lists():
                texts += [key, *values]
        return any("\x00" in text for text in texts if isinstance(text, str))
