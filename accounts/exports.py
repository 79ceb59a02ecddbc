"""Sections other apps add to "Download my data" (``services.user_export``).

Accounts sits below the apps that hold a person's enquiries, opportunities and
feedback, so it cannot import them. Instead each app registers a section from its
``AppConfig.ready()``::

    from accounts.exports import register_export

    register_export("enquiries", enquiries_for_export)

where ``enquiries_for_export(user)`` returns JSON-ready data (lists, dicts, strings,
numbers, booleans, None; dates as ISO strings) about that one user.
"""

from django.core.exceptions import ImproperlyConfigured

_sections = {}

# Written by ``user_export`` itself; a registered section may not replace them.
CORE_SECTIONS = {
    "account",
    "email_addresses",
    "two_factor_authentication",
    "interests",
    "match_alerts",
    "memberships",
    "invitations_sent",
    "invitations_received",
}


def register_export(section, function):
    """Add ``section`` to every person's data download, filled by ``function(user)``.

    Registering the same function again (``ready()`` can run twice) is harmless; a
    second function under a name already taken is a mistake and fails loudly.
    """
    if section in CORE_SECTIONS:
        raise ImproperlyConfigured(f"Export section {section!r} is written by accounts itself.")
    existing = _sections.get(section)
    if existing is not None and existing is not function:
        raise ImproperlyConfigured(f"Export section {section!r} is already registered.")
    _sections[section] = function


def unregister_export(section):
    """Remove a section (for tests that register one of their own)."""
    _sections.pop(section, None)


def registered_exports(user):
    """Every registered section for ``user``, in registration order."""
    return {section: function(user) for section, function in _sections.items()}
