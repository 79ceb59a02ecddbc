"""Browse URLs carry only the filters in use, so shared links stay short.

A filter form submits every field, empty or not (``?q=&kind=&closing=&asset=``). The
``clean_query_string`` decorator answers such a request with the same address without
the empty parameters: a redirect for a plain form submission, and for htmx (which
fetches the results in place) an ``HX-Push-Url`` header, so the address bar shows the
clean URL too.
"""

from functools import wraps

from django.http import HttpResponseRedirect


def clean_url(request):
    """The request's path with its empty query parameters left out."""
    query = request.GET.copy()
    for key in list(query):
        values = [value for value in query.getlist(key) if value.strip()]
        if values:
            query.setlist(key, values)
        else:
            del query[key]
    encoded = query.urlencode()
    return request.path + (f"?{encoded}" if encoded else "")


def has_empty_parameters(request):
    return any(not value.strip() for _key, values in request.GET.lists() for value in values)


def clean_query_string(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or not has_empty_parameters(request):
            return view(request, *args, **kwargs)
        if not request.headers.get("HX-Request"):
            return HttpResponseRedirect(clean_url(request))
        response = view(request, *args, **kwargs)
        response["HX-Push-Url"] = clean_url(request)
        return response

    return wrapper
