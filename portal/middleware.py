"""Middleware of the portal's own."""

from django.http import QueryDict
from django.views.defaults import bad_request

REPLACEMENT = "\ufffd"


class NulBytesMiddleware:
    """Keep NUL bytes away from PostgreSQL, which cannot store them in text: a value
    carrying one would end as a DataError (a 500) wherever it reached a query.

    - In the query string a NUL becomes U+FFFD, as Django already does with bytes that
      are not UTF-8: a filter reports a value it does not understand, a search finds
      nothing, and the page still answers.
    - A NUL in the path, a form field, a cookie or a header is refused with a 400 before
      anything reads it (the session lookup included). No browser sends one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            query = query.replace("%00", "%EF%BF%BD").replace("\x00", REPLACEMENT)
            request.META["QUERY_STRING"] = query
            request.GET = QueryDict(query, encoding=request.encoding)
        if self.carries_nul(request):
            return bad_request(request, exception=None)
        return self.get_response(request)

    @staticmethod
    def carries_nul(request):
        texts = [request.path]
        texts += [value for key, value in request.META.items() if key.startswith("HTTP_")]
        texts += [*request.COOKIES, *request.COOKIES.values()]
        if request.method == "POST":  # uploaded file names: Django's parser drops NULs
            for key, values in request.POST.lists():
                texts += [key, *values]
        return any("\x00" in text for text in texts if isinstance(text, str))
