"""Reading what the portal emails, the way a person would."""

import re


def verification_code(message):
    """The code on its own indented line in the verification email."""
    return re.search(r"^ {4}(\S+)\s*$", message.body, re.MULTILINE).group(1)


def link_path(message, prefix):
    """The path of the first link in the email that starts with ``prefix``."""
    return re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]*)", message.body).group(1)
