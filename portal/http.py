"""Reading requests the same way everywhere: the client's address.

Behind the reverse proxy the README recommends, ``REMOTE_ADDR`` is the proxy's address for
everyone, so per-address limits would become site-wide. ``TRUSTED_PROXY_COUNT`` says how
many proxies of our own stand in front of the portal; each appends the address it saw to
``X-Forwarded-For``, so the client is the entry that many places from the end. Entries
before it were written by the client and are never trusted. With 0 (the default, for a
portal that faces the internet directly) the header is ignored.

Every place that reads a client address uses ``client_ip``: allauth's rate limits (through
the account adapter), the newsletter's rate limit and consent records.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The address of the client that sent ``request``, as a string (or None)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        if len(entries) >= count:
            address = _valid(entries[-count])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", ""))


def _valid(value):
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
